package dev.seawall.firewall.verdict;

import dev.seawall.engine.packet.Packet;

/**
 * Builds the TCP reset that tells a blocked packet's receiver the connection is gone, as if the
 * sender had sent it. The kernel's {@code REJECT --reject-with tcp-reset} rule answers the sender
 * (for the blocking packet and any later one); only the other end needs a crafted segment, since
 * the packet it was waiting for was dropped.
 *
 * <p>The reset carries the dropped packet's sequence number: exactly what the receiver expects
 * next, so it is accepted (RFC 5961 in-window check) rather than answered with a challenge ACK.
 */
public final class TcpReset {
  private TcpReset() {}

  public static final int IPV4_LENGTH = 40;
  public static final int IPV6_LENGTH = 60;

  /**
   * Writes an IP+TCP reset from {@code p}'s source to {@code p}'s destination into {@code out}.
   *
   * @return its length, or 0 when no reset is due (not TCP, a SYN the receiver never saw, a
   *     reset already)
   */
  public static int toReceiver(Packet p, byte[] out) {
    if (p.protocol != Packet.TCP || p.srcPort < 0) return 0;
    if ((p.tcpFlags & Packet.TCP_RST) != 0) return 0;
    if ((p.tcpFlags & Packet.TCP_SYN) != 0 && (p.tcpFlags & Packet.TCP_ACK) == 0) return 0;
    boolean v4 = p.ipVersion == 4;
    int ipLen = v4 ? 20 : 40;
    int seq = p.tcpSeq + ((p.tcpFlags & Packet.TCP_SYN) != 0 ? 1 : 0);
    if (v4) {
      out[0] = 0x45;
      out[1] = 0;
      putShort(out, 2, IPV4_LENGTH);
      putShort(out, 4, 0); // id: filled in by the kernel
      putShort(out, 6, 0x4000); // don't fragment
      out[8] = 64;
      out[9] = Packet.TCP;
      putShort(out, 10, 0); // header checksum: filled in by the kernel
      putInt(out, 12, (int) p.srcLo);
      putInt(out, 16, (int) p.dstLo);
    } else {
      putInt(out, 0, 0x60000000);
      putShort(out, 4, 20);
      out[6] = Packet.TCP;
      out[7] = 64;
      putLong(out, 8, p.srcHi);
      putLong(out, 16, p.srcLo);
      putLong(out, 24, p.dstHi);
      putLong(out, 32, p.dstLo);
    }
    int t = ipLen;
    putShort(out, t, p.srcPort);
    putShort(out, t + 2, p.dstPort);
    putInt(out, t + 4, seq);
    putInt(out, t + 8, p.tcpAck);
    out[t + 12] = 0x50; // 5 words, no options
    out[t + 13] = (byte) (0x04 | (p.tcpFlags & Packet.TCP_ACK)); // RST (+ACK when the packet had one)
    putShort(out, t + 14, 0); // window
    putShort(out, t + 16, 0); // checksum below
    putShort(out, t + 18, 0);
    putShort(out, t + 16, tcpChecksum(out, v4, ipLen));
    return ipLen + 20;
  }

  private static int tcpChecksum(byte[] b, boolean v4, int ipLen) {
    long sum = 0;
    if (v4) {
      sum += sum16(b, 12, 8); // source and destination addresses
    } else {
      sum += sum16(b, 8, 32);
    }
    sum += Packet.TCP + 20; // protocol and TCP length
    sum += sum16(b, ipLen, 20);
    while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
    return (int) (~sum & 0xffff);
  }

  private static long sum16(byte[] b, int off, int len) {
    long s = 0;
    for (int i = 0; i < len; i += 2) s += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
    return s;
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

  private static void putLong(byte[] b, int off, long v) {
    putInt(b, off, (int) (v >>> 32));
    putInt(b, off + 4, (int) v);
  }
}
