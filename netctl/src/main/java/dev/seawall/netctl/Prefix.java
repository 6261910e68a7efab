package dev.seawall.netctl;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix in canonical form (host bits cleared). Parsing never resolves names: only
 * numeric addresses are accepted, so a typo cannot turn into a DNS lookup.
 */
public record Prefix(InetAddress network, int length) implements Comparable<Prefix> {

  public Prefix {
    int max = bits(network);
    if (length < 0 || length > max) {
      throw new IllegalArgumentException("prefix length /" + length + " is outside 0.." + max);
    }
    network = mask(network, length);
  }

  /** Parses "192.0.2.1", "192.0.2.0/24", "2001:db8::1" or "2001:db8::/32"; a bare address is a host route. */
  public static Prefix parse(String text) {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("empty prefix");
    String s = text.strip();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    InetAddress a = parseAddress(addr, text);
    int len;
    if (slash < 0) {
      len = bits(a);
    } else {
      try {
        len = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("prefix '" + text + "': length after '/' is not a number");
      }
    }
    try {
      return new Prefix(a, len);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("prefix '" + text + "': " + e.getMessage());
    }
  }

  private static InetAddress parseAddress(String addr, String whole) {
    boolean v6 = addr.indexOf(':') >= 0;
    boolean v4 = !v6 && addr.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    if (!v4 && !(v6 && addr.matches("[0-9A-Fa-f:.]+"))) {
      throw new IllegalArgumentException("prefix '" + whole + "': '" + addr + "' is not a numeric IPv4 or IPv6 address");
    }
    if (v4) {
      for (String part : addr.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          throw new IllegalArgumentException("prefix '" + whole + "': octet " + part + " is larger than 255");
        }
      }
    }
    try {
      return InetAddress.getByName(addr); // numeric only (checked above): no lookup happens
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("prefix '" + whole + "': '" + addr + "' is not a valid address");
    }
  }

  public static Prefix host(InetAddress address) {
    return new Prefix(address, bits(address));
  }

  public boolean isIpv4() {
    return network instanceof Inet4Address;
  }

  public boolean isIpv6() {
    return network instanceof Inet6Address;
  }

  /** A /32 or a /128. */
  public boolean isHost() {
    return length == bits(network);
  }

  public int maxLength() {
    return bits(network);
  }

  /** True when every address of {@code other} lies inside this prefix (same family only). */
  public boolean contains(Prefix other) {
    if (isIpv4() != other.isIpv4() || other.length < length) return false;
    return mask(other.network, length).equals(network);
  }

  /** True when the two prefixes share at least one address. */
  public boolean overlaps(Prefix other) {
    return contains(other) || other.contains(this);
  }

  /** The network address in its usual text form (RFC 5952 for IPv6: "2001:db8::1"). */
  public String address() {
    if (network instanceof Inet4Address) return network.getHostAddress();
    byte[] b = network.getAddress();
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    int bestAt = -1, bestLen = 1; // only runs of two or more zero words are shortened
    for (int i = 0; i < 8; ) {
      if (w[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && w[j] == 0) j++;
      if (j - i > bestLen) {
        bestAt = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestAt) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(w[i]));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return address() + "/" + length;
  }

  @Override
  public int compareTo(Prefix o) {
    if (isIpv4() != o.isIpv4()) return isIpv4() ? -1 : 1;
    int c = new BigInteger(1, network.getAddress()).compareTo(new BigInteger(1, o.network.getAddress()));
    return c != 0 ? c : Integer.compare(length, o.length);
  }

  private static int bits(InetAddress a) {
    if (a == null) throw new IllegalArgumentException("missing address");
    return a.getAddress().length * 8;
  }

  private static InetAddress mask(InetAddress a, int length) {
    byte[] b = a.getAddress();
    byte[] m = Arrays.copyOf(b, b.length);
    for (int i = 0; i < m.length; i++) {
      int keep = Math.max(0, Math.min(8, length - i * 8));
      m[i] = (byte) (m[i] & (0xff00 >> keep));
    }
    try {
      // getByAddress keeps no scope and no host name: equality is by bytes only.
      return InetAddress.getByAddress(m);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
