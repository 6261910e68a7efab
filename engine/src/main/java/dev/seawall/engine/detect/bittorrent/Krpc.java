package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.packet.Bytes;

/**
 * The Mainline DHT's KRPC messages (BEP 5, with BEP 42's {@code ip}, BEP 44's {@code get}/{@code
 * put} and BEP 51's {@code sample_infohashes}), checked in place. {@link #check} accepts a
 * datagram only when all of it is one strictly bencoded dictionary ({@link Bencode}) holding:
 *
 * <ul>
 *   <li>{@code t}: a string of 1–32 bytes (the transaction id);
 *   <li>{@code y}: {@code q}, {@code r} or {@code e};
 *   <li>a query: {@code q} one of the seven methods above and {@code a} a dictionary whose {@code
 *       id} is a 20-byte node id, plus the method's own arguments with their sizes ({@code
 *       target}/{@code info_hash} 20 bytes, {@code port} 0–65535, {@code token}, BEP 44's {@code
 *       k} 32 and {@code sig} 64 bytes);
 *   <li>a reply: {@code r} a dictionary with a 20-byte {@code id}; any {@code nodes} (26 bytes
 *       each), {@code nodes6} (38), {@code values} (list of 6- or 18-byte peers), {@code samples}
 *       (20 each) present must have those shapes;
 *   <li>an error: {@code e} a list of exactly a code (200–399: BEP 5 and 44 codes) and a message;
 *   <li>optional {@code v} a string of at most 16 bytes, BEP 42 {@code ip} 6 or 18 bytes.
 * </ul>
 *
 * Other keys are allowed: clients add their own ({@code ro}, libtorrent's {@code bs}, {@code p}).
 */
final class Krpc {
  private Krpc() {}

  /** {@link #check} results. */
  static final int INVALID = -1;
  static final int PING = 0, FIND_NODE = 1, GET_PEERS = 2, ANNOUNCE_PEER = 3, GET = 4, PUT = 5, SAMPLE_INFOHASHES = 6;
  static final int REPLY = 7;
  static final int ERROR = 8;
  /** Bencoded, but not a message this class knows (an unknown method, say): no verdict either way. */
  static final int OTHER = 9;

  static final byte[] T = Bytes.ascii("t");
  static final byte[] Y = Bytes.ascii("y");
  static final byte[] Q = Bytes.ascii("q");
  static final byte[] A = Bytes.ascii("a");
  static final byte[] R = Bytes.ascii("r");
  static final byte[] E = Bytes.ascii("e");
  static final byte[] V = Bytes.ascii("v");
  static final byte[] IP = Bytes.ascii("ip");
  static final byte[] ID = Bytes.ascii("id");
  static final byte[] INFO_HASH = Bytes.ascii("info_hash");
  static final byte[] TARGET = Bytes.ascii("target");
  static final byte[] PORT = Bytes.ascii("port");
  static final byte[] IMPLIED_PORT = Bytes.ascii("implied_port");
  static final byte[] TOKEN = Bytes.ascii("token");
  static final byte[] NODES = Bytes.ascii("nodes");
  static final byte[] NODES6 = Bytes.ascii("nodes6");
  static final byte[] VALUES = Bytes.ascii("values");
  static final byte[] SAMPLES = Bytes.ascii("samples");
  static final byte[] K = Bytes.ascii("k");
  static final byte[] SIG = Bytes.ascii("sig");
  static final byte[] SEQ = Bytes.ascii("seq");
  static final byte[] SALT = Bytes.ascii("salt");

  private static final byte[][] METHODS = {
    Bytes.ascii("ping"), Bytes.ascii("find_node"), Bytes.ascii("get_peers"), Bytes.ascii("announce_peer"),
    Bytes.ascii("get"), Bytes.ascii("put"), Bytes.ascii("sample_infohashes")
  };

  static final int NODE = 26;
  static final int NODE6 = 38;

  /** Whether the datagram could be a KRPC message at all: the cheap first test. */
  static boolean mayBe(byte[] b, int off, int len) {
    return len >= 12 && b[off] == 'd';
  }

  /**
   * What the datagram {@code b[off..off+len)} is: a query method ({@link #PING}..{@link
   * #SAMPLE_INFOHASHES}), {@link #REPLY}, {@link #ERROR}, {@link #OTHER} (strict bencoding, not a
   * known message) or {@link #INVALID} (not bencoding, or a KRPC key of the wrong shape).
   */
  static int check(byte[] b, int off, int len) {
    int end = off + len;
    if (!mayBe(b, off, len) || !Bencode.whole(b, off, end)) return INVALID;
    int t = Bencode.find(b, off, end, T);
    int y = Bencode.find(b, off, end, Y);
    if (t < 0 || y < 0) return OTHER;
    int tLength = Bencode.stringLength(b, t, end);
    if (tLength < 1 || tLength > 32 || Bencode.stringLength(b, y, end) != 1) return INVALID;
    if (!optionalString(b, off, end, V, 0, 16)) return INVALID;
    int ip = Bencode.find(b, off, end, IP);
    if (ip >= 0 && !endpoint(b, ip, end)) return INVALID;
    int kind = b[Bencode.stringStart(b, y, end)];
    return switch (kind) {
      case 'q' -> query(b, off, end);
      case 'r' -> reply(b, off, end);
      case 'e' -> error(b, off, end);
      default -> INVALID;
    };
  }

  private static int query(byte[] b, int dict, int end) {
    int q = Bencode.find(b, dict, end, Q);
    int a = Bencode.find(b, dict, end, A);
    if (q < 0 || !Bencode.isString(b, q, end)) return INVALID;
    if (a < 0 || !Bencode.isDict(b, a, end) || !fixedString(b, a, end, ID, 20)) return INVALID;
    int method = -1;
    for (int i = 0; i < METHODS.length; i++) {
      if (Bencode.stringEquals(b, q, end, METHODS[i])) method = i;
    }
    boolean ok = switch (method) {
      case PING -> true;
      case FIND_NODE, GET, SAMPLE_INFOHASHES -> fixedString(b, a, end, TARGET, 20);
      case GET_PEERS -> fixedString(b, a, end, INFO_HASH, 20);
      case ANNOUNCE_PEER -> fixedString(b, a, end, INFO_HASH, 20) && port(b, a, end)
          && optionalString(b, a, end, TOKEN, 0, 256) && Bencode.find(b, a, end, TOKEN) >= 0;
      case PUT -> Bencode.find(b, a, end, TOKEN) >= 0 && Bencode.find(b, a, end, V) >= 0
          && optionalFixed(b, a, end, K, 32) && optionalFixed(b, a, end, SIG, 64)
          && optionalString(b, a, end, SALT, 0, 64);
      default -> false;
    };
    if (method < 0) return OTHER; // a method this class does not know (extensions exist)
    return ok ? method : INVALID;
  }

  private static int reply(byte[] b, int dict, int end) {
    int r = Bencode.find(b, dict, end, R);
    if (r < 0 || !Bencode.isDict(b, r, end) || !fixedString(b, r, end, ID, 20)) return INVALID;
    if (!multipleOf(b, r, end, NODES, NODE) || !multipleOf(b, r, end, NODES6, NODE6)
        || !multipleOf(b, r, end, SAMPLES, 20)) {
      return INVALID;
    }
    int values = Bencode.find(b, r, end, VALUES);
    if (values >= 0) {
      if (!Bencode.isList(b, values, end)) return INVALID;
      for (int p = values + 1; !Bencode.atEnd(b, p, end); p = Bencode.end(b, p, end)) {
        if (!endpoint(b, p, end)) return INVALID;
      }
    }
    if (!optionalFixed(b, r, end, K, 32) || !optionalFixed(b, r, end, SIG, 64)) return INVALID;
    return REPLY;
  }

  private static int error(byte[] b, int dict, int end) {
    int e = Bencode.find(b, dict, end, E);
    if (e < 0 || !Bencode.isList(b, e, end)) return INVALID;
    int code = e + 1;
    long value = Bencode.integer(b, code, end);
    if (value < 200 || value > 399) return INVALID;
    int message = Bencode.end(b, code, end);
    if (!Bencode.isString(b, message, end)) return INVALID;
    int after = Bencode.end(b, message, end);
    return after >= 0 && after < end && b[after] == 'e' ? ERROR : INVALID;
  }

  /** Whether {@code key} in {@code dict} is a string of exactly {@code length} bytes. */
  static boolean fixedString(byte[] b, int dict, int end, byte[] key, int length) {
    int v = Bencode.find(b, dict, end, key);
    return v >= 0 && Bencode.stringLength(b, v, end) == length;
  }

  private static boolean optionalFixed(byte[] b, int dict, int end, byte[] key, int length) {
    int v = Bencode.find(b, dict, end, key);
    return v < 0 || Bencode.stringLength(b, v, end) == length;
  }

  private static boolean optionalString(byte[] b, int dict, int end, byte[] key, int min, int max) {
    int v = Bencode.find(b, dict, end, key);
    if (v < 0) return true;
    int n = Bencode.stringLength(b, v, end);
    return n >= min && n <= max;
  }

  private static boolean multipleOf(byte[] b, int dict, int end, byte[] key, int entry) {
    int v = Bencode.find(b, dict, end, key);
    if (v < 0) return true;
    int n = Bencode.stringLength(b, v, end);
    return n >= 0 && n % entry == 0;
  }

  private static boolean port(byte[] b, int dict, int end) {
    long port = Bencode.integer(b, Bencode.find(b, dict, end, PORT), end);
    if (port < 0 || port > 65535) return false;
    int implied = Bencode.find(b, dict, end, IMPLIED_PORT);
    return implied < 0 || Bencode.isInteger(b, implied, end);
  }

  /** A compact endpoint: a string of 6 (IPv4) or 18 (IPv6) bytes. */
  private static boolean endpoint(byte[] b, int v, int end) {
    int n = Bencode.stringLength(b, v, end);
    return n == CompactPeers.V4 || n == CompactPeers.V6;
  }
}
