package dev.seawall.desk.event;

/** Where the infringement was observed, which decides how an event is matched. */
public enum LocationType {
  /** A peer in a P2P swarm: IP (and port) at a time; matched by address, port and time. */
  P2P_ENDPOINT,
  /** A server reached by IP (FTP, streaming server, the origin host behind a CDN). */
  SERVER_IP,
  /** Web locations only; matched through the domain (CDN zones, hosted sites). */
  URL,
  /** A whole domain named without a URL. */
  DOMAIN
}
