package dev.seawall.proxy.policy;

import dev.seawall.blocklist.Cidr;
import dev.seawall.engine.packet.Addresses;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which destination addresses the proxy may connect to. Loopback, private, link-local, multicast,
 * reserved and the proxy's own addresses are refused (so the proxy cannot be used to reach the
 * operator's internal network: SSRF), unless a block in the allow list covers them. Addresses that
 * embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) are
 * judged by the embedded address, so no IPv6 spelling reaches a refused IPv4 block.
 */
public final class AddressPolicy {
  /** Why an address is refused; {@code label} is the metric label. */
  public enum Denial {
    UNSPECIFIED("unspecified"),
    LOOPBACK("loopback"),
    PRIVATE("private"),
    LINK_LOCAL("link_local"),
    MULTICAST("multicast"),
    RESERVED("reserved"),
    OWN_ADDRESS("own_address");

    public final String label;

    Denial(String label) {
      this.label = label;
    }
  }

  private record Block(Cidr cidr, Denial denial) {}

  private static final List<Block> BUILT_IN = List.of(
      new Block(Cidr.parse("0.0.0.0/8"), Denial.UNSPECIFIED),
      new Block(Cidr.parse("::/128"), Denial.UNSPECIFIED),
      new Block(Cidr.parse("127.0.0.0/8"), Denial.LOOPBACK),
      new Block(Cidr.parse("::1/128"), Denial.LOOPBACK),
      new Block(Cidr.parse("10.0.0.0/8"), Denial.PRIVATE),
      new Block(Cidr.parse("172.16.0.0/12"), Denial.PRIVATE),
      new Block(Cidr.parse("192.168.0.0/16"), Denial.PRIVATE),
      new Block(Cidr.parse("100.64.0.0/10"), Denial.PRIVATE), // carrier-grade NAT
      new Block(Cidr.parse("192.0.0.0/24"), Denial.PRIVATE),
      new Block(Cidr.parse("198.18.0.0/15"), Denial.PRIVATE),
      new Block(Cidr.parse("fc00::/7"), Denial.PRIVATE),
      new Block(Cidr.parse("169.254.0.0/16"), Denial.LINK_LOCAL),
      new Block(Cidr.parse("fe80::/10"), Denial.LINK_LOCAL),
      new Block(Cidr.parse("224.0.0.0/4"), Denial.MULTICAST),
      new Block(Cidr.parse("ff00::/8"), Denial.MULTICAST),
      new Block(Cidr.parse("240.0.0.0/4"), Denial.RESERVED)); // includes 255.255.255.255

  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

  private final List<Cidr> allowed;
  private volatile Set<List<Long>> own = Set.of();

  public AddressPolicy(List<Cidr> allowed) {
    this.allowed = List.copyOf(allowed);
    refreshOwnAddresses();
  }

  /** Re-reads the host's interface addresses (called periodically; interfaces may change). */
  public void refreshOwnAddresses() {
    Set<List<Long>> s = new HashSet<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          long[] v = Addresses.fromBytes(a.getAddress());
          s.add(List.of(v[0], v[1]));
        }
      }
    } catch (SocketException e) {
      return; // keep the previous set
    }
    own = Set.copyOf(s);
  }

  /** Null when the proxy may connect to {@code a}, else why not. */
  public Denial check(InetAddress a) {
    long[] v = Addresses.fromBytes(a.getAddress());
    return check(v[0], v[1]);
  }

  public Denial check(long hi, long lo) {
    long[] e = embeddedV4(hi, lo);
    if (e != null) {
      Denial d = check(e[0], e[1]);
      if (d != null) return d;
    }
    for (Cidr c : allowed) if (c.contains(hi, lo)) return null;
    for (Block b : BUILT_IN) if (b.cidr.contains(hi, lo)) return b.denial;
    if (own.contains(List.of(hi, lo))) return Denial.OWN_ADDRESS;
    return null;
  }

  /** The IPv4 address inside an IPv6 spelling, as IPv4-mapped, or null. */
  private static long[] embeddedV4(long hi, long lo) {
    if (Addresses.isV4(hi, lo)) return null;
    long v4 = 0x0000_ffff_0000_0000L;
    if (hi == 0 && (lo >>> 32) == 0 && lo != 0 && lo != 1) return new long[] {0, v4 | lo}; // ::a.b.c.d
    if (NAT64.contains(hi, lo)) return new long[] {0, v4 | (lo & 0xffff_ffffL)};
    if (SIX_TO_FOUR.contains(hi, lo)) return new long[] {0, v4 | ((hi >>> 16) & 0xffff_ffffL)};
    return null;
  }
}
