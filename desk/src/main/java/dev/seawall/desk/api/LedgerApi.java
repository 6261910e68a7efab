package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.APPROVER;
import static dev.seawall.desk.audit.Role.HANDLER;
import static dev.seawall.desk.audit.Role.VIEWER;

import dev.seawall.desk.ledger.LedgerAction;
import dev.seawall.desk.ledger.Party;
import dev.seawall.desk.ledger.PartyStatus;
import dev.seawall.desk.ledger.Strike;
import dev.seawall.desk.workflow.Desk;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/ledger}: the repeat-infringer ledger (§512(i)): the published policy, each party's
 * standing, strikes and actions; the few things people may do (record an acknowledgement, say which
 * subscriber a strike was, lift a suspension, reinstate a terminated account — with a reason).
 */
public final class LedgerApi {
  private final Desk desk;
  private final Audit audit;
  private final ObjectMapper json;

  public LedgerApi(Desk desk, Audit audit, ObjectMapper json) {
    this.desk = desk;
    this.audit = audit;
    this.json = json;
  }

  public record PartyPage(PartyStatus status, List<Strike> strikes, List<LedgerAction> actions) {}

  private Desk desk() {
    if (desk == null) throw ApiError.workflowMissing();
    return desk;
  }

  public void register(ApiRoutes r) {
    r.get("/api/ledger/policy", ApiDoc.of("ledger", "The repeat-infringer policy in force (thresholds, windows, actions)", VIEWER)
        .response("Policy").errors(503), ctx -> ctx.json(desk().ledger().policy()));
    r.get("/api/ledger", ApiDoc.of("ledger", "Parties with strikes or actions, most recent strike first", VIEWER)
        .query("limit", "integer", "1..1000 (default 100)").response("PartyList").errors(400, 503),
        ctx -> ctx.json(Map.of("items", desk().ledger().parties(Params.limit(ctx)))));
    r.get("/api/ledger/{customer}", ApiDoc.of("ledger", "A party's standing, strikes (expired ones too) and actions", VIEWER)
        .path("customer", "string", "customer code").query("subscriber", "string", "one subscriber of the customer")
        .response("PartyPage").errors(404, 503), this::party);
    r.post("/api/ledger/{customer}/acknowledge", ApiDoc.of("ledger", "Record that the party acknowledged the policy", HANDLER)
        .path("customer", "string", "customer code").request("PartyChange").response("PartyStatus").errors(400, 404, 409, 503),
        ctx -> change(ctx, "acknowledge"));
    r.post("/api/ledger/{customer}/lift-suspension", ApiDoc.of("ledger", "End a suspension early; the strikes stay", APPROVER)
        .path("customer", "string", "customer code").request("PartyChange").response("PartyStatus").errors(400, 404, 409, 503),
        ctx -> change(ctx, "lift-suspension"));
    r.post("/api/ledger/{customer}/reinstate", ApiDoc.of("ledger", "Reinstate a terminated party; the strikes stay", APPROVER)
        .path("customer", "string", "customer code").request("PartyChange").response("PartyStatus").errors(400, 404, 409, 503),
        ctx -> change(ctx, "reinstate"));
    r.post("/api/ledger/strikes/{id}/subscriber", ApiDoc.of("ledger", "Say which subscriber of the customer a strike was", HANDLER)
        .path("id", "integer", "strike id").request("Attribution").response("Strike").errors(400, 404, 409, 503), this::attribute);
  }

  private void party(Context ctx) throws SQLException {
    Party p = new Party(ctx.pathParam("customer"), ctx.queryParam("subscriber"));
    PartyStatus s = desk().ledger().status(p);
    List<Strike> strikes = desk().ledger().strikes(p, true);
    List<LedgerAction> actions = desk().ledger().actions(p);
    if (s.totalStrikes() == 0 && actions.isEmpty() && (desk.database() == null || !customerExists(p.customer()))) {
      throw ApiError.notFound("no customer '" + p.customer() + "' in the registry or the ledger");
    }
    ctx.json(new PartyPage(s, strikes, actions));
  }

  private boolean customerExists(String code) throws SQLException {
    try (var c = desk.database().connect(); var ps = c.prepareStatement("SELECT 1 FROM customer WHERE code = ?")) {
      ps.setString(1, code);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private void change(Context ctx, String what) throws SQLException {
    Body b = Body.parse(json, ctx.body()).allowOnly(Set.of("subscriber", "reason"));
    Party p = new Party(ctx.pathParam("customer"), b.optString("subscriber"));
    String reason = b.string("reason");
    var actor = Auth.principal(ctx).actor();
    PartyStatus s = switch (what) {
      case "acknowledge" -> desk().ledger().acknowledge(actor, p, reason);
      case "lift-suspension" -> desk().ledger().liftSuspension(actor, p, reason);
      default -> desk().ledger().reinstate(actor, p, reason);
    };
    audit.counted("ledger." + what);
    ctx.json(s);
  }

  private void attribute(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    Body b = Body.parse(json, ctx.body()).allowOnly(Set.of("subscriber", "reason"));
    Strike s = desk().ledger().attributeSubscriber(Auth.principal(ctx).actor(), id, b.string("subscriber"), b.string("reason"));
    audit.counted("ledger.attribute");
    ctx.json(s);
  }
}
