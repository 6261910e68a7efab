package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.APPROVER;
import static dev.seawall.desk.audit.Role.HANDLER;
import static dev.seawall.desk.audit.Role.VIEWER;

import dev.seawall.desk.orders.CourtOrder;
import dev.seawall.desk.orders.CourtOrderDraft;
import dev.seawall.desk.orders.CourtOrderService;
import dev.seawall.desk.orders.OrderState;
import dev.seawall.desk.orders.PublishedBlocklist;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/orders} and {@code /api/blocklist}: court orders entered by one user and approved by a
 * second (never the one who entered it), and the blocklist the proxy and firewall fetch while
 * orders are in force.
 */
public final class OrdersApi {
  private static final Set<String> DRAFT_FIELDS = Set.of("court", "caseNumber", "title", "jurisdiction", "geoScope", "domains", "urls",
      "ips", "effective", "expires", "reportingDuty", "reportDue", "documentRef");

  private final CourtOrderService orders;
  private final Audit audit;
  private final ObjectMapper json;
  private final Clock clock;

  public OrdersApi(CourtOrderService orders, Audit audit, ObjectMapper json, Clock clock) {
    this.orders = orders;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  public void register(ApiRoutes r) {
    r.get("/api/orders", ApiDoc.of("orders", "Court orders", VIEWER)
        .query("state", "string", "pending_approval, approved, rejected or revoked").response("OrderList").errors(400), this::list);
    r.get("/api/orders/{id}", ApiDoc.of("orders", "One court order", VIEWER).path("id", "integer", "order id").response("Order")
        .errors(404), this::one);
    r.post("/api/orders", ApiDoc.of("orders", "Enter a court order; it waits for a second user's approval", HANDLER)
        .describe("Scope entries are checked one by one (domains, `*.domain` subtrees, URLs, addresses or CIDR prefixes); a bad one "
            + "is refused naming it. `jurisdiction` and `geoScope` are ISO 3166 country codes.")
        .request("NewOrder").response("Order").status(201).errors(400), this::create);
    r.post("/api/orders/{id}/approve", ApiDoc.of("orders", "Approve an order entered by someone else", APPROVER)
        .describe("The user who entered the order cannot approve it (403), whatever their role.")
        .path("id", "integer", "order id").request("OptionalReason").response("Order").errors(400, 404, 409), ctx -> decide(ctx, "approve"));
    r.post("/api/orders/{id}/reject", ApiDoc.of("orders", "Refuse a pending order, with a reason", APPROVER)
        .path("id", "integer", "order id").request("Reason").response("Order").errors(400, 404, 409), ctx -> decide(ctx, "reject"));
    r.post("/api/orders/{id}/revoke", ApiDoc.of("orders", "Withdraw an approved order, with a reason", APPROVER)
        .path("id", "integer", "order id").request("Reason").response("Order").errors(400, 404, 409), ctx -> decide(ctx, "revoke"));
    // public: the enforcement points fetch it without an account, and it holds only what the approved orders (public records) order blocked
    r.get("/api/blocklist", ApiDoc.of("orders", "The blocklist in force (the proxy's and firewall's format)", null)
        .describe("One entry per line (domain, `*.domain`, address, CIDR), `#` comments naming the orders (court, case number, "
            + "dates). Fetched by the proxy and the firewall (`--blocklist URL`) without a token. Carries an ETag; send "
            + "If-None-Match to get 304 when nothing changed.")
        .query("region", "string", "country code: leave out orders geo-scoped elsewhere").response("text/plain").errors(400),
        this::blocklist);
  }

  private void list(Context ctx) throws SQLException {
    String s = ctx.queryParam("state");
    OrderState state = null;
    if (s != null && !s.isBlank()) {
      try {
        state = OrderState.valueOf(s.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_'));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("state", "'state' must be pending_approval, approved, rejected or revoked");
      }
    }
    ctx.json(Map.of("items", orders.list(state)));
  }

  private void one(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    ctx.json(orders.find(id).orElseThrow(() -> ApiError.notFound("no court order " + id)));
  }

  private void create(Context ctx) throws SQLException {
    Body b = Body.parse(json, ctx.body()).allowOnly(DRAFT_FIELDS);
    CourtOrder o = orders.create(Auth.principal(ctx).actor(), draft(b));
    audit.counted("order.create");
    ctx.status(201).json(o);
  }

  /** The draft from a JSON body; missing or malformed fields name themselves. */
  public static CourtOrderDraft draft(Body b) {
    LocalDate due = b.optDate("reportDue");
    if (b.optInstant("effective") == null) throw ApiError.badRequest("effective", "'effective' is required (when the order takes effect)");
    return new CourtOrderDraft(b.string("court"), b.string("caseNumber"), b.optString("title"), b.string("jurisdiction"),
        b.strings("geoScope"), b.strings("domains"), b.strings("urls"), b.strings("ips"), b.optInstant("effective"),
        b.optInstant("expires"), b.optString("reportingDuty"), due, b.optString("documentRef"));
  }

  private void decide(Context ctx, String what) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    String body = ctx.body();
    String reason = body.isBlank() ? null : Body.parse(json, body).allowOnly(Set.of("reason")).optString("reason");
    var actor = Auth.principal(ctx).actor();
    if (!what.equals("approve") && (reason == null || reason.isBlank())) throw ApiError.badRequest("reason", "'reason' is required");
    CourtOrder o = switch (what) {
      case "approve" -> orders.approve(actor, id, reason);
      case "reject" -> orders.reject(actor, id, reason);
      default -> orders.revoke(actor, id, reason);
    };
    audit.counted("order." + what);
    ctx.json(o);
  }

  private void blocklist(Context ctx) throws SQLException {
    PublishedBlocklist list = orders.blocklist(clock.instant(), ctx.queryParam("region"));
    String etag = "\"" + list.etag() + "\"";
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", "no-cache");
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType("text/plain; charset=utf-8").result(list.text());
  }
}
