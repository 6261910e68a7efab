package dev.seawall.desk.net;

import java.util.Optional;

/** An address block: network address and prefix length; a single address is a /32 or /128. */
public record Prefix(IpAddress network, int length) {

  public Prefix {
    if (length < 0 || length > network.bits()) throw new IllegalArgumentException("prefix length " + length);
    network = network.masked(length);
  }

  /** Parses {@code 203.0.113.0/24}, {@code 2001:db8::/48} or a bare address. */
  public static Optional<Prefix> parse(String text) {
    if (text == null) return Optional.empty();
    String s = text.strip();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    Optional<IpAddress> ip = IpAddress.parse(addr);
    if (ip.isEmpty()) return Optional.empty();
    int len = ip.get().bits();
    if (slash >= 0) {
      String l = s.substring(slash + 1);
      if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(Character::isDigit)) return Optional.empty();
      len = Integer.parseInt(l);
      if (len > ip.get().bits()) return Optional.empty();
    }
    return Optional.of(new Prefix(ip.get(), len));
  }

  public boolean contains(IpAddress a) {
    return a.version() == network.version() && a.masked(length).equals(network);
  }

  public boolean contains(Prefix p) {
    return p.length >= length && contains(p.network);
  }

  @Override
  public String toString() {
    return network + "/" + length;
  }
}
