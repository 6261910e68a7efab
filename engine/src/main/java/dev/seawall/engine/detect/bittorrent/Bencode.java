package dev.seawall.engine.detect.bittorrent;

/**
 * Strict bencoding (BEP 3), read in place: no allocation, no exceptions, every read bounds-checked,
 * so a malformed or truncated datagram only ever yields {@link #MALFORMED} or {@link #TRUNCATED}.
 *
 * <p>Values are addressed by the offset of their first byte; {@link #end} gives the offset just
 * after one. Strict means: integers without leading zeros or {@code -0} and of at most 18 digits;
 * string lengths without leading zeros, at most 9 digits and within the bytes given; dictionary
 * keys are strings; nesting at most {@link #MAX_DEPTH}. Key order is <em>not</em> checked: BEP 3
 * asks for sorted keys but real clients (and some trackers) do not always sort, and the order says
 * nothing about whether the bytes are bencoding.
 *
 * <p>{@link #end} distinguishes bytes that can never be bencoding ({@link #MALFORMED}) from a
 * correct beginning cut short ({@link #TRUNCATED}), so stream users can wait for more.
 */
public final class Bencode {
  private Bencode() {}

  /** The bytes are not bencoding. */
  public static final int MALFORMED = -1;
  /** Every byte agrees with bencoding, but the value continues past the end of the range. */
  public static final int TRUNCATED = -2;
  /** Deepest nesting of lists and dictionaries accepted (v2 file trees nest per directory). */
  public static final int MAX_DEPTH = 64;

  private static final int MAX_INT_DIGITS = 18; // always fits a long, never Long.MIN_VALUE
  private static final int MAX_LENGTH_DIGITS = 9; // < 1 GB: no int overflow

  /**
   * Offset just after the value that starts at {@code off}, reading no further than {@code end};
   * or {@link #MALFORMED} / {@link #TRUNCATED}.
   */
  public static int end(byte[] b, int off, int end) {
    if (off < 0 || end > b.length || off > end) return MALFORMED;
    int p = off;
    int depth = 0;
    long dicts = 0; // bit d-1 set: the container at depth d is a dictionary
    long keyNext = 0; // bit d-1 set: that dictionary expects a key (or its end) next
    while (true) {
      if (p >= end) return TRUNCATED;
      int c = b[p];
      if (depth > 0) {
        long bit = 1L << (depth - 1);
        if (c == 'e') {
          if ((dicts & bit) != 0 && (keyNext & bit) == 0) return MALFORMED; // a key without value
          dicts &= ~bit;
          depth--;
          p++;
          if (depth == 0) return p;
          if ((dicts & (1L << (depth - 1))) != 0) keyNext ^= 1L << (depth - 1);
          continue;
        }
        if ((dicts & bit) != 0 && (keyNext & bit) != 0 && (c < '0' || c > '9')) return MALFORMED;
      }
      if (c == 'l' || c == 'd') {
        if (depth == MAX_DEPTH) return MALFORMED;
        depth++;
        long bit = 1L << (depth - 1);
        if (c == 'd') {
          dicts |= bit;
          keyNext |= bit;
        } else {
          dicts &= ~bit;
        }
        p++;
        continue;
      }
      if (c == 'i') {
        p = integerEnd(b, p, end);
      } else if (c >= '0' && c <= '9') {
        p = stringEnd(b, p, end);
      } else {
        return MALFORMED;
      }
      if (p < 0) return p;
      if (depth == 0) return p;
      if ((dicts & (1L << (depth - 1))) != 0) keyNext ^= 1L << (depth - 1);
    }
  }

  /** Whether {@code b[off..end)} is exactly one bencoded value, nothing before or after. */
  public static boolean whole(byte[] b, int off, int end) {
    return end(b, off, end) == end;
  }

  private static int integerEnd(byte[] b, int p, int end) {
    int q = p + 1;
    if (q >= end) return TRUNCATED;
    boolean negative = b[q] == '-';
    if (negative) q++;
    int first = q;
    while (q < end && b[q] >= '0' && b[q] <= '9') {
      if (q - first == MAX_INT_DIGITS) return MALFORMED;
      q++;
    }
    int digits = q - first;
    if (digits > 1 && b[first] == '0') return MALFORMED; // leading zero
    if (digits == 1 && negative && b[first] == '0') return MALFORMED; // -0
    if (q >= end) return TRUNCATED;
    if (b[q] != 'e' || digits == 0) return MALFORMED;
    return q + 1;
  }

  private static int stringEnd(byte[] b, int p, int end) {
    int q = p;
    int length = 0;
    while (q < end && b[q] >= '0' && b[q] <= '9') {
      if (q - p == MAX_LENGTH_DIGITS) return MALFORMED;
      length = length * 10 + (b[q] - '0');
      q++;
    }
    if (q - p > 1 && b[p] == '0') return MALFORMED; // leading zero
    if (q >= end) return TRUNCATED;
    if (b[q] != ':') return MALFORMED;
    long after = (long) q + 1 + length;
    return after > end ? TRUNCATED : (int) after;
  }

  // Reading values that {@link #end} accepted (all still bounds-safe on any input).

  public static boolean isDict(byte[] b, int off, int end) {
    return off >= 0 && off < end && b[off] == 'd';
  }

  public static boolean isList(byte[] b, int off, int end) {
    return off >= 0 && off < end && b[off] == 'l';
  }

  public static boolean isString(byte[] b, int off, int end) {
    return off >= 0 && off < end && b[off] >= '0' && b[off] <= '9';
  }

  public static boolean isInteger(byte[] b, int off, int end) {
    return off >= 0 && off < end && b[off] == 'i';
  }

  /** Offset of the first content byte of the string at {@code off}, or {@link #MALFORMED}. */
  public static int stringStart(byte[] b, int off, int end) {
    if (!isString(b, off, end)) return MALFORMED;
    int e = stringEnd(b, off, end);
    if (e < 0) return e;
    int q = off;
    while (b[q] != ':') q++;
    return q + 1;
  }

  /** Length of the string at {@code off}, or a negative error. */
  public static int stringLength(byte[] b, int off, int end) {
    int s = stringStart(b, off, end);
    return s < 0 ? s : stringEnd(b, off, end) - s;
  }

  /** Whether the value at {@code off} is the string {@code text}. */
  public static boolean stringEquals(byte[] b, int off, int end, byte[] text) {
    int s = stringStart(b, off, end);
    if (s < 0 || stringEnd(b, off, end) - s != text.length) return false;
    for (int i = 0; i < text.length; i++) {
      if (b[s + i] != text[i]) return false;
    }
    return true;
  }

  /**
   * The integer at {@code off}, or {@code Long.MIN_VALUE} if there is no valid integer there
   * (strict integers never have that value).
   */
  public static long integer(byte[] b, int off, int end) {
    if (!isInteger(b, off, end) || integerEnd(b, off, end) < 0) return Long.MIN_VALUE;
    int q = off + 1;
    boolean negative = b[q] == '-';
    if (negative) q++;
    long v = 0;
    while (b[q] != 'e') v = v * 10 + (b[q++] - '0');
    return negative ? -v : v;
  }

  /**
   * Offset of the value stored under {@code key} in the dictionary at {@code dict}, or {@link
   * #MALFORMED} when the key is absent or the dictionary is not valid up to it. Keys are compared
   * in full; the first occurrence wins.
   */
  public static int find(byte[] b, int dict, int end, byte[] key) {
    if (!isDict(b, dict, end)) return MALFORMED;
    int p = dict + 1;
    while (p < end && b[p] != 'e') {
      int keyEnd = end(b, p, end);
      if (keyEnd < 0 || !isString(b, p, end)) return MALFORMED;
      if (stringEquals(b, p, keyEnd, key)) return keyEnd < end && b[keyEnd] != 'e' ? keyEnd : MALFORMED;
      int valueEnd = end(b, keyEnd, end);
      if (valueEnd < 0) return MALFORMED;
      p = valueEnd;
    }
    return MALFORMED;
  }

  /** Offset of the first entry (key) or element of the container at {@code off}. */
  public static int first(byte[] b, int off, int end) {
    return off + 1 <= end ? off + 1 : MALFORMED;
  }

  /** Whether {@code p} is the end marker of a container (no more elements). */
  public static boolean atEnd(byte[] b, int p, int end) {
    return p < 0 || p >= end || b[p] == 'e';
  }
}
