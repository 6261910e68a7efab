package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.packet.Bytes;

/**
 * Facts of the BitTorrent peer wire protocol (BEP 3, 6, 10, 52), as plain functions over byte
 * ranges, shared by the detectors that meet it on TCP, inside uTP and after an MSE exchange.
 */
public final class PeerWire {
  private PeerWire() {}

  /** The handshake's first 20 bytes: length 19, then the protocol name. */
  static final byte[] PROTOCOL = Bytes.ascii("\u0013BitTorrent protocol");
  static final int HANDSHAKE_LENGTH = 68;
  static final int RESERVED = 20;
  static final int INFOHASH = 28;
  static final int PEER_ID = 48;

  /** Result of {@link #handshake}: the bytes do not start a handshake. */
  static final int NOT_HANDSHAKE = -1;
  /** Result of {@link #handshake}: a prefix of the handshake; more bytes are needed. */
  static final int NEED_MORE = 0;

  /**
   * Whether {@code b[off..off+len)} starts with a handshake: {@link #NOT_HANDSHAKE}, {@link
   * #NEED_MORE} while every byte so far agrees, else the number of handshake bytes present
   * (20..68).
   */
  static int handshake(byte[] b, int off, int len) {
    int n = Math.min(len, PROTOCOL.length);
    for (int i = 0; i < n; i++) {
      if (b[off + i] != PROTOCOL[i]) return NOT_HANDSHAKE;
    }
    return len < PROTOCOL.length ? NEED_MORE : Math.min(len, HANDSHAKE_LENGTH);
  }

  /** BEP 10: reserved byte 5, bit 0x10. */
  static boolean extensionProtocol(byte[] b, int handshakeOff) {
    return (b[handshakeOff + RESERVED + 5] & 0x10) != 0;
  }

  /** BEP 52: reserved byte 7, bit 0x10: the peer supports v2 (hybrid or v2-only torrents). */
  static boolean v2Upgrade(byte[] b, int handshakeOff) {
    return (b[handshakeOff + RESERVED + 7] & 0x10) != 0;
  }

  static String handshakeEvidence(byte[] b, int off, int present) {
    if (present < INFOHASH) return HANDSHAKE_START;
    boolean v2 = v2Upgrade(b, off);
    boolean ext = extensionProtocol(b, off);
    if (v2) return ext ? HANDSHAKE_V2_EXT : HANDSHAKE_V2;
    return ext ? HANDSHAKE_V1_EXT : HANDSHAKE_V1;
  }

  static final String HANDSHAKE_START = "BitTorrent handshake (first 20 bytes)";
  static final String HANDSHAKE_V1 = "BitTorrent handshake, v1";
  static final String HANDSHAKE_V1_EXT = "BitTorrent handshake, v1, BEP 10 extension protocol";
  static final String HANDSHAKE_V2 = "BitTorrent handshake, BEP 52 v2 upgrade bit (hybrid or v2 torrent)";
  static final String HANDSHAKE_V2_EXT =
      "BitTorrent handshake, BEP 52 v2 upgrade bit (hybrid or v2 torrent), BEP 10 extension protocol";

  /** Reports the info-hash and client of a handshake with {@code present} bytes at {@code off}. */
  static void reportHandshake(dev.seawall.engine.detect.FlowContext ctx, byte[] b, int off, int present) {
    if (present >= PEER_ID) ctx.infohash(b, off + INFOHASH);
    if (present >= HANDSHAKE_LENGTH) reportPeerId(ctx, b, off + PEER_ID);
  }

  /**
   * Azureus-style peer ids ("-qB4650-...") name the client in their first 8 bytes; Shadow-style
   * ones ("T03I--...") in fewer. Only printable bytes are kept.
   */
  static void reportPeerId(dev.seawall.engine.detect.FlowContext ctx, byte[] b, int off) {
    int n = 0;
    while (n < 8 && b[off + n] >= 0x20 && b[off + n] < 0x7f) n++;
    if (n >= 3) ctx.clientId(b, off, n);
  }

  /**
   * Checks one peer-wire message header: {@code length} is the 4-byte length prefix, {@code id}
   * the message id (ignored for keep-alives). Returns whether the pair is valid per BEP 3/6/10/52.
   */
  static boolean validMessage(long length, int id) {
    if (length == 0) return true; // keep-alive
    if (length > MAX_MESSAGE) return false;
    return switch (id) {
      case 0, 1, 2, 3, 14, 15 -> length == 1; // choke, unchoke, interested, not interested, have all/none
      case 4, 13, 17 -> length == 5; // have, suggest piece, allowed fast
      case 5 -> length >= 2; // bitfield
      case 6, 8, 16 -> length == 13; // request, cancel, reject request
      case 7 -> length >= 9 && length <= 9 + MAX_BLOCK; // piece
      case 9 -> length == 3; // DHT port
      case 20 -> length >= 2; // extended
      case 21, 23 -> length == 49; // hash request, hash reject
      case 22 -> length >= 49; // hashes
      default -> false;
    };
  }

  /** Largest block a client sends in one piece message (BEP 3 says 2^14; some allow 2^17). */
  static final int MAX_BLOCK = 1 << 17;
  /** No valid message is longer: a piece with the largest block, or a large bitfield. */
  static final long MAX_MESSAGE = 9 + MAX_BLOCK + (1 << 20);
}
