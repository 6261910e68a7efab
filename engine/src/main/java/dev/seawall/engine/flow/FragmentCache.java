package dev.seawall.engine.flow;

/**
 * Remembers the ports of recent first fragments so that later fragments of the same datagram
 * (which carry no transport header) can be counted in the right flow. Direct-mapped: a collision
 * only loses the attribution of a later fragment, which is then counted as unattributed.
 */
public final class FragmentCache {
  private static final int WORDS = 6; // srcLo, dstLo, srcHi ^ dstHi, id|protocol, ports, time
  private static final long MAX_AGE_NANOS = 30_000_000_000L;

  private final long[] entries;
  private final int mask;

  public FragmentCache(int sizePowerOfTwo) {
    if (Integer.bitCount(sizePowerOfTwo) != 1) throw new IllegalArgumentException("size must be a power of two");
    this.entries = new long[sizePowerOfTwo * WORDS];
    this.mask = sizePowerOfTwo - 1;
  }

  private int slot(long srcHi, long srcLo, long dstHi, long dstLo, long idProto) {
    long h = (srcLo * 0x9E3779B97F4A7C15L) ^ (dstLo * 0xC2B2AE3D27D4EB4FL) ^ (srcHi + dstHi) ^ (idProto * 0x165667B19E3779F9L);
    h ^= h >>> 31;
    return (int) h & mask;
  }

  private static long idProto(int fragmentId, int protocol) {
    return ((long) fragmentId << 8) | protocol;
  }

  public void put(long srcHi, long srcLo, long dstHi, long dstLo, int fragmentId, int protocol,
      int srcPort, int dstPort, long now) {
    long idp = idProto(fragmentId, protocol);
    int base = slot(srcHi, srcLo, dstHi, dstLo, idp) * WORDS;
    entries[base] = srcLo;
    entries[base + 1] = dstLo;
    entries[base + 2] = srcHi ^ dstHi;
    entries[base + 3] = idp;
    entries[base + 4] = ((long) srcPort << 16) | dstPort | (1L << 40); // bit 40: occupied
    entries[base + 5] = now;
  }

  /** Returns {@code srcPort << 16 | dstPort} of the datagram, or -1 when unknown. */
  public int lookup(long srcHi, long srcLo, long dstHi, long dstLo, int fragmentId, int protocol, long now) {
    long idp = idProto(fragmentId, protocol);
    int base = slot(srcHi, srcLo, dstHi, dstLo, idp) * WORDS;
    long ports = entries[base + 4];
    if ((ports & (1L << 40)) == 0 || entries[base] != srcLo || entries[base + 1] != dstLo
        || entries[base + 2] != (srcHi ^ dstHi) || entries[base + 3] != idp
        || now - entries[base + 5] > MAX_AGE_NANOS) {
      return -1;
    }
    return (int) (ports & 0xffff_ffffL);
  }
}
