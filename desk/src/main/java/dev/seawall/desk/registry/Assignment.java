package dev.seawall.desk.registry;

import dev.seawall.desk.net.Prefix;
import java.time.Instant;

/**
 * A prefix (or single address) or a CDN zone held by a customer's service for a period. Leases
 * end but stay: a lease that ended last year still answers for last year.
 *
 * @param prefix     the block, or null for a CDN zone
 * @param zone       the zone's domain, or null for a block
 * @param portFrom   first port of a port-range split of a shared address (0 when the whole address)
 * @param validUntil exclusive end, or null while valid
 */
public record Assignment(
    String customer, String service, ServiceKind kind, Prefix prefix, String zone, int portFrom, int portTo,
    String originIp, Instant validFrom, Instant validUntil) {

  public Assignment {
    if ((prefix == null) == (zone == null)) throw new IllegalArgumentException("an assignment is a prefix or a zone");
    if (portFrom < 0 || portTo > 65535 || portFrom > portTo) throw new IllegalArgumentException("port range " + portFrom + "-" + portTo);
    if (validUntil != null && !validUntil.isAfter(validFrom)) {
      throw new IllegalArgumentException("valid_until " + validUntil + " is not after valid_from " + validFrom);
    }
  }

  public String resource() {
    return prefix != null ? prefix.toString() : zone;
  }

  public boolean wholeAddress() {
    return portFrom == 0 && portTo == 65535;
  }

  /** True when the lease overlaps [from, to] (both inclusive). */
  public boolean overlaps(Instant from, Instant to) {
    return !validFrom.isAfter(to) && (validUntil == null || validUntil.isAfter(from));
  }
}
