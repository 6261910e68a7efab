package dev.seawall.engine.packet;

/**
 * One decoded packet: offsets into the caller's buffer plus the header fields the flow layer
 * needs. Mutable and reused for every packet so that decoding allocates nothing; valid only
 * until the next {@link PacketDecoder#decode} into it.
 *
 * <p>Addresses are held as two longs each, IPv4 in its IPv4-mapped IPv6 form ({@code
 * ::ffff:a.b.c.d}), so one flow key layout serves both IP versions.
 */
public final class Packet {
  public static final int TCP = 6;
  public static final int UDP = 17;

  public static final int TCP_FIN = 0x01;
  public static final int TCP_SYN = 0x02;
  public static final int TCP_RST = 0x04;
  public static final int TCP_PSH = 0x08;
  public static final int TCP_ACK = 0x10;

  /** High word of an IPv4-mapped address: always zero. Low word: 0x0000ffff_xxxxxxxx. */
  public static final long V4_MAPPED_PREFIX = 0x0000_ffff_0000_0000L;

  // Input as given to the decoder.
  public byte[] data;
  public int frameOffset;
  public int frameLength;
  public int wireLength;
  public long timestampNanos;
  public int linkType;

  // Network layer (the innermost IP header when tunnels are unwrapped).
  public int ipVersion;
  public int ipOffset;
  public long srcHi, srcLo, dstHi, dstLo;
  /** Transport protocol number (6 TCP, 17 UDP, others are counted but not tracked as flows). */
  public int protocol;
  /** Number of tunnel headers (GRE, IP-in-IP, ...) unwrapped to reach this IP header. */
  public int tunnelDepth;

  // Fragmentation: a first fragment carries the transport header, later ones do not.
  public boolean fragment;
  public boolean firstFragment;
  public int fragmentId;

  // Transport layer; ports are -1 when the transport header is absent (later fragments).
  public int srcPort, dstPort;
  public int tcpFlags;
  public int tcpSeq, tcpAck;
  public int payloadOffset;
  public int payloadLength;

  public boolean isTcp() {
    return protocol == TCP;
  }

  public boolean isUdp() {
    return protocol == UDP;
  }

  public boolean hasPorts() {
    return srcPort >= 0;
  }

  public boolean isIpv4() {
    return ipVersion == 4;
  }

  void clear() {
    ipVersion = 0;
    ipOffset = 0;
    srcHi = srcLo = dstHi = dstLo = 0;
    protocol = -1;
    tunnelDepth = 0;
    fragment = false;
    firstFragment = false;
    fragmentId = 0;
    srcPort = dstPort = -1;
    tcpFlags = 0;
    tcpSeq = tcpAck = 0;
    payloadOffset = 0;
    payloadLength = 0;
  }
}
