package dev.seawall.desk.ui;

import dev.seawall.desk.api.ApiError;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.counter.CounterNotice;
import dev.seawall.desk.server.DeskServices;
import java.util.List;

/** Counter-notices and their restoration timers (recorded through the API; read here). */
public final class CounterNoticePages {
  private final DeskServices services;
  private final Pages pages;

  CounterNoticePages(DeskServices services, Pages pages) {
    this.services = services;
    this.pages = pages;
  }

  public record Model(List<CounterNotice> items) {}

  void register() {
    pages.get("/counter-notices", Role.VIEWER, ctx -> {
      if (services.workflow == null) throw ApiError.workflowMissing();
      pages.render(ctx, "counter-notices.jte", "Counter-notices", "counter", new Model(services.workflow.counterNotices().list(null)));
    });
  }
}
