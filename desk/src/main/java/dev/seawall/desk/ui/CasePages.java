package dev.seawall.desk.ui;

import dev.seawall.desk.api.ApiError;
import dev.seawall.desk.api.Audit;
import dev.seawall.desk.api.Auth;
import dev.seawall.desk.api.Params;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.cases.CaseDetail;
import dev.seawall.desk.cases.CaseFilter;
import dev.seawall.desk.cases.CaseState;
import dev.seawall.desk.cases.CaseView;
import dev.seawall.desk.server.DeskServices;
import dev.seawall.desk.workflow.Desk;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cases: the list, and a case's page with its notices (the originals too), mails and trail, and a handler's actions. */
public final class CasePages {
  private final DeskServices services;
  private final Audit audit;
  private final Pages pages;

  CasePages(DeskServices services, Audit audit, Pages pages) {
    this.services = services;
    this.audit = audit;
    this.pages = pages;
  }

  public record ListModel(boolean configured, List<CaseView> cases, String state, int offset, boolean more) {}

  /** @param originals each notice's original text (first 200 kB), by notice id */
  public record CaseModel(CaseDetail detail, Map<Long, String> originals) {}

  void register() {
    pages.get("/cases", Role.VIEWER, this::list);
    pages.get("/cases/{id}", Role.VIEWER, this::page);
    pages.post("/cases/{id}/note", Role.HANDLER, ctx -> {
      long id = Params.pathLong(ctx, "id");
      desk().cases().note(Auth.principal(ctx).actor(), id, Pages.required(ctx, "text"));
      audit.counted("case.note");
      Pages.done(ctx, "/cases/" + id, "Note added");
    });
    pages.post("/cases/{id}/close", Role.HANDLER, ctx -> {
      long id = Params.pathLong(ctx, "id");
      desk().cases().close(Auth.principal(ctx).actor(), id, Pages.required(ctx, "reason"));
      audit.counted("case.close");
      Pages.done(ctx, "/cases/" + id, "Case closed");
    });
    pages.post("/cases/{id}/reopen", Role.HANDLER, ctx -> {
      long id = Params.pathLong(ctx, "id");
      desk().cases().reopen(Auth.principal(ctx).actor(), id, Pages.required(ctx, "reason"));
      audit.counted("case.reopen");
      Pages.done(ctx, "/cases/" + id, "Case reopened");
    });
    pages.post("/deliveries/{id}/retry", Role.HANDLER, ctx -> {
      long id = Params.pathLong(ctx, "id");
      var d = desk().outbox().retry(Auth.principal(ctx).actor(), id, Pages.optional(ctx, "recipient"), Pages.required(ctx, "reason"));
      audit.counted("delivery.retry");
      Pages.done(ctx, d.caseId() == null ? "/queue" : "/cases/" + d.caseId(), "Mail " + id + " will be sent again");
    });
    pages.post("/deliveries/{id}/cancel", Role.HANDLER, ctx -> {
      long id = Params.pathLong(ctx, "id");
      var d = desk().outbox().cancel(Auth.principal(ctx).actor(), id, Pages.required(ctx, "reason"));
      audit.counted("delivery.cancel");
      Pages.done(ctx, d.caseId() == null ? "/queue" : "/cases/" + d.caseId(), "Mail " + id + " withdrawn");
    });
  }

  private Desk desk() {
    if (services.workflow == null) throw ApiError.workflowMissing();
    return services.workflow;
  }

  private void list(Context ctx) throws SQLException {
    if (services.workflow == null) {
      pages.render(ctx, "cases.jte", "Cases", "cases", new ListModel(false, List.of(), "open", 0, false));
      return;
    }
    String state = ctx.queryParam("state") == null ? "open" : ctx.queryParam("state");
    CaseState s = switch (state) {
      case "open" -> CaseState.OPEN;
      case "closed" -> CaseState.CLOSED;
      case "all" -> null;
      default -> throw ApiError.badRequest("state", "'state' must be open, closed or all");
    };
    Integer off = Params.optInt(ctx, "offset");
    int offset = off == null ? 0 : Math.max(0, off);
    List<CaseView> cases = desk().cases().list(new CaseFilter(s, ctx.queryParam("customer"), Params.bool(ctx, "overdue"), 101, offset));
    boolean more = cases.size() > 100;
    pages.render(ctx, "cases.jte", "Cases", "cases", new ListModel(true, more ? cases.subList(0, 100) : cases, state, offset, more));
  }

  private void page(Context ctx) throws SQLException {
    long id = Params.pathLong(ctx, "id");
    CaseDetail d = desk().cases().find(id).orElseThrow(() -> ApiError.notFound("no case " + id));
    Map<Long, String> originals = new LinkedHashMap<>();
    for (var n : d.notices()) {
      byte[] raw = desk().cases().original(n.noticeId()).orElse(new byte[0]);
      originals.put(n.noticeId(), new String(raw, 0, Math.min(raw.length, NoticePages.SHOWN_BYTES), StandardCharsets.UTF_8));
    }
    pages.render(ctx, "case.jte", "Case " + id, "cases", new CaseModel(d, originals));
  }
}
