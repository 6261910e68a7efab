package dev.seawall.engine.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Builds frames byte by byte for tests: layers are written outermost first, lengths are filled in
 * when {@link #build()} is called. Checksums are left zero (the decoder does not check them).
 */
public final class Frames {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  /** Offsets of length fields to patch: {offset, kind} kind 4 = IPv4 total, 6 = IPv6 payload, 17 = UDP. */
  private final java.util.List<int[]> patches = new java.util.ArrayList<>();

  public static Frames frame() {
    return new Frames();
  }

  public Frames bytes(int... values) {
    for (int v : values) out.write(v);
    return this;
  }

  public Frames bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  public Frames u16(int v) {
    return bytes(v >>> 8, v);
  }

  public Frames u32(long v) {
    return bytes((int) (v >>> 24), (int) (v >>> 16), (int) (v >>> 8), (int) v);
  }

  public Frames ascii(String s) {
    for (int i = 0; i < s.length(); i++) out.write(s.charAt(i));
    return this;
  }

  public Frames ethernet(int ethertype) {
    bytes(2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2);
    return u16(ethertype);
  }

  public Frames vlan(int id, int innerType) {
    return u16(id & 0x0fff).u16(innerType);
  }

  public Frames ipv4(String src, String dst, int protocol) {
    return ipv4(src, dst, protocol, 0, 0, new byte[0]);
  }

  /** IPv4 header with fragment id, flags+offset field and options (padded to 4 bytes by caller). */
  public Frames ipv4(String src, String dst, int protocol, int id, int flagsAndOffset, byte[] options) {
    int ihl = 5 + options.length / 4;
    patches.add(new int[] {out.size(), 4});
    bytes(0x40 | ihl, 0);
    u16(0); // total length, patched
    u16(id);
    u16(flagsAndOffset);
    bytes(64, protocol);
    u16(0);
    bytes(addr(src));
    bytes(addr(dst));
    bytes(options);
    return this;
  }

  public Frames ipv6(String src, String dst, int nextHeader) {
    patches.add(new int[] {out.size(), 6});
    bytes(0x60, 0, 0, 0);
    u16(0); // payload length, patched
    bytes(nextHeader, 64);
    bytes(addr(src));
    bytes(addr(dst));
    return this;
  }

  public Frames tcp(int sport, int dport, int flags, long seq, long ack) {
    u16(sport).u16(dport).u32(seq).u32(ack);
    bytes(0x50, flags);
    u16(65535).u16(0).u16(0);
    return this;
  }

  public Frames udp(int sport, int dport) {
    patches.add(new int[] {out.size(), 17});
    u16(sport).u16(dport).u16(0).u16(0);
    return this;
  }

  public byte[] build() {
    byte[] b = out.toByteArray();
    for (int[] p : patches) {
      int at = p[0];
      int value = switch (p[1]) {
        case 4 -> b.length - at;
        case 6 -> b.length - at - 40;
        default -> b.length - at;
      };
      int field = switch (p[1]) {
        case 4 -> at + 2;
        case 6 -> at + 4;
        default -> at + 4;
      };
      b[field] = (byte) (value >>> 8);
      b[field + 1] = (byte) value;
    }
    return b;
  }

  public static byte[] addr(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  /** A complete Ethernet/IPv4/TCP frame. */
  public static byte[] tcp4(String src, int sport, String dst, int dport, int flags, long seq, long ack, byte[] payload) {
    return frame().ethernet(0x0800).ipv4(src, dst, 6).tcp(sport, dport, flags, seq, ack).bytes(payload).build();
  }

  /** A complete Ethernet/IPv4/UDP frame. */
  public static byte[] udp4(String src, int sport, String dst, int dport, byte[] payload) {
    return frame().ethernet(0x0800).ipv4(src, dst, 17).udp(sport, dport).bytes(payload).build();
  }
}
