package dev.seawall.engine.packet;

/**
 * Link-layer header types as pcap and pcapng number them (tcpdump.org/linktypes.html). Plain int
 * constants because the decoder switches on them for every packet.
 */
public final class LinkType {
  private LinkType() {}

  /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
  public static final int NULL = 0;
  public static final int ETHERNET = 1;
  public static final int PPP = 9;
  /** Raw IP as some BSDs number it. */
  public static final int RAW_BSD12 = 12;
  /** Raw IP as OpenBSD numbers it. */
  public static final int RAW_BSD14 = 14;
  public static final int PPP_HDLC = 50;
  public static final int PPP_ETHER = 51;
  public static final int RAW = 101;
  public static final int C_HDLC = 104;
  /** OpenBSD loopback: like NULL but the family is big-endian. */
  public static final int LOOP = 108;
  public static final int LINUX_SLL = 113;
  public static final int PPI = 192;
  public static final int IPV4 = 228;
  public static final int IPV6 = 229;
  public static final int LINUX_SLL2 = 276;

  public static String name(int linkType) {
    return switch (linkType) {
      case NULL -> "null";
      case ETHERNET -> "ethernet";
      case PPP -> "ppp";
      case RAW_BSD12, RAW_BSD14, RAW -> "raw";
      case PPP_HDLC -> "ppp-hdlc";
      case PPP_ETHER -> "pppoe";
      case C_HDLC -> "cisco-hdlc";
      case LOOP -> "loop";
      case LINUX_SLL -> "linux-sll";
      case PPI -> "ppi";
      case IPV4 -> "ipv4";
      case IPV6 -> "ipv6";
      case LINUX_SLL2 -> "linux-sll2";
      default -> "linktype-" + linkType;
    };
  }
}
