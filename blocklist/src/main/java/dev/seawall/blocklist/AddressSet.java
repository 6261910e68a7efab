package dev.seawall.blocklist;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Address blocks, answering whether an address (128-bit, IPv4 as IPv4-mapped) falls in one
 * without allocating: one open-addressing table of masked addresses per prefix length in use, so
 * a lookup costs one probe per distinct length. Immutable once built.
 */
final class AddressSet {
  private final int[] lengths; // prefix lengths in use, longest first
  private final long[][] tables; // per length: hi, lo pairs; empty slot = a pair equal to EMPTY
  private final boolean[][] used;
  private final int size;

  AddressSet(Collection<Cidr> blocks) {
    TreeSet<Integer> ls = new TreeSet<>();
    for (Cidr c : blocks) ls.add(c.bits());
    lengths = ls.descendingSet().stream().mapToInt(Integer::intValue).toArray();
    tables = new long[lengths.length][];
    used = new boolean[lengths.length][];
    int n = 0;
    for (int k = 0; k < lengths.length; k++) {
      int bits = lengths[k];
      int count = (int) blocks.stream().filter(c -> c.bits() == bits).count();
      int cap = Integer.highestOneBit(Math.max(4, count * 2 - 1)) << 1;
      tables[k] = new long[cap * 2];
      used[k] = new boolean[cap];
      for (Cidr c : blocks) {
        if (c.bits() != bits) continue;
        if (insert(k, c.hi(), c.lo())) n++;
      }
    }
    size = n;
  }

  private boolean insert(int k, long hi, long lo) {
    long[] t = tables[k];
    int m = used[k].length - 1;
    for (int i = hash(hi, lo) & m; ; i = (i + 1) & m) {
      if (!used[k][i]) {
        used[k][i] = true;
        t[2 * i] = hi;
        t[2 * i + 1] = lo;
        return true;
      }
      if (t[2 * i] == hi && t[2 * i + 1] == lo) return false;
    }
  }

  int size() {
    return size;
  }

  boolean contains(long hi, long lo) {
    for (int k = 0; k < lengths.length; k++) {
      int bits = lengths[k];
      long h = hi & Cidr.maskHi(bits), l = lo & Cidr.maskLo(bits);
      long[] t = tables[k];
      int m = used[k].length - 1;
      for (int i = hash(h, l) & m; used[k][i]; i = (i + 1) & m) {
        if (t[2 * i] == h && t[2 * i + 1] == l) return true;
      }
    }
    return false;
  }

  private static int hash(long hi, long lo) {
    long x = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
    return (int) (x ^ (x >>> 32));
  }
}
