package dev.seawall.desk.audit;

import java.time.Instant;
import java.util.List;

/**
 * One line of the audit log: who ({@code actor}, {@code role}) did what ({@code action}) to what
 * ({@code subject}), when, why, resting on which notices, with any detail (an HTTP status, a
 * message-id, the rail that refused a null-route).
 *
 * @param id   position in the log, 1, 2, 3 … without gaps
 * @param hash SHA-256 over this entry and the previous entry's hash
 */
public record AuditEntry(
    long id, Instant at, String actor, Role role, String action, Subject subject, String reason,
    List<Long> noticeIds, String detail, String prevHash, String hash) {

  public AuditEntry {
    noticeIds = List.copyOf(noticeIds);
  }
}
