package dev.seawall.netctl;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** An active null-route: what is blackholed, why, since when and until when. */
public record NullRoute(
    Prefix prefix, String reason, List<String> notices, String requestedBy, Instant added, Instant expires) {

  public NullRoute {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(reason, "reason");
    notices = notices == null ? List.of() : List.copyOf(notices);
    Objects.requireNonNull(added, "added");
    Objects.requireNonNull(expires, "expires");
    if (!expires.isAfter(added)) throw new IllegalArgumentException("expiry " + expires + " is not after " + added);
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expires);
  }
}
