package dev.seawall.desk.audit;

import java.time.Instant;

/**
 * Which audit entries to list; null fields do not filter. Entries come newest first unless
 * {@code oldestFirst}. {@code beforeId} pages backwards (newest first), {@code afterId} forwards.
 *
 * @param actionPrefix e.g. {@code "ledger."} for every ledger action
 */
public record AuditQuery(
    Subject subject, String actor, String actionPrefix, Long noticeId, Instant from, Instant until,
    Long afterId, Long beforeId, boolean oldestFirst, int limit) {

  public AuditQuery {
    if (limit <= 0 || limit > 10_000) throw new IllegalArgumentException("limit must be 1..10000, not " + limit);
  }

  public static AuditQuery latest(int limit) {
    return new AuditQuery(null, null, null, null, null, null, null, null, false, limit);
  }

  public static AuditQuery about(Subject subject) {
    return new AuditQuery(subject, null, null, null, null, null, null, null, true, 10_000);
  }

  public static AuditQuery aboutNotice(long noticeId) {
    return new AuditQuery(null, null, null, noticeId, null, null, null, null, true, 10_000);
  }
}
