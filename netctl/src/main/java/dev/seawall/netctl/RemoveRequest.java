package dev.seawall.netctl;

import java.util.Objects;

/** A request to lift a null-route before it expires. */
public record RemoveRequest(Prefix prefix, String reason, String requestedBy, boolean dryRun) {
  public RemoveRequest {
    Objects.requireNonNull(prefix, "prefix");
    if (reason == null || reason.isBlank()) throw new IllegalArgumentException("removing a null-route needs a reason");
    requestedBy = requestedBy == null || requestedBy.isBlank() ? "unknown" : requestedBy;
  }
}
