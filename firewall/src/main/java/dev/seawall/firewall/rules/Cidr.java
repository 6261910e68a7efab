package dev.seawall.firewall.rules;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An IPv4 or IPv6 network in CIDR notation, from operator configuration. */
public record Cidr(InetAddress address, int prefix) {

  public Cidr {
    int bits = address.getAddress().length * 8;
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + address.getHostAddress());
    }
  }

  /** Parses {@code a.b.c.d/n}, {@code x::y/n} or a bare address (a host route). */
  public static Cidr parse(String text) {
    String s = text.strip();
    int slash = s.indexOf('/');
    String host = slash < 0 ? s : s.substring(0, slash);
    InetAddress a;
    try {
      a = InetAddress.ofLiteral(host); // a literal only: never a name lookup
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("not an IP network: '" + text + "'");
    }
    int bits = a.getAddress().length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad prefix length in '" + text + "'");
    }
    return new Cidr(a, prefix);
  }

  public boolean ipv4() {
    return address instanceof Inet4Address;
  }

  @Override
  public String toString() {
    return address.getHostAddress() + "/" + prefix;
  }
}
