package dev.seawall.engine.detect;

/** The part of BitTorrent a verdict names. {@link #label()} is the name printed in reports. */
public enum Kind {
  /** Plaintext peer wire on TCP: the BEP 3 handshake, or a chain of messages seen mid-stream. */
  PEER_WIRE("peer-wire"),
  /** Message stream encryption / protocol encryption (MSE/PE) on TCP. */
  MSE("mse"),
  /** uTP (BEP 29) on UDP, whatever it carries. */
  UTP("utp"),
  /** Mainline DHT KRPC (BEP 5). */
  DHT("dht"),
  /** HTTP tracker announce or scrape (BEP 3/23/48). */
  TRACKER_HTTP("tracker-http"),
  /** UDP tracker protocol (BEP 15). */
  TRACKER_UDP("tracker-udp"),
  /** Local service discovery (BEP 14). */
  LSD("lsd"),
  /** A .torrent metainfo file fetched over HTTP. */
  TORRENT_FILE("torrent-file"),
  /** WebTorrent tracker signalling (WebSocket JSON announce, tracker SNI). */
  WEBTORRENT("webtorrent"),
  /** A flow to an endpoint learned from earlier BitTorrent evidence (tracker/DHT/PEX peers). */
  LEARNED_PEER("learned-peer");

  private static final Kind[] VALUES = values();
  private final String label;

  Kind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static Kind of(int ordinal) {
    return VALUES[ordinal];
  }
}
