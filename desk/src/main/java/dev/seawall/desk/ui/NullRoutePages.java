package dev.seawall.desk.ui;

import dev.seawall.desk.api.NullRoutesApi;
import dev.seawall.desk.audit.Role;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Null-routes: what is blackholed until when and why; add (rails decide) and lift, as a handler. */
public final class NullRoutePages {
  private final NullRoutesApi api;
  private final Pages pages;

  NullRoutePages(NullRoutesApi api, Pages pages) {
    this.api = api;
    this.pages = pages;
  }

  public record Model(boolean configured, List<NullRoutesApi.RouteView> routes) {}

  void register() {
    pages.get("/nullroutes", Role.VIEWER, ctx -> pages.render(ctx, "nullroutes.jte", "Null-routes", "nullroutes",
        new Model(api.configured(), api.routes())));
    pages.post("/nullroutes", Role.HANDLER, this::add);
    pages.post("/nullroutes/remove", Role.HANDLER, this::remove);
  }

  private void add(Context ctx) throws SQLException {
    String notices = Pages.optional(ctx, "notices");
    String ttl = Pages.optional(ctx, "ttl");
    var c = api.add(ctx, Pages.required(ctx, "address"), Pages.required(ctx, "reason"),
        notices == null ? List.of() : Arrays.stream(notices.split("[,\\s]+")).filter(s -> !s.isBlank()).toList(),
        ttl == null ? null : new dev.seawall.desk.cli.Durations().convert(ttl), ctx.formParam("dryRun") != null);
    Pages.done(ctx, "/nullroutes", c.route().prefix() + ": " + c.outcome() + " until " + c.route().expires());
  }

  private void remove(Context ctx) throws SQLException {
    var c = api.remove(ctx, Pages.required(ctx, "prefix"), Pages.required(ctx, "reason"), false);
    Pages.done(ctx, "/nullroutes", c.route().prefix() + ": " + c.outcome());
  }
}
