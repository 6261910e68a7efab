package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.packet.Bytes;
import dev.seawall.engine.packet.Packet;

/**
 * Compact endpoint lists (BEP 5, 15, 23, 32): each entry is an optional 20-byte node id, then a
 * 4-byte IPv4 or 16-byte IPv6 address and a 2-byte port, big-endian. Entries are learned as
 * BitTorrent peers, except ones that cannot be a peer's listening endpoint (port 0, unspecified,
 * multicast or broadcast addresses): a list may be padded or forged, and learning those would
 * only mark unrelated traffic.
 */
final class CompactPeers {
  private CompactPeers() {}

  static final int V4 = 6;
  static final int V6 = 18;
  static final int NODE_ID = 20;

  /**
   * Learns every entry of {@code b[off..off+len)}, entries of {@code idBytes + addressBytes + 2}.
   * Returns the entries read, or -1 (and learns nothing) when {@code len} is not a whole number of
   * entries.
   */
  static int learn(FlowContext ctx, byte[] b, int off, int len, int idBytes, int endpointBytes) {
    int entry = idBytes + endpointBytes;
    if (len < 0 || off < 0 || off + len > b.length || len % entry != 0) return -1;
    for (int p = off + idBytes; p < off + len; p += entry) learnOne(ctx, b, p, endpointBytes);
    return len / entry;
  }

  /** Learns one endpoint of {@code endpointBytes} (6 or 18) at {@code p}, if it is plausible. */
  static void learnOne(FlowContext ctx, byte[] b, int p, int endpointBytes) {
    if (endpointBytes == V4) {
      long addr = Bytes.u32(b, p);
      int port = Bytes.u16(b, p + 4);
      if (port == 0 || addr == 0 || addr >= 0xE000_0000L) return; // unspecified, multicast, reserved, broadcast
      ctx.learnPeer(0, Packet.V4_MAPPED_PREFIX | addr, port);
    } else if (endpointBytes == V6) {
      long hi = Bytes.i64(b, p);
      long lo = Bytes.i64(b, p + 8);
      int port = Bytes.u16(b, p + 16);
      if (port == 0 || (hi == 0 && (lo == 0 || lo == 1)) || (hi >>> 56) == 0xff) return; // ::, ::1, ff00::/8
      ctx.learnPeer(hi, lo, port);
    }
  }
}
