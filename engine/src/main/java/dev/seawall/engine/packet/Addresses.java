package dev.seawall.engine.packet;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Conversions between the two-long address form used on the hot path and text. */
public final class Addresses {
  private Addresses() {}

  public static boolean isV4(long hi, long lo) {
    return hi == 0 && (lo >>> 32) == 0xffff;
  }

  /** Whether the address is a multicast group: 224.0.0.0/4 or ff00::/8. */
  public static boolean isMulticast(long hi, long lo) {
    return isV4(hi, lo) ? (lo & 0xf0000000L) == 0xe0000000L : hi >>> 56 == 0xff;
  }

  /** Dotted quad for IPv4-mapped values, RFC 5952 text for IPv6. */
  public static String format(long hi, long lo) {
    if (isV4(hi, lo)) {
      return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
      g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
    }
    // Longest run of two or more zero groups becomes "::" (first one on ties).
    int bestStart = -1, bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) j++;
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /** Parses a literal IPv4 or IPv6 address (no host names) into {@code {hi, lo}}. */
  public static long[] parse(String literal) {
    if (literal.isEmpty() || !(literal.indexOf(':') >= 0 || Character.isDigit(literal.charAt(0)))) {
      throw new IllegalArgumentException("not an IP address literal: " + literal);
    }
    try {
      byte[] b = InetAddress.getByName(literal).getAddress(); // literals never cause a lookup
      return fromBytes(b);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: " + literal, e);
    }
  }

  public static long[] fromBytes(byte[] b) {
    if (b.length == 4) {
      return new long[] {0, 0x0000_ffff_0000_0000L | (Bytes.i32(b, 0) & 0xffff_ffffL)};
    }
    if (b.length == 16) return new long[] {Bytes.i64(b, 0), Bytes.i64(b, 8)};
    throw new IllegalArgumentException("address of " + b.length + " bytes");
  }
}
