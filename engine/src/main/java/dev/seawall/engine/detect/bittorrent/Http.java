package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.packet.Bytes;

/** The bits of HTTP/1.x the detectors read, over byte ranges, without allocating. */
final class Http {
  private Http() {}

  private static final byte[] GET = Bytes.ascii("GET ");
  private static final byte[] POST = Bytes.ascii("POST ");
  private static final byte[] HEAD = Bytes.ascii("HEAD ");
  private static final byte[] RESPONSE = Bytes.ascii("HTTP/1.");

  /** Offset of the request target if {@code b[off..end)} starts a GET/POST/HEAD request, else -1. */
  static int requestTarget(byte[] b, int off, int end) {
    if (Bytes.startsWith(b, off, end, GET)) return off + 4;
    if (Bytes.startsWith(b, off, end, POST)) return off + 5;
    if (Bytes.startsWith(b, off, end, HEAD)) return off + 5;
    return -1;
  }

  /** Whether a request can open with this byte (GET, POST, HEAD). */
  static boolean mayOpenRequest(int firstByte) {
    return firstByte == 'G' || firstByte == 'P' || firstByte == 'H';
  }

  /** Whether a response can open with this byte (HTTP/1.x). */
  static boolean mayOpenResponse(int firstByte) {
    return firstByte == 'H';
  }

  /** Whether the bytes could still become a request line once more arrive (a prefix of a method). */
  static boolean couldBeRequest(byte[] b, int off, int end) {
    return prefixOf(b, off, end, GET) || prefixOf(b, off, end, POST) || prefixOf(b, off, end, HEAD);
  }

  private static boolean prefixOf(byte[] b, int off, int end, byte[] word) {
    int n = Math.min(end - off, word.length);
    for (int i = 0; i < n; i++) if (b[off + i] != word[i]) return false;
    return true;
  }

  static boolean couldBeResponse(byte[] b, int off, int end) {
    return prefixOf(b, off, end, RESPONSE);
  }

  static boolean isResponse(byte[] b, int off, int end) {
    return Bytes.startsWith(b, off, end, RESPONSE);
  }

  /** End of the first line (index of its '\r' or '\n'), or -1 if not in range. */
  static int lineEnd(byte[] b, int off, int end) {
    for (int i = off; i < end; i++) {
      if (b[i] == '\r' || b[i] == '\n') return i;
    }
    return -1;
  }

  /** Index just past the blank line ending the headers, or -1. */
  static int bodyStart(byte[] b, int off, int end) {
    // Horspool over CR LF CR LF: a byte that is neither CR nor LF lets the search skip four.
    for (int i = off + 3; i < end; ) {
      byte c = b[i];
      if (c == '\n') {
        if (b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') return i + 1;
        i += 2;
      } else if (c == '\r') {
        i += 1;
      } else {
        i += 4;
      }
    }
    return -1;
  }

  /** Whether {@code b[off..end)} ends with the blank line that ends a header block. */
  static boolean endsHeaders(byte[] b, int off, int end) {
    return end - off >= 4 && b[end - 4] == '\r' && b[end - 3] == '\n' && b[end - 2] == '\r' && b[end - 1] == '\n';
  }

  /** Status code of a response line, or -1. */
  static int status(byte[] b, int off, int end) {
    if (!isResponse(b, off, end) || end - off < 12) return -1;
    int s = off + 9;
    int code = 0;
    for (int i = 0; i < 3; i++) {
      int c = b[s + i];
      if (c < '0' || c > '9') return -1;
      code = code * 10 + (c - '0');
    }
    return code;
  }

  /**
   * Offset of the value of query parameter {@code name} (given with its '=') in the target
   * {@code b[from..to)}, or -1. The name must start the query or follow an '&'.
   */
  static int queryParameter(byte[] b, int from, int to, byte[] nameEquals) {
    int q = -1;
    for (int i = from; i < to; i++) {
      if (b[i] == '?') {
        q = i;
        break;
      }
    }
    if (q < 0) return -1;
    for (int i = q; i < to; ) {
      int at = Bytes.indexOf(b, i, to, nameEquals);
      if (at < 0) return -1;
      if (b[at - 1] == '?' || b[at - 1] == '&') return at + nameEquals.length;
      i = at + 1;
    }
    return -1;
  }

  /** End of a query value starting at {@code from}: the next '&', ' ', '#' or {@code to}. */
  static int valueEnd(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '&' || b[i] == ' ' || b[i] == '#' || b[i] == '\r' || b[i] == '\n') return i;
    }
    return to;
  }

  /**
   * Percent-decodes {@code b[from..to)} into {@code out[0..)}; returns the decoded length, or -1
   * if an escape is malformed or the result would not fit.
   */
  static int percentDecode(byte[] b, int from, int to, byte[] out) {
    int n = 0;
    for (int i = from; i < to; ) {
      if (n == out.length) return -1;
      byte c = b[i];
      if (c == '%') {
        if (i + 2 >= to) return -1;
        int hi = hex(b[i + 1]), lo = hex(b[i + 2]);
        if (hi < 0 || lo < 0) return -1;
        out[n++] = (byte) (hi << 4 | lo);
        i += 3;
      } else if (c == '+') {
        out[n++] = ' ';
        i++;
      } else {
        out[n++] = c;
        i++;
      }
    }
    return n;
  }

  static int hex(byte c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  /** Whether header {@code name} (lower case, with the colon) appears in {@code b[from..to)}. */
  static int headerValue(byte[] b, int from, int to, byte[] lowerNameColon) {
    outer:
    for (int i = from; i + lowerNameColon.length <= to; i++) {
      if (i != from && b[i - 1] != '\n') continue;
      for (int j = 0; j < lowerNameColon.length; j++) {
        int c = b[i + j];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c != lowerNameColon[j]) continue outer;
      }
      int v = i + lowerNameColon.length;
      while (v < to && (b[v] == ' ' || b[v] == '\t')) v++;
      return v;
    }
    return -1;
  }
}
