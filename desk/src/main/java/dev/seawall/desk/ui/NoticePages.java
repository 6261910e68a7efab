package dev.seawall.desk.ui;

import dev.seawall.desk.api.ApiError;
import dev.seawall.desk.api.NoticeView;
import dev.seawall.desk.api.Page;
import dev.seawall.desk.api.Params;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.server.DeskServices;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/** Notices: the list (newest first, more with htmx) and one notice with the original and its events. */
public final class NoticePages {
  /** How much of the original is shown inline; the whole file is a download. */
  static final int SHOWN_BYTES = 200_000;

  private final DeskServices services;
  private final Pages pages;

  NoticePages(DeskServices services, Pages pages) {
    this.services = services;
    this.pages = pages;
  }

  public record ListModel(Page<NoticeView> page, boolean fragment) {}

  public record NoticeModel(NoticeView notice, String original, boolean truncated) {}

  void register() {
    pages.get("/notices", Role.VIEWER, this::list);
    pages.get("/notices/{id}", Role.VIEWER, this::one);
  }

  private void list(Context ctx) throws SQLException {
    Page<NoticeView> page = services.queries.notices(Params.optLong(ctx, "before"), 50, null, null);
    boolean fragment = ctx.header("HX-Request") != null;
    if (fragment) Templates.page(ctx, "notice-rows.jte", java.util.Map.of("m", new ListModel(page, true)));
    else pages.render(ctx, "notices.jte", "Notices", "notices", new ListModel(page, false));
  }

  private void one(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    NoticeView n = services.queries.notice(id, services.registryCache.matcher())
        .orElseThrow(() -> ApiError.notFound("no notice " + id));
    byte[] raw = services.notices.raw(id).orElse(new byte[0]);
    boolean truncated = raw.length > SHOWN_BYTES;
    String text = new String(raw, 0, Math.min(raw.length, SHOWN_BYTES), StandardCharsets.UTF_8);
    pages.render(ctx, "notice.jte", "Notice " + id, "notices", new NoticeModel(n, text, truncated));
  }
}
