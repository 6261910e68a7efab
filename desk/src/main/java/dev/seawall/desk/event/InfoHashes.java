package dev.seawall.desk.event;

import java.util.Locale;

/** Validation of BitTorrent info-hashes: 40 hex digits (v1), or 32 base32 characters from magnets. */
public final class InfoHashes {
  private InfoHashes() {}

  /** The hash as 40 lower-case hex digits, or null when the text is not an info-hash. */
  public static String normalize(String raw) {
    if (raw == null) return null;
    String s = raw.strip();
    boolean urn = s.regionMatches(true, 0, "urn:btih:", 0, 9);
    if (urn) s = s.substring(9);
    if (s.length() == 40 && isHex(s)) return s.toLowerCase(Locale.ROOT);
    // base32 only in magnet/URN form: a bare 32-character string is far more often an MD4/MD5
    if (urn && s.length() == 32) return base32ToHex(s.toUpperCase(Locale.ROOT));
    return null;
  }

  public static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) return false;
    }
    return !s.isEmpty();
  }

  private static String base32ToHex(String s) {
    byte[] out = new byte[20];
    long buffer = 0;
    int bits = 0, n = 0;
    for (int i = 0; i < 32; i++) {
      char c = s.charAt(i);
      int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
      if (v < 0) return null;
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    StringBuilder sb = new StringBuilder(40);
    for (byte b : out) sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    return sb.toString();
  }
}
