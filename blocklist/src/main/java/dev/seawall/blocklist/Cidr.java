package dev.seawall.blocklist;

import dev.seawall.engine.packet.Addresses;
import java.net.InetAddress;

/**
 * An address block on the 128-bit line (IPv4 as IPv4-mapped, so {@code 10.0.0.0/8} is
 * {@code ::ffff:10.0.0.0/104}).
 */
public record Cidr(long hi, long lo, int bits) {
  public Cidr {
    if (bits < 0 || bits > 128) throw new IllegalArgumentException("prefix length " + bits + " out of 0..128");
    hi &= maskHi(bits);
    lo &= maskLo(bits);
  }

  /** {@code ADDRESS} or {@code ADDRESS/BITS}, IPv4 or IPv6; the message names what is wrong. */
  public static Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    long[] a;
    try {
      a = Addresses.parse(addr);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + addr + "' is not an IP address");
    }
    boolean v4 = Addresses.isV4(a[0], a[1]);
    int max = v4 ? 32 : 128;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("prefix length '" + t.substring(slash + 1) + "' is not a number");
      }
      if (bits < 0 || bits > max) throw new IllegalArgumentException("prefix length " + bits + " out of 0.." + max);
    }
    return new Cidr(a[0], a[1], v4 ? bits + 96 : bits);
  }

  public boolean contains(long h, long l) {
    return (h & maskHi(bits)) == hi && (l & maskLo(bits)) == lo;
  }

  public boolean contains(InetAddress a) {
    long[] v = Addresses.fromBytes(a.getAddress());
    return contains(v[0], v[1]);
  }

  public static long maskHi(int bits) {
    return bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
  }

  public static long maskLo(int bits) {
    return bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
  }

  @Override
  public String toString() {
    boolean v4 = Addresses.isV4(hi, lo) && bits >= 96;
    return Addresses.format(hi, lo) + "/" + (v4 ? bits - 96 : bits);
  }
}
