package dev.seawall.blocklist;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * A set of normalized domain names (lower-case ASCII, no trailing dot) that answers for a name
 * given as bytes, in any ASCII case, without allocating: the firewall asks once per flow on its
 * packet path. Open addressing over the names' hashes; immutable once built.
 */
final class DomainSet {
  private final byte[][] names;
  private final int[] hashes;
  private final int mask;
  private final int size;

  DomainSet(Collection<String> normalized) {
    int cap = Integer.highestOneBit(Math.max(4, normalized.size() * 2 - 1)) << 1;
    names = new byte[cap][];
    hashes = new int[cap];
    mask = cap - 1;
    int n = 0;
    for (String s : normalized) {
      byte[] b = s.getBytes(StandardCharsets.US_ASCII);
      int h = hash(b, 0, b.length);
      int i = h & mask;
      boolean dup = false;
      while (names[i] != null) {
        if (hashes[i] == h && equalsLower(names[i], b, 0, b.length)) {
          dup = true;
          break;
        }
        i = (i + 1) & mask;
      }
      if (dup) continue;
      names[i] = b;
      hashes[i] = h;
      n++;
    }
    size = n;
  }

  int size() {
    return size;
  }

  /** Whether {@code b[off..off+len)} (ASCII, any case) is in the set. */
  boolean contains(byte[] b, int off, int len) {
    if (size == 0) return false;
    int h = hash(b, off, len);
    for (int i = h & mask; names[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == h && equalsLower(names[i], b, off, len)) return true;
    }
    return false;
  }

  static int hash(byte[] b, int off, int len) {
    int h = 0;
    for (int i = off; i < off + len; i++) h = 31 * h + lower(b[i]);
    return h ^ (h >>> 16);
  }

  private static boolean equalsLower(byte[] stored, byte[] b, int off, int len) {
    if (stored.length != len) return false;
    for (int i = 0; i < len; i++) if (stored[i] != lower(b[off + i])) return false;
    return true;
  }

  static byte lower(byte c) {
    return c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
  }
}
