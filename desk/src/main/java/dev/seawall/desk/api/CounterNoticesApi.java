package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.HANDLER;
import static dev.seawall.desk.audit.Role.VIEWER;

import dev.seawall.desk.counter.CounterNotice;
import dev.seawall.desk.counter.CounterNoticeForm;
import dev.seawall.desk.counter.CounterState;
import dev.seawall.desk.workflow.Desk;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /api/counter-notices}: §512(g) counter-notices with their element check and restoration
 * timer (10–14 US business days), and the complainant's court action that cancels restoration.
 */
public final class CounterNoticesApi {
  private static final Set<String> FORM_FIELDS = Set.of("noticeId", "customer", "subscriberName", "address", "phone", "email",
      "material", "priorLocation", "reason", "statement", "signature", "receivedAt");

  private final Desk desk;
  private final Audit audit;
  private final ObjectMapper json;
  private final Clock clock;

  public CounterNoticesApi(Desk desk, Audit audit, ObjectMapper json, Clock clock) {
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
    r.get("/api/counter-notices", ApiDoc.of("counter-notices", "Counter-notices", VIEWER)
        .query("state", "string", "incomplete, scheduled, cancelled_lawsuit or restored").response("CounterNoticeList").errors(400, 503),
        this::list);
    r.get("/api/counter-notices/{id}", ApiDoc.of("counter-notices", "One counter-notice with its timer", VIEWER)
        .path("id", "integer", "counter-notice id").response("CounterNotice").errors(404, 503), this::one);
    r.post("/api/counter-notices", ApiDoc.of("counter-notices", "Record a counter-notice", HANDLER)
        .describe("Complete (every §512(g)(3) element present): the copy to the complainant is queued and restoration is "
            + "scheduled 10 US business days after receipt. Incomplete: recorded with what is missing, no timer.")
        .request("NewCounterNotice").response("CounterNotice").status(201).errors(400, 404, 503), this::submit);
    r.post("/api/counter-notices/{id}/lawsuit", ApiDoc.of("counter-notices", "The complainant filed a court action: no restoration", HANDLER)
        .path("id", "integer", "counter-notice id").request("Lawsuit").response("CounterNotice").errors(400, 404, 409, 503),
        this::lawsuit);
  }

  private void list(Context ctx) throws SQLException {
    String s = ctx.queryParam("state");
    CounterState state = null;
    if (s != null && !s.isBlank()) {
      try {
        state = CounterState.valueOf(s.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("state", "'state' must be incomplete, scheduled, cancelled_lawsuit or restored");
      }
    }
    ctx.json(Map.of("items", desk().counterNotices().list(state)));
  }

  private void one(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    ctx.json(desk().counterNotices().find(id).orElseThrow(() -> ApiError.notFound("no counter-notice " + id)));
  }

  private void submit(Context ctx) throws SQLException {
    Body b = Body.parse(json, ctx.body()).allowOnly(FORM_FIELDS);
    long noticeId = b.longValue("noticeId");
    CounterNoticeForm.Reason reason;
    try {
      reason = CounterNoticeForm.Reason.valueOf(b.string("reason").strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("reason", "'reason' must be IOWN, FAIRUSEFREESPEECH, MISIDENTIFIED or OTHER");
    }
    Instant received = b.optInstant("receivedAt");
    CounterNoticeForm form = new CounterNoticeForm(noticeId, b.optString("customer"), b.optString("subscriberName"),
        b.optString("address"), b.optString("phone"), b.optString("email"), b.optString("material"), b.optString("priorLocation"),
        reason, b.optString("statement"), b.optString("signature"), received != null ? received : clock.instant());
    CounterNotice cn = desk().counterNotices().submit(Auth.principal(ctx).actor(), form);
    audit.counted("counter.submit");
    ctx.status(201).json(cn);
  }

  private void lawsuit(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    Body b = Body.parse(json, ctx.body()).allowOnly(Set.of("court", "caseNumber", "reason"));
    CounterNotice cn = desk().counterNotices().reportLawsuit(Auth.principal(ctx).actor(), id, b.string("court"), b.string("caseNumber"),
        b.string("reason"));
    audit.counted("counter.lawsuit");
    ctx.json(cn);
  }
}
