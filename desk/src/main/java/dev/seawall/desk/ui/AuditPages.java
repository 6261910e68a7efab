package dev.seawall.desk.ui;

import dev.seawall.desk.api.Params;
import dev.seawall.desk.audit.AuditEntry;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.AuditQuery;
import dev.seawall.desk.audit.Role;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.List;

/** The audit log, newest first. */
public final class AuditPages {
  private final AuditLog log;
  private final Pages pages;

  AuditPages(AuditLog log, Pages pages) {
    this.log = log;
    this.pages = pages;
  }

  public record Model(List<AuditEntry> entries, Long next) {}

  void register() {
    pages.get("/audit", Role.VIEWER, this::page);
  }

  private void page(Context ctx) throws SQLException {
    List<AuditEntry> e = log.list(new AuditQuery(null, null, null, null, null, null, null, Params.optLong(ctx, "before"), false, 101));
    Long next = null;
    if (e.size() > 100) {
      e = e.subList(0, 100);
      next = e.getLast().id();
    }
    pages.render(ctx, "audit.jte", "Audit log", "audit", new Model(e, next));
  }
}
