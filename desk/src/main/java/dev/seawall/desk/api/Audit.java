package dev.seawall.desk.api;

import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.Subject;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Records a change the web layer itself makes (notice intake, registry import, null-routes,
 * logins) in the desk's {@link AuditLog}, as the request's principal. Changes made by the workflow
 * services are audited by the services, in their own transaction.
 */
public final class Audit {
  private final AuditLog log;
  private final Consumer<String> counted;

  /** @param counted told every recorded action (the metrics' write counter) */
  public Audit(AuditLog log, Consumer<String> counted) {
    this.log = log;
    this.counted = counted;
  }

  public void record(Context ctx, String action, Subject subject, String reason, Collection<Long> notices, String detail)
      throws SQLException {
    log.append(Auth.principal(ctx).actor(), action, subject, reason, notices == null ? List.of() : notices, detail);
    counted.accept(action);
  }

  public AuditLog log() {
    return log;
  }

  /** A workflow service made a change (it audited it); only counted here. */
  public void counted(String action) {
    counted.accept(action);
  }
}
