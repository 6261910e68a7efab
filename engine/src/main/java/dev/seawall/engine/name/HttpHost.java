package dev.seawall.engine.name;

/** Finds the Host header of an HTTP/1 request, in place. */
public final class HttpHost {
  private HttpHost() {}

  /** Longest request method taken for one (WebDAV's are the longest, about 16 letters). */
  private static final int MAX_METHOD = 16;

  /**
   * Where the host (without port or IPv6 brackets) of the request at {@code b[from..to)} is, as
   * {@link ServerName#found}, or {@link ServerName#INCOMPLETE} / {@link ServerName#NONE}.
   */
  public static long host(byte[] b, int from, int to) {
    int i = from;
    while (i < to && i - from <= MAX_METHOD && b[i] >= 'A' && b[i] <= 'Z') i++;
    if (i == from) return ServerName.NONE;
    if (i == to) return i - from <= MAX_METHOD ? ServerName.INCOMPLETE : ServerName.NONE;
    if (b[i] != ' ' || i - from > MAX_METHOD) return ServerName.NONE;
    int line = crlf(b, i, to);
    while (line >= 0) {
      int start = line + 2;
      if (start + 2 <= to && b[start] == '\r' && b[start + 1] == '\n') return ServerName.NONE; // headers end, no Host
      int next = crlf(b, start, to);
      if (next < 0) return ServerName.INCOMPLETE;
      if (next - start > 5 && isHost(b, start)) return value(b, start + 5, next);
      line = next;
    }
    return ServerName.INCOMPLETE;
  }

  private static long value(byte[] b, int from, int to) {
    while (from < to && (b[from] == ' ' || b[from] == '\t')) from++;
    while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) to--;
    if (from == to) return ServerName.NONE;
    if (b[from] == '[') { // IPv6 literal, with or without a port after it
      for (int j = from + 1; j < to; j++) if (b[j] == ']') return ServerName.found(from + 1, j - from - 1);
      return ServerName.NONE;
    }
    int colon = -1;
    for (int j = from; j < to; j++) {
      if (b[j] == ':') {
        if (colon >= 0) return ServerName.found(from, to - from); // a bare IPv6 address: no port to strip
        colon = j;
      }
    }
    return ServerName.found(from, (colon < 0 ? to : colon) - from);
  }

  private static boolean isHost(byte[] b, int at) {
    return (b[at] | 0x20) == 'h' && (b[at + 1] | 0x20) == 'o' && (b[at + 2] | 0x20) == 's' && (b[at + 3] | 0x20) == 't'
        && b[at + 4] == ':';
  }

  private static int crlf(byte[] b, int from, int to) {
    for (int i = from; i + 1 < to; i++) if (b[i] == '\r' && b[i + 1] == '\n') return i;
    return -1;
  }
}
