package dev.seawall.netctl;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A request to null-route one prefix.
 *
 * @param prefix the address to blackhole; a host route (/32, /128) unless the rails allow wider
 * @param reason why, in words an auditor can read later (required)
 * @param notices ids of the copyright notices (or cases) that led to this request; may be empty
 * @param ttl how long the route stays; {@code null} means the configured default. Never unlimited.
 * @param requestedBy the user or component that asked (for the audit trail)
 * @param dryRun check the rails and report what would happen, change nothing
 */
public record NullRouteRequest(
    Prefix prefix, String reason, List<String> notices, Duration ttl, String requestedBy, boolean dryRun) {

  public NullRouteRequest {
    Objects.requireNonNull(prefix, "prefix");
    if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a null-route needs a reason");
    notices = notices == null ? List.of() : List.copyOf(notices);
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      throw new IllegalArgumentException("ttl must be positive, got " + ttl);
    }
    requestedBy = requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
  }
}
