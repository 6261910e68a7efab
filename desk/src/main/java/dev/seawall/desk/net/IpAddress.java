package dev.seawall.desk.net;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address as two 64-bit words (IPv4 uses the low 32 bits). Parsed by hand: never
 * through {@code InetAddress.getByName}, which would resolve host names over the network.
 */
public record IpAddress(int version, long hi, long lo) implements Comparable<IpAddress> {

  public IpAddress {
    if (version != 4 && version != 6) throw new IllegalArgumentException("version " + version);
    if (version == 4 && (hi != 0 || (lo >>> 32) != 0)) throw new IllegalArgumentException("IPv4 out of range");
  }

  public int bits() {
    return version == 4 ? 32 : 128;
  }

  /** Parses a literal address; brackets and surrounding blanks are allowed, anything else is not. */
  public static Optional<IpAddress> parse(String text) {
    if (text == null) return Optional.empty();
    String s = text.strip();
    if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
    if (s.isEmpty() || s.length() > 45) return Optional.empty();
    return s.indexOf(':') >= 0 ? parseV6(s) : parseV4(s).map(v -> new IpAddress(4, 0, v));
  }

  private static Optional<Long> parseV4(String s) {
    long value = 0;
    int parts = 0;
    int i = 0;
    while (i <= s.length()) {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
      int len = i - start;
      if (len == 0 || len > 3) return Optional.empty();
      int octet = Integer.parseInt(s, start, i, 10);
      if (octet > 255) return Optional.empty();
      value = (value << 8) | octet;
      parts++;
      if (i == s.length()) break;
      if (s.charAt(i) != '.' || parts == 4) return Optional.empty();
      i++;
    }
    return parts == 4 ? Optional.of(value) : Optional.empty();
  }

  private static Optional<IpAddress> parseV6(String s) {
    int[] groups = new int[8];
    int count = 0;
    int gap = -1;
    int i = 0;
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
      if (s.length() == 2) return Optional.of(new IpAddress(6, 0, 0));
    } else if (s.startsWith(":")) {
      return Optional.empty();
    }
    while (i < s.length()) {
      if (count == 8) return Optional.empty();
      int start = i;
      while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) i++;
      if (i < s.length() && s.charAt(i) == '.') { // embedded IPv4 in the last 32 bits
        Optional<Long> v4 = parseV4(s.substring(start));
        if (v4.isEmpty() || count > 6) return Optional.empty();
        groups[count++] = (int) (v4.get() >>> 16);
        groups[count++] = (int) (v4.get() & 0xffff);
        i = s.length();
        break;
      }
      int len = i - start;
      if (len == 0 || len > 4) return Optional.empty();
      groups[count++] = Integer.parseInt(s, start, i, 16);
      if (i == s.length()) break;
      if (s.charAt(i) != ':') return Optional.empty();
      i++;
      if (i < s.length() && s.charAt(i) == ':') {
        if (gap >= 0) return Optional.empty();
        gap = count;
        i++;
      } else if (i == s.length()) {
        return Optional.empty(); // trailing single colon
      }
    }
    int[] full = new int[8];
    if (gap >= 0) {
      if (count == 8) return Optional.empty();
      int tail = count - gap;
      System.arraycopy(groups, 0, full, 0, gap);
      System.arraycopy(groups, gap, full, 8 - tail, tail);
    } else {
      if (count != 8) return Optional.empty();
      full = groups;
    }
    long hi = 0, lo = 0;
    for (int g = 0; g < 4; g++) hi = (hi << 16) | full[g];
    for (int g = 4; g < 8; g++) lo = (lo << 16) | full[g];
    return Optional.of(new IpAddress(6, hi, lo));
  }

  public static IpAddress ofBytes(byte[] b) {
    if (b.length == 4) {
      return new IpAddress(4, 0, ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL));
    }
    if (b.length != 16) throw new IllegalArgumentException("address of " + b.length + " bytes");
    long hi = 0, lo = 0;
    for (int i = 0; i < 8; i++) hi = (hi << 8) | (b[i] & 0xff);
    for (int i = 8; i < 16; i++) lo = (lo << 8) | (b[i] & 0xff);
    return new IpAddress(6, hi, lo);
  }

  public byte[] toBytes() {
    byte[] b = new byte[version == 4 ? 4 : 16];
    if (version == 4) {
      for (int i = 0; i < 4; i++) b[i] = (byte) (lo >>> (24 - 8 * i));
    } else {
      for (int i = 0; i < 8; i++) b[i] = (byte) (hi >>> (56 - 8 * i));
      for (int i = 0; i < 8; i++) b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return b;
  }

  /** The address with every bit after {@code length} cleared. */
  public IpAddress masked(int length) {
    if (length < 0 || length > bits()) throw new IllegalArgumentException("prefix length " + length);
    if (version == 4) {
      long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
      return new IpAddress(4, 0, lo & mask);
    }
    long hiMask = length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
    long loMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    return new IpAddress(6, hi & hiMask, lo & loMask);
  }

  /**
   * True for addresses no rights holder can have seen on the public Internet: private, shared
   * (CGNAT), loopback, link-local, documentation, unique-local, multicast, unspecified.
   */
  public boolean isNotPublic() {
    if (version == 4) {
      long a = lo;
      return in(a, 0x0A000000L, 8) || in(a, 0xAC100000L, 12) || in(a, 0xC0A80000L, 16)
          || in(a, 0x64400000L, 10) || in(a, 0x7F000000L, 8) || in(a, 0xA9FE0000L, 16)
          || in(a, 0xC0000200L, 24) || in(a, 0xC6336400L, 24) || in(a, 0xCB007100L, 24)
          || in(a, 0x00000000L, 8) || a >= 0xE0000000L;
    }
    int top16 = (int) (hi >>> 48);
    boolean mapped = hi == 0 && (lo >>> 32) == 0xffffL;
    if (mapped) return new IpAddress(4, 0, lo & 0xffffffffL).isNotPublic();
    return (hi == 0 && (lo == 0 || lo == 1))
        || (top16 & 0xfe00) == 0xfc00 // unique-local fc00::/7
        || (top16 & 0xffc0) == 0xfe80 // link-local
        || (top16 & 0xff00) == 0xff00 // multicast
        || (hi >>> 32) == 0x20010db8L; // documentation 2001:db8::/32
  }

  private static boolean in(long a, long net, int len) {
    long mask = (0xffffffffL << (32 - len)) & 0xffffffffL;
    return (a & mask) == net;
  }

  @Override
  public int compareTo(IpAddress o) {
    if (version != o.version) return Integer.compare(version, o.version);
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  /** Dotted quad, or RFC 5952 text (lower case, longest run of zero groups compressed). */
  @Override
  public String toString() {
    if (version == 4) {
      return (lo >>> 24) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
    for (int i = 0; i < 4; i++) g[4 + i] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
    int bestStart = -1, bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) { i++; continue; }
      int j = i;
      while (j < 8 && g[j] == 0) j++;
      if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        continue;
      }
      sb.append(Integer.toHexString(g[i]));
      if (i < 7) sb.append(':');
    }
    return sb.toString();
  }
}
