package dev.seawall.engine.packet;

import static dev.seawall.engine.packet.Bytes.i32;
import static dev.seawall.engine.packet.Bytes.i32le;
import static dev.seawall.engine.packet.Bytes.i64;
import static dev.seawall.engine.packet.Bytes.u16;
import static dev.seawall.engine.packet.Bytes.u16le;
import static dev.seawall.engine.packet.Bytes.u8;

/**
 * Decodes link, network and transport headers in place. Never throws on bad input and never
 * allocates: every outcome is a {@link DecodeStatus}, every field lands in the caller's {@link
 * Packet}. Tunnels (GRE, IP-in-IP, 6in4, VXLAN, GTP-U) are unwrapped so the flow is the inner one,
 * as nDPI reports it.
 *
 * <p>Stateless and thread-safe; fragments are attributed to flows by the flow layer, which keeps
 * the ports of first fragments.
 */
public final class PacketDecoder {
  private static final int MAX_TUNNEL_DEPTH = 4;
  private static final int MAX_VLAN_TAGS = 8;

  private static final int ETH_IPV4 = 0x0800;
  private static final int ETH_IPV6 = 0x86DD;
  private static final int ETH_VLAN = 0x8100;
  private static final int ETH_QINQ = 0x88A8;
  private static final int ETH_QINQ_OLD = 0x9100;
  private static final int ETH_PPPOE_SESSION = 0x8864;
  private static final int ETH_MPLS = 0x8847;
  private static final int ETH_MPLS_MULTICAST = 0x8848;
  private static final int ETH_TRANSPARENT_BRIDGING = 0x6558;
  private static final int ETH_PPP = 0x880B;

  private static final int PPP_IPV4 = 0x0021;
  private static final int PPP_IPV6 = 0x0057;

  private static final int IPPROTO_IPIP = 4;
  private static final int IPPROTO_IPV6 = 41;
  private static final int IPPROTO_GRE = 47;

  private static final int VXLAN_PORT = 4789;
  private static final int GTP_U_PORT = 2152;

  public DecodeStatus decode(byte[] buf, int off, int len, int linkType, Packet p) {
    p.data = buf;
    p.frameOffset = off;
    p.frameLength = len;
    p.linkType = linkType;
    p.clear();
    return link(buf, off, off + len, linkType, p, 0);
  }

  private DecodeStatus link(byte[] b, int off, int end, int linkType, Packet p, int depth) {
    switch (linkType) {
      case LinkType.ETHERNET:
        return ethernet(b, off, end, p, depth);
      case LinkType.RAW, LinkType.RAW_BSD12, LinkType.RAW_BSD14:
        return rawIp(b, off, end, p, depth);
      case LinkType.IPV4:
        return ipv4(b, off, end, p, depth);
      case LinkType.IPV6:
        return ipv6(b, off, end, p, depth);
      case LinkType.NULL, LinkType.LOOP: {
        if (end - off < 4) return DecodeStatus.TRUNCATED_LINK_HEADER;
        // The family is in the capturing host's byte order (NULL) or big-endian (LOOP); a value
        // above 0xffff read one way means the other way is right.
        int family = linkType == LinkType.LOOP ? i32(b, off) : i32le(b, off);
        if ((family & 0xffff0000) != 0) family = Integer.reverseBytes(family);
        return switch (family) {
          case 2 -> ipv4(b, off + 4, end, p, depth);
          case 10, 24, 28, 30 -> ipv6(b, off + 4, end, p, depth); // AF_INET6 on Linux/BSDs/macOS
          default -> DecodeStatus.NOT_IP;
        };
      }
      case LinkType.LINUX_SLL: {
        if (end - off < 16) return DecodeStatus.TRUNCATED_LINK_HEADER;
        return ethertype(b, off + 16, end, u16(b, off + 14), p, depth);
      }
      case LinkType.LINUX_SLL2: {
        if (end - off < 20) return DecodeStatus.TRUNCATED_LINK_HEADER;
        return ethertype(b, off + 20, end, u16(b, off), p, depth);
      }
      case LinkType.PPP, LinkType.PPP_HDLC:
        return ppp(b, off, end, p, depth);
      case LinkType.PPP_ETHER:
        return pppoe(b, off, end, p, depth);
      case LinkType.C_HDLC: {
        if (end - off < 4) return DecodeStatus.TRUNCATED_LINK_HEADER;
        return ethertype(b, off + 4, end, u16(b, off + 2), p, depth);
      }
      case LinkType.PPI: {
        if (end - off < 8 || depth > 0) return DecodeStatus.TRUNCATED_LINK_HEADER;
        int headerLength = u16le(b, off + 2);
        if (headerLength < 8 || headerLength > end - off) return DecodeStatus.TRUNCATED_LINK_HEADER;
        int inner = i32le(b, off + 4);
        if (inner == LinkType.PPI) return DecodeStatus.UNSUPPORTED_LINK_TYPE;
        return link(b, off + headerLength, end, inner, p, depth + 1);
      }
      default:
        return DecodeStatus.UNSUPPORTED_LINK_TYPE;
    }
  }

  private DecodeStatus ethernet(byte[] b, int off, int end, Packet p, int depth) {
    if (end - off < 14) return DecodeStatus.TRUNCATED_LINK_HEADER;
    int type = u16(b, off + 12);
    off += 14;
    if (type < 0x0600) {
      // 802.3 length field: only LLC/SNAP carries an ethertype.
      if (end - off < 8) return DecodeStatus.TRUNCATED_LINK_HEADER;
      if (u8(b, off) != 0xAA || u8(b, off + 1) != 0xAA || u8(b, off + 2) != 0x03) {
        return DecodeStatus.NOT_IP;
      }
      type = u16(b, off + 6);
      off += 8;
    }
    return ethertype(b, off, end, type, p, depth);
  }

  private DecodeStatus ethertype(byte[] b, int off, int end, int type, Packet p, int depth) {
    for (int tags = 0; ; tags++) {
      switch (type) {
        case ETH_IPV4:
          return ipv4(b, off, end, p, depth);
        case ETH_IPV6:
          return ipv6(b, off, end, p, depth);
        case ETH_VLAN, ETH_QINQ, ETH_QINQ_OLD:
          if (tags >= MAX_VLAN_TAGS) return DecodeStatus.TUNNEL_TOO_DEEP;
          if (end - off < 4) return DecodeStatus.TRUNCATED_LINK_HEADER;
          type = u16(b, off + 2);
          off += 4;
          continue;
        case ETH_PPPOE_SESSION:
          return pppoe(b, off, end, p, depth);
        case ETH_MPLS, ETH_MPLS_MULTICAST:
          return mpls(b, off, end, p, depth);
        default:
          return DecodeStatus.NOT_IP;
      }
    }
  }

  private DecodeStatus pppoe(byte[] b, int off, int end, Packet p, int depth) {
    if (end - off < 8) return DecodeStatus.TRUNCATED_LINK_HEADER;
    int protocol = u16(b, off + 6);
    return pppProtocol(b, off + 8, end, protocol, p, depth);
  }

  private DecodeStatus ppp(byte[] b, int off, int end, Packet p, int depth) {
    if (end - off < 2) return DecodeStatus.TRUNCATED_LINK_HEADER;
    int address = u8(b, off);
    if ((address == 0x0F || address == 0x8F) && u8(b, off + 1) == 0x00 && end - off >= 4) {
      // Cisco HDLC framing in a capture labelled PPP (as Wireshark also accepts): an ethertype follows.
      return ethertype(b, off + 4, end, u16(b, off + 2), p, depth);
    }
    if (address == 0xFF && u8(b, off + 1) == 0x03) off += 2; // HDLC address + control
    if (end - off < 1) return DecodeStatus.TRUNCATED_LINK_HEADER;
    // Protocol-field compression: a one-byte protocol has its low bit set.
    if ((u8(b, off) & 1) == 1) return pppProtocol(b, off + 1, end, u8(b, off), p, depth);
    if (end - off < 2) return DecodeStatus.TRUNCATED_LINK_HEADER;
    return pppProtocol(b, off + 2, end, u16(b, off), p, depth);
  }

  private DecodeStatus pppProtocol(byte[] b, int off, int end, int protocol, Packet p, int depth) {
    return switch (protocol) {
      case PPP_IPV4 -> ipv4(b, off, end, p, depth);
      case PPP_IPV6 -> ipv6(b, off, end, p, depth);
      default -> DecodeStatus.NOT_IP;
    };
  }

  private DecodeStatus mpls(byte[] b, int off, int end, Packet p, int depth) {
    for (int labels = 0; labels < MAX_VLAN_TAGS; labels++) {
      if (end - off < 4) return DecodeStatus.TRUNCATED_LINK_HEADER;
      boolean bottom = (u8(b, off + 2) & 1) != 0;
      off += 4;
      if (bottom) return rawIp(b, off, end, p, depth);
    }
    return DecodeStatus.TUNNEL_TOO_DEEP;
  }

  private DecodeStatus rawIp(byte[] b, int off, int end, Packet p, int depth) {
    if (end - off < 1) return DecodeStatus.TRUNCATED_IP_HEADER;
    return switch (u8(b, off) >>> 4) {
      case 4 -> ipv4(b, off, end, p, depth);
      case 6 -> ipv6(b, off, end, p, depth);
      default -> DecodeStatus.NOT_IP;
    };
  }

  private DecodeStatus ipv4(byte[] b, int off, int end, Packet p, int depth) {
    if (end - off < 20) return DecodeStatus.TRUNCATED_IP_HEADER;
    int vihl = u8(b, off);
    if ((vihl >>> 4) != 4) return DecodeStatus.BAD_IP_HEADER;
    int headerLength = (vihl & 0x0f) * 4;
    if (headerLength < 20) return DecodeStatus.BAD_IP_HEADER;
    if (headerLength > end - off) return DecodeStatus.TRUNCATED_IP_HEADER;
    int totalLength = u16(b, off + 2);
    // Zero appears in captures of TSO super-frames; otherwise the frame may carry link padding
    // beyond the datagram, or be cut by the snap length before its end.
    if (totalLength != 0) {
      if (totalLength < headerLength) return DecodeStatus.BAD_IP_HEADER;
      end = Math.min(end, off + totalLength);
    }
    p.ipVersion = 4;
    p.ipOffset = off;
    p.srcHi = 0;
    p.srcLo = Packet.V4_MAPPED_PREFIX | (i32(b, off + 12) & 0xffff_ffffL);
    p.dstHi = 0;
    p.dstLo = Packet.V4_MAPPED_PREFIX | (i32(b, off + 16) & 0xffff_ffffL);
    int protocol = u8(b, off + 9);
    p.protocol = protocol;
    int fragmentField = u16(b, off + 6);
    int fragmentOffset = fragmentField & 0x1fff;
    boolean moreFragments = (fragmentField & 0x2000) != 0;
    if (fragmentOffset != 0 || moreFragments) {
      p.fragment = true;
      p.fragmentId = u16(b, off + 4);
      if (fragmentOffset != 0) {
        p.payloadOffset = off + headerLength;
        p.payloadLength = end - p.payloadOffset;
        return DecodeStatus.FRAGMENT;
      }
      p.firstFragment = true;
    }
    return transport(b, off + headerLength, end, protocol, p, depth);
  }

  private DecodeStatus ipv6(byte[] b, int off, int end, Packet p, int depth) {
    if (end - off < 40) return DecodeStatus.TRUNCATED_IP_HEADER;
    if ((u8(b, off) >>> 4) != 6) return DecodeStatus.BAD_IP_HEADER;
    int payloadLength = u16(b, off + 4);
    if (payloadLength != 0) end = Math.min(end, off + 40 + payloadLength); // 0: jumbogram or TSO
    p.ipVersion = 6;
    p.ipOffset = off;
    p.srcHi = i64(b, off + 8);
    p.srcLo = i64(b, off + 16);
    p.dstHi = i64(b, off + 24);
    p.dstLo = i64(b, off + 32);
    int next = u8(b, off + 6);
    off += 40;
    for (int headers = 0; ; headers++) {
      if (headers > 16) return DecodeStatus.BAD_IP_HEADER;
      switch (next) {
        case 0, 43, 60, 135, 139, 140: { // hop-by-hop, routing, destination, mobility, HIP, shim6
          if (end - off < 8) return DecodeStatus.TRUNCATED_IP_HEADER;
          int length = (u8(b, off + 1) + 1) * 8;
          if (length > end - off) return DecodeStatus.TRUNCATED_IP_HEADER;
          next = u8(b, off);
          off += length;
          continue;
        }
        case 51: { // AH: length in 4-byte units, minus 2
          if (end - off < 8) return DecodeStatus.TRUNCATED_IP_HEADER;
          int length = (u8(b, off + 1) + 2) * 4;
          if (length > end - off) return DecodeStatus.TRUNCATED_IP_HEADER;
          next = u8(b, off);
          off += length;
          continue;
        }
        case 44: { // fragment
          if (end - off < 8) return DecodeStatus.TRUNCATED_IP_HEADER;
          int offsetField = u16(b, off + 2);
          p.fragment = true;
          p.fragmentId = i32(b, off + 4);
          next = u8(b, off);
          off += 8;
          if ((offsetField >>> 3) != 0) {
            p.protocol = next;
            p.payloadOffset = off;
            p.payloadLength = end - off;
            return DecodeStatus.FRAGMENT;
          }
          p.firstFragment = (offsetField & 1) != 0;
          if (!p.firstFragment) p.fragment = false; // atomic fragment: a whole datagram
          continue;
        }
        default:
          p.protocol = next;
          return transport(b, off, end, next, p, depth);
      }
    }
  }

  private DecodeStatus transport(byte[] b, int off, int end, int protocol, Packet p, int depth) {
    switch (protocol) {
      case Packet.TCP: {
        if (end - off < 20) return DecodeStatus.TRUNCATED_TRANSPORT_HEADER;
        int headerLength = (u8(b, off + 12) >>> 4) * 4;
        if (headerLength < 20) return DecodeStatus.BAD_TRANSPORT_HEADER;
        if (headerLength > end - off) return DecodeStatus.TRUNCATED_TRANSPORT_HEADER;
        p.srcPort = u16(b, off);
        p.dstPort = u16(b, off + 2);
        p.tcpSeq = i32(b, off + 4);
        p.tcpAck = i32(b, off + 8);
        p.tcpFlags = u8(b, off + 13);
        p.payloadOffset = off + headerLength;
        p.payloadLength = end - p.payloadOffset;
        return DecodeStatus.OK;
      }
      case Packet.UDP: {
        if (end - off < 8) return DecodeStatus.TRUNCATED_TRANSPORT_HEADER;
        int srcPort = u16(b, off);
        int dstPort = u16(b, off + 2);
        int length = u16(b, off + 4);
        if (length >= 8 && !p.firstFragment) end = Math.min(end, off + length);
        if (depth < MAX_TUNNEL_DEPTH && !p.fragment) {
          DecodeStatus inner = udpTunnel(b, off + 8, end, srcPort, dstPort, p, depth);
          if (inner != null) return inner;
        }
        p.srcPort = srcPort;
        p.dstPort = dstPort;
        p.payloadOffset = off + 8;
        p.payloadLength = end - p.payloadOffset;
        return DecodeStatus.OK;
      }
      case IPPROTO_IPIP:
        if (depth >= MAX_TUNNEL_DEPTH) return DecodeStatus.TUNNEL_TOO_DEEP;
        if (p.fragment) return DecodeStatus.OTHER_TRANSPORT;
        p.tunnelDepth++;
        return ipv4(b, off, end, p, depth + 1);
      case IPPROTO_IPV6:
        if (depth >= MAX_TUNNEL_DEPTH) return DecodeStatus.TUNNEL_TOO_DEEP;
        if (p.fragment) return DecodeStatus.OTHER_TRANSPORT;
        p.tunnelDepth++;
        return ipv6(b, off, end, p, depth + 1);
      case IPPROTO_GRE:
        if (p.fragment) return DecodeStatus.OTHER_TRANSPORT;
        return gre(b, off, end, p, depth);
      default:
        p.payloadOffset = off;
        p.payloadLength = end - off;
        return DecodeStatus.OTHER_TRANSPORT;
    }
  }

  private DecodeStatus gre(byte[] b, int off, int end, Packet p, int depth) {
    if (depth >= MAX_TUNNEL_DEPTH) return DecodeStatus.TUNNEL_TOO_DEEP;
    if (end - off < 4) return DecodeStatus.OTHER_TRANSPORT;
    int flags = u16(b, off);
    int protocol = u16(b, off + 2);
    int version = flags & 7;
    int length = 4;
    if (version == 0) {
      if ((flags & 0x8000) != 0) length += 4; // checksum + reserved
      if ((flags & 0x2000) != 0) length += 4; // key
      if ((flags & 0x1000) != 0) length += 4; // sequence
    } else if (version == 1) { // enhanced GRE (PPTP): key always, optional sequence and ack
      length += 4;
      if ((flags & 0x1000) != 0) length += 4;
      if ((flags & 0x0080) != 0) length += 4;
    } else {
      return DecodeStatus.OTHER_TRANSPORT;
    }
    if (end - off < length) return DecodeStatus.OTHER_TRANSPORT;
    off += length;
    int innerDepth = depth + 1;
    switch (protocol) {
      case ETH_IPV4, ETH_IPV6:
        p.tunnelDepth++;
        return protocol == ETH_IPV4 ? ipv4(b, off, end, p, innerDepth) : ipv6(b, off, end, p, innerDepth);
      case ETH_TRANSPARENT_BRIDGING:
        p.tunnelDepth++;
        return ethernet(b, off, end, p, innerDepth);
      case ETH_PPP:
        if (off >= end) return DecodeStatus.OTHER_TRANSPORT; // PPTP keep-alive without payload
        p.tunnelDepth++;
        return ppp(b, off, end, p, innerDepth);
      default:
        return DecodeStatus.OTHER_TRANSPORT;
    }
  }

  /**
   * VXLAN and GTP-U carry whole frames; unwrap them only when the header is strictly valid, so an
   * ordinary datagram on those ports stays what it is. Returns null when this is not a tunnel.
   */
  private DecodeStatus udpTunnel(byte[] b, int off, int end, int srcPort, int dstPort, Packet p, int depth) {
    if (dstPort == VXLAN_PORT && end - off >= 8 + 14) {
      if (u8(b, off) == 0x08 && u8(b, off + 1) == 0 && u8(b, off + 2) == 0 && u8(b, off + 3) == 0
          && u8(b, off + 7) == 0) {
        // The inner frame may turn out not to be IP: then the datagram is ordinary UDP after all.
        int ipVersion = p.ipVersion, ipOffset = p.ipOffset, protocol = p.protocol;
        long srcHi = p.srcHi, srcLo = p.srcLo, dstHi = p.dstHi, dstLo = p.dstLo;
        p.tunnelDepth++;
        DecodeStatus inner = ethernet(b, off + 8, end, p, depth + 1);
        if (inner == DecodeStatus.OK || inner == DecodeStatus.FRAGMENT) return inner;
        p.tunnelDepth--;
        p.ipVersion = ipVersion;
        p.ipOffset = ipOffset;
        p.protocol = protocol;
        p.srcHi = srcHi;
        p.srcLo = srcLo;
        p.dstHi = dstHi;
        p.dstLo = dstLo;
        p.fragment = false;
        p.firstFragment = false;
        return null;
      }
    }
    if ((dstPort == GTP_U_PORT || srcPort == GTP_U_PORT) && end - off >= 8 + 20) {
      int flags = u8(b, off);
      int type = u8(b, off + 1);
      int length = u16(b, off + 2);
      if ((flags >>> 5) == 1 && (flags & 0x10) != 0 && type == 0xFF && length == end - off - 8) {
        int inner = off + 8;
        if ((flags & 0x07) != 0) {
          inner += 4;
          int extension = (flags & 0x04) != 0 ? u8(b, inner - 1) : 0;
          while (extension != 0) { // extension headers: length in 4-byte units, last byte = next type
            if (inner >= end) return null;
            int units = u8(b, inner);
            if (units == 0) return null;
            inner += units * 4;
            if (inner > end) return null;
            extension = u8(b, inner - 1);
          }
        }
        if (inner >= end) return null;
        int version = u8(b, inner) >>> 4;
        if (version != 4 && version != 6) return null;
        p.tunnelDepth++;
        return version == 4 ? ipv4(b, inner, end, p, depth + 1) : ipv6(b, inner, end, p, depth + 1);
      }
    }
    return null;
  }
}
