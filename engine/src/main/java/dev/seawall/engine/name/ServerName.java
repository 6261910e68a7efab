package dev.seawall.engine.name;

/**
 * The server name a client states in its first bytes on a connection: the TLS ClientHello's SNI
 * or the HTTP/1 request's Host header. Mechanism only (what the name is); what to do about it is
 * the caller's policy, e.g. a court-order blocklist. Works in place and allocates nothing: the
 * answer is where the name is in the caller's buffer.
 */
public final class ServerName {
  private ServerName() {}

  /** More bytes are needed to know. */
  public static final long INCOMPLETE = -2;
  /** Neither a TLS ClientHello nor an HTTP request, or one without a name. */
  public static final long NONE = -1;
  /** Longest name kept (DNS names are at most 253 characters). */
  public static final int MAX_LENGTH = 255;

  /**
   * Finds the name in {@code b[from..to)}, the first bytes the client sent (in stream order).
   *
   * @return {@link #INCOMPLETE}, {@link #NONE}, or the name's place: read it with {@link #at} and
   *     {@link #length}; the bytes are as sent (ASCII, any case, possibly a trailing dot)
   */
  public static long find(byte[] b, int from, int to) {
    if (to <= from) return INCOMPLETE;
    int first = b[from] & 0xff;
    if (first == 0x16) {
      int at = TlsClientHello.serverName(b, from, to);
      if (at == TlsClientHello.INCOMPLETE) return INCOMPLETE;
      if (at < 0) return NONE;
      int length = TlsClientHello.serverNameLength(b, at);
      return length == 0 ? NONE : found(at + 2, length);
    }
    if (first >= 'A' && first <= 'Z') return HttpHost.host(b, from, to);
    return NONE;
  }

  /** The answer for a name at {@code b[at..at+length)}; names longer than {@link #MAX_LENGTH} are none. */
  static long found(int at, int length) {
    if (length <= 0 || length > MAX_LENGTH) return NONE;
    return ((long) at << 32) | length;
  }

  public static boolean isFound(long result) {
    return result >= 0;
  }

  public static int at(long result) {
    return (int) (result >>> 32);
  }

  public static int length(long result) {
    return (int) result;
  }
}
