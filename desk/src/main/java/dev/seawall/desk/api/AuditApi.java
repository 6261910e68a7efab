package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.ADMIN;
import static dev.seawall.desk.audit.Role.VIEWER;

import dev.seawall.desk.audit.AuditEntry;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.AuditQuery;
import dev.seawall.desk.audit.Subject;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** {@code /api/audit}: who did what, when, why, on which notices; and whether the hash chain is intact. */
public final class AuditApi {
  private final AuditLog log;

  public AuditApi(AuditLog log) {
    this.log = log;
  }

  public record EntryView(long id, Instant at, String actor, String role, String action, String subject, String reason,
      List<Long> noticeIds, String detail) {
    static EntryView of(AuditEntry e) {
      return new EntryView(e.id(), e.at(), e.actor(), e.role().label(), e.action(), e.subject().toString(), e.reason(),
          e.noticeIds(), e.detail());
    }
  }

  public void register(ApiRoutes r) {
    r.get("/api/audit", ApiDoc.of("audit", "The audit log, newest first", VIEWER)
        .query("before", "integer", "cursor: the `next` of the previous page")
        .query("limit", "integer", "page size, 1..1000 (default 100)")
        .query("subject", "string", "only entries about this subject, e.g. case:42, customer:acme, notice:7")
        .query("actor", "string", "only entries by this user (tokens: token:NAME)")
        .query("action", "string", "only actions starting with this, e.g. ledger. or order.approve")
        .query("notice", "integer", "only entries resting on this notice")
        .response("AuditPage").errors(400), this::list);
    r.get("/api/audit/verify", ApiDoc.of("audit", "Recompute the audit log's hash chain", ADMIN)
        .response("AuditVerification"), this::verify);
  }

  private void list(Context ctx) throws SQLException {
    int limit = Params.limit(ctx);
    Subject subject = null;
    String s = ctx.queryParam("subject");
    if (s != null) {
      try {
        subject = Subject.parse(s);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("subject", "'subject' must be type:id such as case:42");
      }
    }
    List<AuditEntry> entries = log.list(new AuditQuery(subject, ctx.queryParam("actor"), ctx.queryParam("action"),
        Params.optLong(ctx, "notice"), null, null, null, Params.optLong(ctx, "before"), false, limit + 1));
    Long next = null;
    if (entries.size() > limit) {
      entries = entries.subList(0, limit);
      next = entries.getLast().id();
    }
    ctx.json(new Page<>(entries.stream().map(EntryView::of).toList(), next));
  }

  private void verify(Context ctx) throws SQLException {
    AuditLog.Verification v = log.verify();
    ctx.json(v);
  }
}
