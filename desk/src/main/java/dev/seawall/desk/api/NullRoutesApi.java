package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.HANDLER;
import static dev.seawall.desk.audit.Role.VIEWER;

import dev.seawall.netctl.AddResult;
import dev.seawall.netctl.NullRoute;
import dev.seawall.netctl.NullRouteRequest;
import dev.seawall.netctl.NullRouteService;
import dev.seawall.netctl.Prefix;
import dev.seawall.netctl.RemoveRequest;
import dev.seawall.netctl.RemoveResult;
import dev.seawall.desk.audit.Subject;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/nullroutes}: list, add and lift null-routes through netctl's service, whose rails
 * (own ranges, never-blackhole list, host routes only, cap, expiry) decide; a refusal names the rail.
 */
public final class NullRoutesApi {
  private final NullRouteService service; // null when the desk has no nullroute-config
  private final Audit audit;
  private final ObjectMapper json;

  public NullRoutesApi(NullRouteService service, Audit audit, ObjectMapper json) {
    this.service = service;
    this.audit = audit;
    this.json = json;
  }

  public record RouteView(String prefix, String reason, List<String> notices, String requestedBy, Instant added, Instant expires) {
    static RouteView of(NullRoute r) {
      return new RouteView(r.prefix().toString(), r.reason(), r.notices(), r.requestedBy(), r.added(), r.expires());
    }
  }

  /** @param outcome announced, extended, would-announce (dry run), withdrawn, would-withdraw */
  public record RouteChange(String outcome, RouteView route) {}

  public void register(ApiRoutes r) {
    r.get("/api/nullroutes", ApiDoc.of("nullroutes", "Active null-routes", VIEWER).response("NullRouteList").errors(503),
        this::list);
    r.post("/api/nullroutes", ApiDoc.of("nullroutes", "Null-route an address (BGP RTBH or kernel blackhole, per netctl's configuration)", HANDLER)
        .describe("The rails may refuse (409, the message names the rail): only own ranges, never the never-blackhole list "
            + "(infrastructure, resolvers, shared VPN exits, BGP peers), host routes unless allowed, a cap on routes, a "
            + "maximum ttl. Every route expires. `dryRun` checks and changes nothing.")
        .request("NullRouteRequest").response("NullRouteChange").status(201).errors(400, 409, 502, 503), this::add);
    r.delete("/api/nullroutes/{address}", ApiDoc.of("nullroutes", "Lift a null-route before it expires", HANDLER)
        .path("address", "string", "the blackholed address (a host route)")
        .requiredQuery("reason", "string", "why it is lifted (kept in the audit log)")
        .query("length", "integer", "prefix length when the route is wider than a host route")
        .query("dryRun", "boolean", "report what would be withdrawn, change nothing")
        .response("NullRouteChange").errors(400, 404, 502, 503), this::remove);
  }

  private NullRouteService service() {
    if (service == null) throw ApiError.unavailable("null-routing is not configured on this desk (nullroute-config)");
    return service;
  }

  private void list(Context ctx) {
    ctx.json(Map.of("items", service().list().stream().map(RouteView::of).toList()));
  }

  private void add(Context ctx) throws SQLException {
    Body b = Body.parse(json, ctx.body()).allowOnly(Set.of("address", "reason", "notices", "ttl", "dryRun"));
    RouteChange c = add(ctx, b.string("address"), b.string("reason"), b.strings("notices"), b.optDuration("ttl"),
        b.bool("dryRun", false));
    ctx.status(c.outcome().equals("announced") ? 201 : 200).json(c);
  }

  /** Adds (or extends, or checks with a dry run) a null-route for the request's principal; audited. */
  public RouteChange add(Context ctx, String address, String reason, List<String> notices, Duration ttl, boolean dryRun)
      throws SQLException {
    Prefix p = prefix("address", address);
    if (reason == null || reason.isBlank()) throw ApiError.badRequest("reason", "'reason' is required");
    NullRouteRequest req = new NullRouteRequest(p, reason, notices, ttl, "desk:" + Auth.principal(ctx).auditName(), dryRun);
    return switch (service().add(req)) {
      case AddResult.Announced a -> {
        audit.record(ctx, a.extended() ? "nullroute.extend" : "nullroute.add", Subject.of("nullroute", p), reason,
            noticeIds(a.route()), "until " + a.route().expires());
        yield new RouteChange(a.extended() ? "extended" : "announced", RouteView.of(a.route()));
      }
      case AddResult.WouldAnnounce w -> new RouteChange("would-announce", RouteView.of(w.route()));
      case AddResult.Refused x -> throw ApiError.conflict("address", x.message());
      case AddResult.Failed f -> throw ApiError.badGateway(f.message());
    };
  }

  private void remove(Context ctx) throws SQLException {
    String addr = ctx.pathParam("address");
    Integer length = Params.optInt(ctx, "length");
    ctx.json(remove(ctx, length == null ? addr : addr + "/" + length, ctx.queryParam("reason"), Params.bool(ctx, "dryRun")));
  }

  /** Lifts a null-route for the request's principal; audited. */
  public RouteChange remove(Context ctx, String prefix, String reason, boolean dryRun) throws SQLException {
    Prefix p = prefix("address", prefix);
    if (reason == null || reason.isBlank()) throw ApiError.badRequest("reason", "'reason' is required");
    return switch (service().remove(new RemoveRequest(p, reason, "desk:" + Auth.principal(ctx).auditName(), dryRun))) {
      case RemoveResult.Withdrawn w -> {
        audit.record(ctx, "nullroute.remove", Subject.of("nullroute", p), reason, noticeIds(w.route()),
            "was: " + w.route().reason());
        yield new RouteChange("withdrawn", RouteView.of(w.route()));
      }
      case RemoveResult.WouldWithdraw w -> new RouteChange("would-withdraw", RouteView.of(w.route()));
      case RemoveResult.NotActive n -> throw ApiError.notFound("no active null-route for " + p);
      case RemoveResult.Failed f -> throw ApiError.badGateway(f.message());
    };
  }

  /** Active routes, or an empty list with {@code configured} false. */
  public List<RouteView> routes() {
    return service == null ? List.of() : service.list().stream().map(RouteView::of).toList();
  }

  public boolean configured() {
    return service != null;
  }

  /** The route's notice references that are desk notice ids (netctl also takes free-form references). */
  private static List<Long> noticeIds(NullRoute r) {
    List<Long> ids = new ArrayList<>();
    for (String n : r.notices()) {
      String digits = n.startsWith("notice-") ? n.substring(7) : n;
      if (digits.matches("\\d{1,18}")) ids.add(Long.parseLong(digits));
    }
    return ids;
  }

  private static Prefix prefix(String field, String text) {
    try {
      return Prefix.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(field, "'" + text + "' is not an address or prefix: " + e.getMessage());
    }
  }
}
