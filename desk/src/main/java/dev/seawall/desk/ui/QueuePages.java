package dev.seawall.desk.ui;

import dev.seawall.desk.api.EventView;
import dev.seawall.desk.api.NoticeQueries;
import dev.seawall.desk.api.Page;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.server.DeskServices;
import io.javalin.http.Context;
import java.sql.SQLException;

/** The queue: what needs a handler now. */
public final class QueuePages {
  private final DeskServices services;
  private final Pages pages;

  QueuePages(DeskServices services, Pages pages) {
    this.services = services;
    this.pages = pages;
  }

  public record Model(Page<EventView> unmatched) {}

  void register() {
    pages.get("/queue", Role.VIEWER, this::page);
  }

  private void page(Context ctx) throws SQLException {
    Page<EventView> unmatched = services.queries.events(
        new NoticeQueries.EventFilter(null, 50, null, null, "unmatched", null, null, null), services.registryCache.matcher());
    pages.render(ctx, "queue.jte", "Queue", "queue", new Model(unmatched));
  }
}
