package dev.seawall.desk.ui;

import dev.seawall.desk.api.EventView;
import dev.seawall.desk.api.NoticeQueries;
import dev.seawall.desk.api.Page;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.cases.CaseFilter;
import dev.seawall.desk.cases.CaseState;
import dev.seawall.desk.cases.CaseView;
import dev.seawall.desk.forward.Delivery;
import dev.seawall.desk.server.DeskServices;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;

/**
 * The queue: what needs a handler now — cases whose forward is past its SLA, mails that failed,
 * the newest open cases. Without a workflow: the events no customer could be matched to.
 */
public final class QueuePages {
  private final DeskServices services;
  private final Pages pages;

  QueuePages(DeskServices services, Pages pages) {
    this.services = services;
    this.pages = pages;
  }

  public record Model(boolean workflow, List<CaseView> overdue, List<Delivery> overdueMail, List<CaseView> open,
      Page<EventView> unmatched) {}

  void register() {
    pages.get("/queue", Role.VIEWER, this::page);
  }

  private void page(Context ctx) throws SQLException {
    if (services.workflow == null) {
      Page<EventView> unmatched = services.queries.events(
          new NoticeQueries.EventFilter(null, 50, null, null, "unmatched", null, null, null), services.registryCache.matcher());
      pages.render(ctx, "queue.jte", "Queue", "queue", new Model(false, List.of(), List.of(), List.of(), unmatched));
      return;
    }
    var cases = services.workflow.cases();
    List<CaseView> overdue = cases.list(new CaseFilter(CaseState.OPEN, null, true, 100, 0));
    List<CaseView> open = cases.list(new CaseFilter(CaseState.OPEN, null, false, 50, 0));
    List<Delivery> late = services.workflow.outbox().overdue(services.clock.instant());
    pages.render(ctx, "queue.jte", "Queue", "queue", new Model(true, overdue, late, open, new Page<>(List.of(), null)));
  }
}
