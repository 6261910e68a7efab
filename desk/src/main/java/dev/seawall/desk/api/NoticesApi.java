package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.HANDLER;
import static dev.seawall.desk.audit.Role.VIEWER;

import dev.seawall.desk.intake.ImportSummary;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.RawNotice;
import dev.seawall.desk.parse.NoticeReader;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.audit.Subject;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code /api/notices} and {@code /api/events}: what came in, and the events read from it with their match. */
public final class NoticesApi {
  private static final Set<String> VERDICTS = Set.of("customer", "shared-exit", "not-ours", "unmatched");
  private static final Set<String> COMPLETENESS = Set.of("COMPLETE", "REPAIRABLE", "INVALID");

  private final NoticeQueries queries;
  private final NoticeStore store;
  private final Importer importer;
  private final RegistryCache registry;
  private final Audit audit;

  public NoticesApi(NoticeQueries queries, NoticeStore store, Importer importer, RegistryCache registry, Audit audit) {
    this.queries = queries;
    this.store = store;
    this.importer = importer;
    this.registry = registry;
    this.audit = audit;
  }

  public void register(ApiRoutes r) {
    r.get("/api/notices", ApiDoc.of("notices", "List notices, newest first", VIEWER)
        .query("before", "integer", "cursor: the `next` of the previous page")
        .query("limit", "integer", "page size, 1..1000 (default 100)")
        .query("sender", "string", "only notices whose sender contains this text")
        .query("completeness", "string", "COMPLETE, REPAIRABLE or INVALID (§512(c)(3))")
        .response("NoticePage"), this::list);
    r.get("/api/notices/{id}", ApiDoc.of("notices", "One notice with its events and their match", VIEWER)
        .path("id", "integer", "notice id").response("Notice").errors(404), this::one);
    r.get("/api/notices/{id}/raw", ApiDoc.of("notices", "The notice exactly as received (the evidence)", VIEWER)
        .path("id", "integer", "notice id").response("application/octet-stream").errors(404), this::raw);
    r.post("/api/notices", ApiDoc.of("notices", "Take in one notice (an e-mail, ACNS XML, X-ARF JSON or text)", HANDLER)
        .describe("The body is the notice's bytes as received. Intake is idempotent: the same notice twice is stored once "
            + "(`stored` false the second time).")
        .request("message/rfc822").response("IntakeResult").status(201).errors(400), this::take);
    r.get("/api/events", ApiDoc.of("events", "List infringement events with who held the address, newest first", VIEWER)
        .query("before", "integer", "cursor: the `next` of the previous page")
        .query("limit", "integer", "page size, 1..1000 (default 100)")
        .query("since", "string", "only events observed at or after this instant (ISO-8601) or date")
        .query("until", "string", "only events observed before this instant or date")
        .query("match", "string", "customer, shared-exit, not-ours or unmatched")
        .query("customer", "string", "only events matched to this customer code")
        .query("notice", "integer", "only events of this notice")
        .query("ip", "string", "only events about this address")
        .response("EventPage"), this::events);
  }

  private void list(Context ctx) throws SQLException {
    String completeness = ctx.queryParam("completeness");
    if (completeness != null) {
      completeness = completeness.toUpperCase(Locale.ROOT);
      if (!COMPLETENESS.contains(completeness)) {
        throw ApiError.badRequest("completeness", "'completeness' must be COMPLETE, REPAIRABLE or INVALID");
      }
    }
    ctx.json(queries.notices(Params.optLong(ctx, "before"), Params.limit(ctx), ctx.queryParam("sender"), completeness));
  }

  private void one(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    ctx.json(queries.notice(id, registry.matcher()).orElseThrow(() -> ApiError.notFound("no notice " + id)));
  }

  private void raw(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    byte[] raw = store.raw(id).orElseThrow(() -> ApiError.notFound("no notice " + id));
    ctx.header("Content-Disposition", "attachment; filename=\"notice-" + id + ".eml\"");
    ctx.contentType("application/octet-stream").result(raw);
  }

  private void take(Context ctx) throws SQLException {
    byte[] bytes = ctx.bodyAsBytes();
    if (bytes.length == 0) throw ApiError.badRequest(null, "the body must hold the notice (an e-mail, XML, JSON or text)");
    String source = "api:" + Auth.principal(ctx).auditName();
    ImportSummary s = importer.run(List.of(new RawNotice(source, bytes)));
    String identity = NoticeReader.identity(bytes);
    NoticeQueries.Stored n = queries.stored(identity)
        .orElseThrow(() -> new SQLException("the notice was stored but cannot be read back (identity " + identity + ")"));
    boolean stored = s.stored() == 1;
    if (stored) audit.record(ctx, "notice.import", Subject.of("notice", n.id()), null, List.of(n.id()), s.events() + " events");
    ctx.status(stored ? 201 : 200).json(new IntakeResult(n.id(), stored, n.events(), s.flagged() > 0,
        s.perFormat().keySet().stream().findFirst().orElse(null)));
  }

  /**
   * What happened to a notice sent to the API.
   *
   * @param flagged whether this intake flagged it (false when it was already stored)
   * @param format the parser family that read it (null when it was already stored)
   */
  public record IntakeResult(long id, boolean stored, long events, boolean flagged, String format) {}

  private void events(Context ctx) throws SQLException {
    String match = ctx.queryParam("match");
    if (match != null && !VERDICTS.contains(match)) {
      throw ApiError.badRequest("match", "'match' must be one of customer, shared-exit, not-ours, unmatched");
    }
    var f = new NoticeQueries.EventFilter(Params.optLong(ctx, "before"), Params.limit(ctx), Params.optInstant(ctx, "since"),
        Params.optInstant(ctx, "until"), match, ctx.queryParam("customer"), Params.optLong(ctx, "notice"), ctx.queryParam("ip"));
    ctx.json(queries.events(f, registry.matcher()));
  }
}
