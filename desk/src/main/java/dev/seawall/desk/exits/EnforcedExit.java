package dev.seawall.desk.exits;

import java.time.Instant;

/**
 * A shared exit (VPN exit pool or SOCKS5 proxy service of the registry) on which Seawall blocks
 * BitTorrent, for a period.
 *
 * @param until    exclusive end, or null while it runs
 * @param enforcer what blocks it, e.g. "seawall firewall (NFQUEUE)" or "seawall proxy"
 */
public record EnforcedExit(long id, String customer, String service, Instant from, Instant until, String enforcer,
    String recordedBy, Instant recordedAt) {

  public boolean activeAt(Instant t) {
    return !t.isBefore(from) && (until == null || t.isBefore(until));
  }
}
