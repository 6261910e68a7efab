package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.ADMIN;
import static dev.seawall.desk.audit.Role.VIEWER;

import dev.seawall.desk.agents.DesignatedAgent;
import dev.seawall.desk.agents.DesignatedAgents;
import dev.seawall.desk.exits.EnforcedExit;
import dev.seawall.desk.workflow.Desk;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/agents} and {@code /api/exits}: the records the workflow's answers rest on — DMCA
 * designated agents (renewed every three years; reminders go out before) and the shared exits on
 * which Seawall blocks BitTorrent (what the shared-exit acknowledgement says). Admins change them.
 */
public final class OperatorRecordsApi {
  private final Desk desk;
  private final Audit audit;
  private final ObjectMapper json;
  private final Clock clock;

  public OperatorRecordsApi(Desk desk, Audit audit, ObjectMapper json, Clock clock) {
    this.desk = desk;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  private Desk desk() {
    if (desk == null) throw ApiError.workflowMissing();
    return desk;
  }

  public void register(ApiRoutes r) {
    r.get("/api/agents", ApiDoc.of("operator", "Designated agents (§512(c)(2)), with their expiry", VIEWER).response("AgentList")
        .errors(503), ctx -> ctx.json(Map.of("items", desk().agents().list().stream().map(AgentView::of).toList())));
    r.post("/api/agents", ApiDoc.of("operator", "Record a designated agent (the operator's own, or a customer's)", ADMIN)
        .request("AgentRegistration").response("Agent").status(201).errors(400, 503), this::registerAgent);
    r.post("/api/agents/{id}/renew", ApiDoc.of("operator", "Record that a designation was renewed", ADMIN)
        .path("id", "integer", "agent id").request("Renewal").response("Agent").errors(400, 404, 409, 503), this::renew);
    r.post("/api/agents/{id}/retire", ApiDoc.of("operator", "Retire a designation", ADMIN)
        .path("id", "integer", "agent id").request("Reason").response("Agent").errors(400, 404, 409, 503), this::retire);
    r.get("/api/exits", ApiDoc.of("operator", "Shared exits on which Seawall blocks BitTorrent", VIEWER).response("ExitList")
        .errors(503), ctx -> ctx.json(Map.of("items", desk().exits().list())));
    r.post("/api/exits", ApiDoc.of("operator", "Record that Seawall enforcement runs on a shared exit from a time", ADMIN)
        .request("ExitDeclaration").response("Exit").status(201).errors(400, 404, 503), this::declareExit);
    r.post("/api/exits/{id}/end", ApiDoc.of("operator", "Record that enforcement on an exit ended", ADMIN)
        .path("id", "integer", "exit record id").request("ExitEnd").response("Exit").errors(400, 404, 409, 503), this::endExit);
  }

  /** An agent with its expiry written out (three years after it was last filed). */
  public record AgentView(long id, String entity, String customer, String agentName, String email, String address, String phone,
      String registrationNumber, LocalDate registeredOn, LocalDate renewedOn, LocalDate expires, boolean active) {
    static AgentView of(DesignatedAgent a) {
      return new AgentView(a.id(), a.entity(), a.customer(), a.agentName(), a.email(), a.address(), a.phone(),
          a.registrationNumber(), a.registeredOn(), a.renewedOn(), a.expires(), a.active());
    }
  }

  private void registerAgent(Context ctx) throws SQLException {
    Body b = Body.parse(json, ctx.body()).allowOnly(Set.of("entity", "customer", "agentName", "email", "address", "phone",
        "registrationNumber", "registeredOn", "reason"));
    LocalDate on = b.optDate("registeredOn");
    if (on == null) throw ApiError.badRequest("registeredOn", "'registeredOn' is required (the date filed with the Copyright Office)");
    DesignatedAgent a = desk().agents().register(Auth.principal(ctx).actor(), new DesignatedAgents.Registration(b.string("entity"),
        b.optString("customer"), b.string("agentName"), b.string("email"), b.optString("address"), b.optString("phone"),
        b.optString("registrationNumber"), on), b.optString("reason"));
    audit.counted("agent.register");
    ctx.status(201).json(AgentView.of(a));
  }

  private void renew(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    Body b = Body.parse(json, ctx.body()).allowOnly(Set.of("renewedOn", "reason"));
    LocalDate on = b.optDate("renewedOn");
    DesignatedAgent a = desk().agents().renew(Auth.principal(ctx).actor(), id,
        on != null ? on : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), b.optString("reason"));
    audit.counted("agent.renew");
    ctx.json(AgentView.of(a));
  }

  private void retire(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    String reason = Body.parse(json, ctx.body()).allowOnly(Set.of("reason")).string("reason");
    DesignatedAgent a = desk().agents().retire(Auth.principal(ctx).actor(), id, reason);
    audit.counted("agent.retire");
    ctx.json(AgentView.of(a));
  }

  private void declareExit(Context ctx) throws SQLException {
    Body b = Body.parse(json, ctx.body()).allowOnly(Set.of("customer", "service", "from", "enforcer", "reason"));
    Instant from = b.optInstant("from");
    EnforcedExit e = desk().exits().declare(Auth.principal(ctx).actor(), b.string("customer"), b.string("service"),
        from != null ? from : clock.instant(), b.string("enforcer"), b.optString("reason"));
    audit.counted("exit.declare");
    ctx.status(201).json(e);
  }

  private void endExit(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    Body b = Body.parse(json, ctx.body()).allowOnly(Set.of("until", "reason"));
    Instant until = b.optInstant("until");
    EnforcedExit e = desk().exits().end(Auth.principal(ctx).actor(), id, until != null ? until : clock.instant(), b.string("reason"));
    audit.counted("exit.end");
    ctx.json(e);
  }
}
