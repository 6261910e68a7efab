package dev.seawall.desk.registry;

import java.util.Locale;

/** What an address or zone is used for; decides what a match means. */
public enum ServiceKind {
  /** A server or block used by one customer: the customer is answerable. */
  DEDICATED,
  /** An exit address shared by many VPN users: no user is attributable (no logs). */
  VPN_EXIT_POOL,
  /** A SOCKS5 proxy exit shared by many users: no user is attributable. */
  SOCKS5_PROXY,
  /** A domain served through our CDN: the customer owns the zone, the origin IP is the host. */
  CDN_ZONE;

  public boolean shared() {
    return this == VPN_EXIT_POOL || this == SOCKS5_PROXY;
  }

  /** Reads the spellings a CSV may use: "dedicated", "vpn-exit", "socks5", "cdn-zone", enum names. */
  public static ServiceKind parse(String s) {
    String k = s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    return switch (k) {
      case "dedicated", "server", "dedicated-server", "vps", "hosting", "block", "reseller-block" -> DEDICATED;
      case "vpn", "vpn-exit", "vpn-exit-pool", "exit-pool", "shared-exit" -> VPN_EXIT_POOL;
      case "socks", "socks5", "socks5-proxy", "proxy" -> SOCKS5_PROXY;
      case "cdn", "cdn-zone", "zone" -> CDN_ZONE;
      default -> throw new IllegalArgumentException("unknown service kind '" + s
          + "' (dedicated, vpn-exit, socks5, cdn-zone)");
    };
  }
}
