package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.HANDLER;
import static dev.seawall.desk.audit.Role.VIEWER;

import dev.seawall.desk.cases.CaseDetail;
import dev.seawall.desk.cases.CaseFilter;
import dev.seawall.desk.cases.CaseNotice;
import dev.seawall.desk.cases.CaseState;
import dev.seawall.desk.cases.CaseView;
import dev.seawall.desk.forward.Delivery;
import dev.seawall.desk.workflow.Desk;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/cases} and {@code /api/deliveries}: the notices grouped per customer service, what was
 * sent for them and when, and the handler's actions (note, close, reopen, retry or cancel a mail).
 * The workflow's services check the role again and write the audit line with the change.
 */
public final class CasesApi {
  private final Desk desk;
  private final Audit audit;
  private final ObjectMapper json;
  private final Clock clock;

  public CasesApi(Desk desk, Audit audit, ObjectMapper json, Clock clock) {
    this.desk = desk;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  public record CaseList(List<CaseView> items, Integer nextOffset) {}

  public record CaseDetailView(CaseView view, List<CaseNotice> notices, List<Delivery> deliveries, List<AuditApi.EntryView> trail) {
    static CaseDetailView of(CaseDetail d) {
      return new CaseDetailView(d.view(), d.notices(), d.deliveries(), d.trail().stream().map(AuditApi.EntryView::of).toList());
    }
  }

  private Desk desk() {
    if (desk == null) throw ApiError.workflowMissing();
    return desk;
  }

  public void register(ApiRoutes r) {
    r.get("/api/cases", ApiDoc.of("cases", "List cases, latest notice first", VIEWER)
        .query("state", "string", "open or closed").query("customer", "string", "customer code")
        .query("overdue", "boolean", "only cases with a forward past its SLA")
        .query("limit", "integer", "page size, 1..1000 (default 100)").query("offset", "integer", "skip this many")
        .response("CaseList").errors(400, 503), this::list);
    r.get("/api/cases/{id}", ApiDoc.of("cases", "A case: its notices and events, every mail sent for it, its audit trail", VIEWER)
        .path("id", "integer", "case id").response("CaseDetail").errors(404, 503), this::one);
    r.post("/api/cases/{id}/close", ApiDoc.of("cases", "Close an open case", HANDLER).path("id", "integer", "case id")
        .request("Reason").response("Case").errors(400, 404, 409, 503), ctx -> change(ctx, "close"));
    r.post("/api/cases/{id}/reopen", ApiDoc.of("cases", "Reopen a closed case (none other open for the service)", HANDLER)
        .path("id", "integer", "case id").request("Reason").response("Case").errors(400, 404, 409, 503), ctx -> change(ctx, "reopen"));
    r.post("/api/cases/{id}/notes", ApiDoc.of("cases", "Add a note to the case's trail", HANDLER).path("id", "integer", "case id")
        .request("Note").response("CaseDetail").status(201).errors(400, 404, 503), this::note);
    r.get("/api/deliveries/overdue", ApiDoc.of("cases", "Forwards not delivered by their SLA deadline", VIEWER)
        .response("DeliveryList").errors(503), ctx -> ctx.json(Map.of("items", desk().outbox().overdue(clock.instant()))));
    r.post("/api/deliveries/{id}/retry", ApiDoc.of("cases", "Send a failed or pending mail again now, optionally to a corrected address", HANDLER)
        .path("id", "integer", "delivery id").request("Retry").response("Delivery").errors(400, 404, 409, 503), this::retry);
    r.post("/api/deliveries/{id}/cancel", ApiDoc.of("cases", "Withdraw a pending mail", HANDLER)
        .path("id", "integer", "delivery id").request("Reason").response("Delivery").errors(400, 404, 409, 503), this::cancel);
  }

  private void list(Context ctx) throws SQLException {
    String s = ctx.queryParam("state");
    CaseState state = null;
    if (s != null && !s.isBlank()) {
      try {
        state = CaseState.valueOf(s.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("state", "'state' must be open or closed");
      }
    }
    int limit = Params.limit(ctx);
    Integer off = Params.optInt(ctx, "offset");
    int offset = off == null ? 0 : off;
    if (offset < 0) throw ApiError.badRequest("offset", "'offset' must not be negative");
    List<CaseView> cases = desk().cases().list(new CaseFilter(state, ctx.queryParam("customer"), Params.bool(ctx, "overdue"),
        limit + 1, offset));
    Integer next = cases.size() > limit ? offset + limit : null;
    ctx.json(new CaseList(cases.size() > limit ? cases.subList(0, limit) : cases, next));
  }

  private void one(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    ctx.json(CaseDetailView.of(desk().cases().find(id).orElseThrow(() -> ApiError.notFound("no case " + id))));
  }

  private void change(Context ctx, String what) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    String reason = Body.parse(json, ctx.body()).allowOnly(Set.of("reason")).string("reason");
    var actor = Auth.principal(ctx).actor();
    CaseView v = what.equals("close") ? desk().cases().close(actor, id, reason) : desk().cases().reopen(actor, id, reason);
    audit.counted("case." + what);
    ctx.json(v);
  }

  private void note(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    String text = Body.parse(json, ctx.body()).allowOnly(Set.of("text")).string("text");
    desk().cases().note(Auth.principal(ctx).actor(), id, text);
    audit.counted("case.note");
    ctx.status(201).json(CaseDetailView.of(desk().cases().find(id).orElseThrow()));
  }

  private void retry(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    Body b = Body.parse(json, ctx.body()).allowOnly(Set.of("recipient", "reason"));
    Delivery d = desk().outbox().retry(Auth.principal(ctx).actor(), id, b.optString("recipient"), b.string("reason"));
    audit.counted("delivery.retry");
    ctx.json(d);
  }

  private void cancel(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    String reason = Body.parse(json, ctx.body()).allowOnly(Set.of("reason")).string("reason");
    Delivery d = desk().outbox().cancel(Auth.principal(ctx).actor(), id, reason);
    audit.counted("delivery.cancel");
    ctx.json(d);
  }
}
