package dev.seawall.netctl;

/** A standard BGP community (RFC 1997), written "ASN:VALUE" with two 16-bit halves. */
public record Community(int asn, int value) {
  /** RFC 7999: please drop traffic to this prefix. */
  public static final Community BLACKHOLE = new Community(65535, 666);
  /** RFC 1997: do not pass outside the receiving AS (a blackhole must not leak). */
  public static final Community NO_EXPORT = new Community(65535, 65281);

  public Community {
    if (asn < 0 || asn > 0xffff || value < 0 || value > 0xffff) {
      throw new IllegalArgumentException("community " + asn + ":" + value + ": each half must be 0..65535");
    }
  }

  /** "65535:666", or the names "blackhole", "no-export". */
  public static Community parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    switch (s) {
      case "blackhole": return BLACKHOLE;
      case "no-export", "no_export": return NO_EXPORT;
      default: break;
    }
    int colon = s.indexOf(':');
    if (colon < 0) throw new IllegalArgumentException("community '" + text + "': expected ASN:VALUE such as 64500:666");
    try {
      return new Community(Integer.parseInt(s.substring(0, colon)), Integer.parseInt(s.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("community '" + text + "': both halves must be numbers");
    }
  }

  /** The 32-bit wire value. */
  public int asInt() {
    return (asn << 16) | value;
  }

  public static Community of(int wire) {
    return new Community(wire >>> 16, wire & 0xffff);
  }

  @Override
  public String toString() {
    return asn + ":" + value;
  }
}
