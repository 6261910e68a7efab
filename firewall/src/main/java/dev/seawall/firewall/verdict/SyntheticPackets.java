package dev.seawall.firewall.verdict;

/**
 * Builds IPv4 TCP/UDP packets (header checksums included) for the warm-up and for tests.
 * Addresses are IPv4 as ints.
 */
public final class SyntheticPackets {
  private SyntheticPackets() {}

  public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

  /** Writes an IPv4 TCP packet into {@code out}; returns its length. */
  public static int tcp(byte[] out, int src, int sport, int dst, int dport, int seq, int ack, int flags, byte[] payload) {
    int pl = payload == null ? 0 : payload.length;
    int len = 20 + 20 + pl;
    ipv4(out, len, 6, src, dst);
    int t = 20;
    putShort(out, t, sport);
    putShort(out, t + 2, dport);
    putInt(out, t + 4, seq);
    putInt(out, t + 8, ack);
    out[t + 12] = 0x50;
    out[t + 13] = (byte) flags;
    putShort(out, t + 14, 65535);
    putShort(out, t + 16, 0);
    putShort(out, t + 18, 0);
    if (pl > 0) System.arraycopy(payload, 0, out, 40, pl);
    putShort(out, t + 16, l4Checksum(out, 6, t, 20 + pl));
    return len;
  }

  /** Writes an IPv6 TCP packet between fd00::{@code src} and fd00::{@code dst}; returns its length. */
  public static int tcp6(byte[] out, int src, int sport, int dst, int dport, int seq, int ack, int flags, byte[] payload) {
    int pl = payload == null ? 0 : payload.length;
    java.util.Arrays.fill(out, 0, 40, (byte) 0);
    out[0] = 0x60;
    putShort(out, 4, 20 + pl);
    out[6] = 6;
    out[7] = 64;
    out[8] = (byte) 0xfd;
    putInt(out, 20, src);
    out[24] = (byte) 0xfd;
    putInt(out, 36, dst);
    int t = 40;
    putShort(out, t, sport);
    putShort(out, t + 2, dport);
    putInt(out, t + 4, seq);
    putInt(out, t + 8, ack);
    out[t + 12] = 0x50;
    out[t + 13] = (byte) flags;
    putShort(out, t + 14, 65535);
    putShort(out, t + 16, 0);
    putShort(out, t + 18, 0);
    if (pl > 0) System.arraycopy(payload, 0, out, 60, pl);
    long sum = 0;
    for (int i = 8; i < 40; i += 2) sum += ((out[i] & 0xff) << 8) | (out[i + 1] & 0xff);
    sum += 6 + 20 + pl;
    for (int i = 0; i + 1 < 20 + pl; i += 2) sum += ((out[t + i] & 0xff) << 8) | (out[t + i + 1] & 0xff);
    if (((20 + pl) & 1) != 0) sum += (out[t + 20 + pl - 1] & 0xff) << 8;
    putShort(out, t + 16, fold(sum));
    return 60 + pl;
  }

  /** Writes an IPv4 UDP packet into {@code out}; returns its length. */
  public static int udp(byte[] out, int src, int sport, int dst, int dport, byte[] payload) {
    int len = 20 + 8 + payload.length;
    ipv4(out, len, 17, src, dst);
    putShort(out, 20, sport);
    putShort(out, 22, dport);
    putShort(out, 24, 8 + payload.length);
    putShort(out, 26, 0);
    System.arraycopy(payload, 0, out, 28, payload.length);
    putShort(out, 26, l4Checksum(out, 17, 20, 8 + payload.length));
    return len;
  }

  private static void ipv4(byte[] out, int totalLength, int protocol, int src, int dst) {
    out[0] = 0x45;
    out[1] = 0;
    putShort(out, 2, totalLength);
    putShort(out, 4, 0);
    putShort(out, 6, 0x4000);
    out[8] = 64;
    out[9] = (byte) protocol;
    putShort(out, 10, 0);
    putInt(out, 12, src);
    putInt(out, 16, dst);
    long sum = 0;
    for (int i = 0; i < 20; i += 2) sum += ((out[i] & 0xff) << 8) | (out[i + 1] & 0xff);
    putShort(out, 10, fold(sum));
  }

  private static int l4Checksum(byte[] b, int protocol, int off, int len) {
    long sum = 0;
    for (int i = 12; i < 20; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    sum += protocol + len;
    for (int i = 0; i + 1 < len; i += 2) sum += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
    if ((len & 1) != 0) sum += (b[off + len - 1] & 0xff) << 8;
    return fold(sum);
  }

  private static int fold(long sum) {
    while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
    return (int) (~sum & 0xffff);
  }

  private static void putShort(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  private static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
