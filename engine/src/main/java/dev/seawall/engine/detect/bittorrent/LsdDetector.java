package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.packet.Addresses;
import dev.seawall.engine.packet.Bytes;
import java.util.Arrays;

/**
 * Local Service Discovery (BEP 14): a peer multicasts {@code BT-SEARCH * HTTP/1.1} to
 * 239.192.152.143:6771 or [ff15::efc0:988f]:6771 with headers {@code Host} (that group),
 * {@code Port} (where it listens for peers), one or more {@code Infohash} (40 hex digits each) and
 * an optional {@code cookie}, ended by an empty line. Each datagram is one whole announcement, so
 * one that parses completely, with the group in {@code Host}, is the protocol. The flow's
 * responder is the group address; the sender's address with the announced port is learned as a
 * peer, and later announcements in the flow are read for more info-hashes.
 */
final class LsdDetector implements Detector {
  static final String IPV4 = "LSD BT-SEARCH announcement (BEP 14) for the IPv4 group 239.192.152.143:6771";
  static final String IPV6 = "LSD BT-SEARCH announcement (BEP 14) for the IPv6 group [ff15::efc0:988f]:6771";

  private static final byte[] REQUEST_LINE = Bytes.ascii("BT-SEARCH * HTTP/1.1");
  private static final byte[] HOST = Bytes.ascii("host");
  private static final byte[] PORT = Bytes.ascii("port");
  private static final byte[] INFOHASH = Bytes.ascii("infohash");
  private static final byte[] GROUP4 = Bytes.ascii("239.192.152.143:6771");
  private static final byte[] GROUP6 = Bytes.ascii("[ff15::efc0:988f]:6771");
  private static final int MAX_INFOHASHES = 64;

  private boolean[] decided;
  private final byte[] hash = new byte[20];

  LsdDetector(int capacity) {
    decided = new boolean[capacity];
  }

  @Override
  public void growTo(int flows) {
    decided = Arrays.copyOf(decided, flows);
  }

  @Override
  public String name() {
    return "lsd";
  }

  @Override
  public boolean tcp() {
    return false;
  }

  @Override
  public boolean udp() {
    return true;
  }

  @Override
  public boolean mayOpenWith(int direction, int firstByte) {
    return firstByte == REQUEST_LINE[0];
  }

  @Override
  public void onDatagram(FlowContext ctx, byte[] b, int off, int len) {
    int f = ctx.flow();
    if (ctx.newFlow()) {
      // Announcements go to a multicast group, never to a host: most UDP flows end here, unread.
      if (!Addresses.isMulticast(ctx.responderHi(), ctx.responderLo())) {
        ctx.reject();
        return;
      }
      decided[f] = false;
    }
    int end = off + len;
    int group = parse(b, off, end);
    if (group == 0) {
      if (!decided[f]) ctx.reject();
      return;
    }
    // Valid: report what it names (a second pass, now that the whole datagram is known good).
    int p = off + REQUEST_LINE.length;
    p = nextLine(b, p, end);
    while (p < end) {
      int lineEnd = lineEnd(b, p, end);
      if (lineEnd == p) break;
      int colon = indexOf(b, p, lineEnd, (byte) ':');
      int value = skipSpaces(b, colon + 1, lineEnd);
      int valueEnd = trimEnd(b, value, lineEnd);
      if (nameIs(b, p, colon, INFOHASH)) {
        for (int i = 0; i < 20; i++) {
          hash[i] = (byte) (Character.digit(b[value + 2 * i], 16) << 4 | Character.digit(b[value + 2 * i + 1], 16));
        }
        ctx.infohash(hash, 0);
      } else if (nameIs(b, p, colon, PORT)) {
        int port = decimal(b, value, valueEnd);
        if (ctx.fromInitiator()) ctx.learnPeer(ctx.initiatorHi(), ctx.initiatorLo(), port);
        else ctx.learnPeer(ctx.responderHi(), ctx.responderLo(), port);
      }
      p = nextLine(b, p, end);
    }
    if (!decided[f]) {
      decided[f] = true;
      ctx.matchAndHarvest(Kind.LSD, Confidence.SIGNATURE, group == 4 ? IPV4 : IPV6);
    }
  }

  /**
   * Checks a whole announcement: returns 4 or 6 for the group named in {@code Host}, 0 when the
   * datagram is not a complete, valid BT-SEARCH.
   */
  static int parse(byte[] b, int off, int end) {
    if (!Bytes.startsWith(b, off, end, REQUEST_LINE)) return 0;
    int p = off + REQUEST_LINE.length;
    if (lineEnd(b, p, end) != p) return 0; // the request line ends right there
    p = nextLine(b, p, end);
    int group = 0, port = 0, hashes = 0;
    while (true) {
      if (p >= end) return 0; // no empty line: incomplete
      int lineEnd = lineEnd(b, p, end);
      if (lineEnd < 0) return 0;
      if (lineEnd == p) break; // the empty line ends the headers
      int colon = indexOf(b, p, lineEnd, (byte) ':');
      if (colon <= p || !token(b, p, colon)) return 0;
      int value = skipSpaces(b, colon + 1, lineEnd);
      int valueEnd = trimEnd(b, value, lineEnd);
      if (nameIs(b, p, colon, HOST)) {
        if (group != 0) return 0;
        if (equalsIgnoreCase(b, value, valueEnd, GROUP4)) group = 4;
        else if (equalsIgnoreCase(b, value, valueEnd, GROUP6)) group = 6;
        else return 0;
      } else if (nameIs(b, p, colon, PORT)) {
        if (port != 0) return 0;
        port = decimal(b, value, valueEnd);
        if (port <= 0) return 0;
      } else if (nameIs(b, p, colon, INFOHASH)) {
        if (valueEnd - value != 40 || !hex(b, value, valueEnd) || ++hashes > MAX_INFOHASHES) return 0;
      }
      p = nextLine(b, p, end);
    }
    // After the empty line only more line ends may follow (clients send one or two).
    for (int i = nextLine(b, p, end); i < end; i++) {
      if (b[i] != '\r' && b[i] != '\n') return 0;
    }
    return port > 0 && hashes > 0 ? group : 0;
  }

  /** End of the line starting at {@code p} (its CR or LF), or -1 if it does not end in range. */
  private static int lineEnd(byte[] b, int p, int end) {
    for (int i = p; i < end; i++) {
      if (b[i] == '\r' || b[i] == '\n') return i;
      if (b[i] == 0) return -1;
    }
    return -1;
  }

  /** Start of the line after the one at {@code p} ({@code end} if none). */
  private static int nextLine(byte[] b, int p, int end) {
    int e = lineEnd(b, p, end);
    if (e < 0) return end;
    if (b[e] == '\r' && e + 1 < end && b[e + 1] == '\n') return e + 2;
    return e + 1;
  }

  private static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) if (b[i] == c) return i;
    return -1;
  }

  private static int skipSpaces(byte[] b, int p, int to) {
    while (p < to && (b[p] == ' ' || b[p] == '\t')) p++;
    return p;
  }

  private static int trimEnd(byte[] b, int from, int to) {
    while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) to--;
    return to;
  }

  private static boolean token(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      int c = b[i];
      if (c <= ' ' || c >= 0x7f) return false;
    }
    return true;
  }

  private static boolean nameIs(byte[] b, int from, int to, byte[] lowerName) {
    return equalsIgnoreCase(b, from, to, lowerName);
  }

  private static boolean equalsIgnoreCase(byte[] b, int from, int to, byte[] lower) {
    if (to - from != lower.length) return false;
    for (int i = 0; i < lower.length; i++) {
      int c = b[from + i];
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
      int l = lower[i];
      if (l >= 'A' && l <= 'Z') l += 'a' - 'A';
      if (c != l) return false;
    }
    return true;
  }

  private static boolean hex(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) if (Character.digit(b[i], 16) < 0) return false;
    return true;
  }

  private static int decimal(byte[] b, int from, int to) {
    if (to <= from || to - from > 5 || (b[from] == '0')) return -1;
    int v = 0;
    for (int i = from; i < to; i++) {
      if (b[i] < '0' || b[i] > '9') return -1;
      v = v * 10 + (b[i] - '0');
    }
    return v <= 65535 ? v : -1;
  }
}
