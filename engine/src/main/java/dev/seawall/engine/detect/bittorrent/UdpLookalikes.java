package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.packet.Bytes;

/**
 * Other UDP protocols whose datagrams can resemble a uTP header, recognised by their own
 * structure so that the uTP detector rejects them outright (the false positives other engines
 * have shipped: nDPI's Teredo, CAPWAP and RTP/GTP cases, Xray's DNS-as-SYN). Each test is the
 * other protocol's own invariant, never a port number.
 *
 * <p>Some of them cannot pass {@link UtpHeader#payloadStart} anyway (RTP's version 2 makes the
 * first byte 0x80 or more, DTLS records start 0x14–0x19, Teredo's indicators 0x00, QUIC long
 * headers 0xC0 or more); they are listed so the rejection is explicit and tested. The others can:
 * a DNS message whose id starts 0x41 or 0x01, WireGuard's and CAPWAP-DTLS's 0x01 000000, STUN
 * with type 0x01xx. Short-header QUIC (0x40–0x7F), DTLS 1.3 ciphertext (0x20–0x3F) and game
 * heartbeats have no invariant to test here; the uTP conversation checks reject them.
 */
final class UdpLookalikes {
  private UdpLookalikes() {}

  static final int NONE = 0, STUN = 1, DTLS = 2, RTP = 3, QUIC = 4, DNS = 5, WIREGUARD = 6, TEREDO = 7, CAPWAP = 8;

  private static final int STUN_COOKIE = 0x2112A442;

  /** Which look-alike the datagram is, or {@link #NONE}. */
  static int identify(byte[] b, int off, int len) {
    if (stun(b, off, len)) return STUN;
    if (dtls(b, off, len)) return DTLS;
    if (rtp(b, off, len)) return RTP;
    if (quicLongHeader(b, off, len)) return QUIC;
    if (wireGuard(b, off, len)) return WIREGUARD;
    if (capwap(b, off, len)) return CAPWAP;
    if (teredo(b, off, len)) return TEREDO;
    if (dns(b, off, len)) return DNS;
    return NONE;
  }

  /** RFC 5389/8489 (magic cookie) and RFC 3489 (no cookie): type with top bits 00, body length = rest, 4-aligned. */
  static boolean stun(byte[] b, int off, int len) {
    if (len < 20 || (b[off] & 0xc0) != 0) return false;
    int length = Bytes.u16(b, off + 2);
    if (length != len - 20 || (length & 3) != 0) return false;
    if (Bytes.i32(b, off + 4) == STUN_COOKIE) return true;
    int type = Bytes.u16(b, off);
    return type == 0x0001 || type == 0x0101 || type == 0x0111 || type == 0x0002 || type == 0x0102 || type == 0x0112;
  }

  /** DTLS 1.0–1.2 record: content type 20–25, version 0xFEFF/0xFEFD/0xFEFC, length within the datagram. */
  static boolean dtls(byte[] b, int off, int len) {
    return dtlsAt(b, off, len);
  }

  private static boolean dtlsAt(byte[] b, int off, int len) {
    if (len < 13) return false;
    int type = b[off] & 0xff;
    int major = b[off + 1] & 0xff, minor = b[off + 2] & 0xff;
    return type >= 20 && type <= 25 && major == 0xfe && (minor == 0xff || minor == 0xfd || minor == 0xfc)
        && Bytes.u16(b, off + 11) <= len - 13;
  }

  /** RTP and RTCP (RFC 3550): version 2 in the top two bits. */
  static boolean rtp(byte[] b, int off, int len) {
    return len >= 12 && (b[off] & 0xc0) == 0x80;
  }

  /** QUIC long header (RFC 9000/9369): header form and fixed bit set, a known version, connection id of at most 20. */
  static boolean quicLongHeader(byte[] b, int off, int len) {
    if (len < 7 || (b[off] & 0xc0) != 0xc0) return false;
    int version = Bytes.i32(b, off + 1);
    boolean known = version == 1 || version == 0x6b3343cf || version == 0 || (version & 0xffffff00) == 0xff000000
        || (version & 0x0f0f0f0f) == 0x0a0a0a0a; // v1, v2, version negotiation, drafts, greased
    return known && (b[off + 5] & 0xff) <= 20;
  }

  /** WireGuard: message type 1–4, three reserved zero bytes, and the type's fixed size (transport: 16-aligned). */
  static boolean wireGuard(byte[] b, int off, int len) {
    if (len < 32 || b[off + 1] != 0 || b[off + 2] != 0 || b[off + 3] != 0) return false;
    return switch (b[off]) {
      case 1 -> len == 148;
      case 2 -> len == 92;
      case 3 -> len == 64;
      case 4 -> (len & 15) == 0;
      default -> false;
    };
  }

  /** CAPWAP (RFC 5415) DTLS header: preamble version 0, type 1, three reserved zero bytes, then a DTLS record. */
  static boolean capwap(byte[] b, int off, int len) {
    return len >= 4 + 13 && b[off] == 1 && b[off + 1] == 0 && b[off + 2] == 0 && b[off + 3] == 0
        && dtlsAt(b, off + 4, len - 4);
  }

  /**
   * Teredo (RFC 4380): an IPv6 packet (version 6, payload length = the rest), possibly after an
   * authentication indicator (0x0001) or an origin indication (0x0000, 8 bytes).
   */
  static boolean teredo(byte[] b, int off, int len) {
    int p = off;
    int end = off + len;
    if (len >= 4 && b[p] == 0 && b[p + 1] == 1) { // authentication: id length, auth length, 8 nonce, 1 confirmation
      int header = 4 + (b[p + 2] & 0xff) + (b[p + 3] & 0xff) + 9;
      p += header;
    }
    if (p + 8 <= end && b[p] == 0 && b[p + 1] == 0) p += 8; // origin indication
    return p + 40 <= end && (b[p] & 0xf0) == 0x60 && Bytes.u16(b, p + 4) == end - p - 40;
  }

  /**
   * DNS (RFC 1035): opcode 0–5, one to a few questions, the first question's name made of labels
   * of at most 63 bytes ending in the root, then type and a known class, all inside the datagram.
   */
  static boolean dns(byte[] b, int off, int len) {
    if (len < 17) return false;
    int opcode = (b[off + 2] >>> 3) & 0x0f;
    int questions = Bytes.u16(b, off + 4);
    if (opcode > 5 || opcode == 3 || questions == 0 || questions > 4) return false;
    int p = off + 12;
    int end = off + len;
    int nameBytes = 0;
    while (true) {
      if (p >= end) return false;
      int label = b[p] & 0xff;
      if (label == 0) {
        p++;
        break;
      }
      if (label > 63) return false;
      nameBytes += label + 1;
      if (nameBytes > 255) return false;
      p += label + 1;
    }
    if (p + 4 > end) return false;
    int qclass = Bytes.u16(b, p + 2) & 0x7fff; // mDNS sets the top bit (unicast response)
    return qclass == 1 || qclass == 3 || qclass == 4 || qclass == 255 || qclass == 254;
  }
}
