package dev.seawall.proxy.policy;

import java.nio.charset.StandardCharsets;

/**
 * The host name a client names in its first bytes on a connection: the TLS ClientHello's SNI or
 * the HTTP request's Host header. Used to apply the blocklist to clients that connect by address
 * (SOCKS5 with local name resolution) but still say which site they want.
 */
public final class FirstFlight {
  private FirstFlight() {}

  /** {@link #name} needs more bytes. */
  public static final String MORE = new String("more");
  /** Bytes to look at before giving up on finding a name. */
  public static final int LIMIT = 16 * 1024 + 5;

  /**
   * The host name in {@code b[off..off+len)} (the connection's first bytes, as far as they have
   * arrived), {@link #MORE} when the answer needs more bytes, or null when there is none.
   */
  public static String name(byte[] b, int off, int len) {
    if (len == 0) return MORE;
    if ((b[off] & 0xff) == 0x16) return sni(b, off, len);
    if (b[off] >= 'A' && b[off] <= 'Z') return httpHost(b, off, len);
    return null;
  }

  /** TLS record(s) carrying a ClientHello; extension server_name (0), name type host_name (0). */
  static String sni(byte[] b, int off, int len) {
    if (len < 5) return MORE;
    if ((b[off + 1] & 0xff) != 3) return null;
    int recLen = u16(b, off + 3);
    if (len < 5 + 4) return MORE;
    if ((b[off + 5] & 0xff) != 1) return null; // not a ClientHello
    int hsLen = ((b[off + 6] & 0xff) << 16) | u16(b, off + 7);
    if (hsLen > recLen - 4) return null; // ClientHello spread over records: rare, not followed
    if (len < 5 + recLen) return recLen + 5 <= LIMIT ? MORE : null;
    int p = off + 9, end = off + 9 + hsLen;
    p += 2 + 32; // version, random
    if (p >= end) return null;
    p += 1 + (b[p] & 0xff); // session id
    if (p + 2 > end) return null;
    p += 2 + u16(b, p); // cipher suites
    if (p >= end) return null;
    p += 1 + (b[p] & 0xff); // compression methods
    if (p + 2 > end) return null;
    int extEnd = Math.min(end, p + 2 + u16(b, p));
    p += 2;
    while (p + 4 <= extEnd) {
      int type = u16(b, p), elen = u16(b, p + 2);
      p += 4;
      if (p + elen > extEnd) return null;
      if (type == 0 && elen >= 5) {
        int q = p + 2, listEnd = Math.min(p + elen, p + 2 + u16(b, p));
        while (q + 3 <= listEnd) {
          int nt = b[q] & 0xff, nl = u16(b, q + 1);
          if (q + 3 + nl > listEnd) return null;
          if (nt == 0) return new String(b, q + 3, nl, StandardCharsets.US_ASCII);
          q += 3 + nl;
        }
        return null;
      }
      p += elen;
    }
    return null;
  }

  /** An HTTP/1 request line followed by headers; the Host header without port. */
  static String httpHost(byte[] b, int off, int len) {
    int i = off, end = off + len;
    while (i < end && b[i] >= 'A' && b[i] <= 'Z') i++;
    if (i == end) return len < 16 ? MORE : null;
    if (b[i] != ' ' || i - off > 16) return null;
    // Walk header lines until the blank line.
    int line = indexOfCrlf(b, i, end);
    while (line >= 0) {
      int start = line + 2;
      if (start + 2 <= end && b[start] == '\r' && b[start + 1] == '\n') return null; // no Host
      int next = indexOfCrlf(b, start, end);
      int stop = next < 0 ? end : next;
      if (next >= 0 && stop - start > 5 && startsWithIgnoreCase(b, start, "host:")) {
        String v = new String(b, start + 5, stop - start - 5, StandardCharsets.ISO_8859_1).strip();
        return stripPort(v);
      }
      line = next;
    }
    return len >= LIMIT ? null : MORE;
  }

  static String stripPort(String host) {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close > 0 ? host.substring(1, close) : host;
    }
    int colon = host.lastIndexOf(':');
    return colon > 0 && host.indexOf(':') == colon ? host.substring(0, colon) : host;
  }

  private static int indexOfCrlf(byte[] b, int from, int end) {
    for (int i = from; i + 1 < end; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
    return -1;
  }

  private static boolean startsWithIgnoreCase(byte[] b, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.toLowerCase((char) b[at + i]) != s.charAt(i)) return false;
    }
    return true;
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
