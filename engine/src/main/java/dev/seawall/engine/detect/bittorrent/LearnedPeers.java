package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.PeerMemory;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Endpoints learned as BitTorrent peers (tracker replies, DHT {@code values}, PEX, flows already
 * confirmed), so that a later flow to one of them is recognised even when it is encrypted; and
 * subscribers seen using BitTorrent, whose weaker evidence then counts for more, for a while.
 *
 * <p>Set-associative: an endpoint hashes to one set of {@link #WAYS} entries; a new endpoint takes
 * a free or expired way, else the way that expires soonest. Entries are never replaced merely
 * because another endpoint hashes to the same place, and lookups compare the full endpoint, so a
 * collision can neither block an unrelated address nor forget a recent peer while older ones
 * remain. Every entry expires after the TTL. Memory only: never written anywhere.
 *
 * <p>Every new flow asks the table, and almost every answer is no. A one-word summary per set (a
 * byte of the hash per way, in a 128 KiB array that stays in cache) answers most of those without
 * the lock and without touching the 4 MiB of entries; a matching byte still compares the full
 * endpoint under the lock.
 */
public final class LearnedPeers implements PeerMemory {
  public static final int WAYS = 8;
  private static final int WORDS = 4; // hi, lo, port + 1 (0 = empty), expiry
  private static final int STRIPES = 64;

  private final long[] entries;
  private final long[] tags; // per set: byte w = tag of way w, 0 = empty
  private final int setMask;
  private final long ttlNanos;
  private final long subscriberTtlNanos;
  private final Object[] locks = new Object[STRIPES];
  private final LongAdder learned = new LongAdder();
  private final LongAdder replacedBeforeExpiry = new LongAdder();

  /**
   * @param sets number of sets (rounded up to a power of two); capacity is {@code sets * WAYS}
   * @param ttl how long a learned endpoint counts
   * @param subscriberTtl how long a subscriber's BitTorrent use raises its other flows' confidence
   */
  public LearnedPeers(int sets, Duration ttl, Duration subscriberTtl) {
    int n = sets <= 1 ? 1 : Integer.highestOneBit(sets - 1) << 1;
    this.entries = new long[n * WAYS * WORDS];
    this.tags = new long[n];
    this.setMask = n - 1;
    this.ttlNanos = ttl.toNanos();
    this.subscriberTtlNanos = subscriberTtl.toNanos();
    for (int i = 0; i < STRIPES; i++) locks[i] = new Object();
  }

  /** 16,384 sets (131,072 entries, 4 MiB); peers count for 15 minutes, subscribers for 10. */
  public static LearnedPeers withDefaults() {
    return new LearnedPeers(16_384, Duration.ofMinutes(15), Duration.ofMinutes(10));
  }

  public int capacity() {
    return (setMask + 1) * WAYS;
  }

  private static long hash(long hi, long lo, int port) {
    long h = (hi * 0x9E3779B97F4A7C15L) ^ (lo * 0xC2B2AE3D27D4EB4FL) ^ (port * 0x165667B19E3779F9L);
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return h ^ (h >>> 32);
  }

  private int set(long hash) {
    return (int) hash & setMask;
  }

  /** 1..255 from hash bits the set index does not use. */
  private static long tag(long hash) {
    return ((hash >>> 56) % 255) + 1;
  }

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  /** Whether any way of the set may hold an endpoint with this tag (a byte of the word equals it). */
  private static boolean mayHold(long setTags, long tag) {
    long x = setTags ^ (tag * ONES);
    return ((x - ONES) & ~x & HIGHS) != 0;
  }

  /**
   * Endpoints below this port are never learned. Peer lists come from trackers and DHT nodes that
   * anyone can run: a hostile one could list a resolver's 53 or a web server's 443 and have a
   * subscriber's ordinary traffic blocked. BitTorrent clients listen on unprivileged ports.
   */
  public static final int LOWEST_PORT = 1024;

  @Override
  public void learn(long hi, long lo, int port, long nowNanos) {
    if (port < LOWEST_PORT) return;
    put(hi, lo, port, nowNanos + ttlNanos, nowNanos);
  }

  @Override
  public boolean known(long hi, long lo, int port, long nowNanos) {
    return lookup(hi, lo, port, nowNanos);
  }

  @Override
  public void noteSubscriber(long hi, long lo, long nowNanos) {
    put(hi, lo, SUBSCRIBER, nowNanos + subscriberTtlNanos, nowNanos);
  }

  @Override
  public boolean subscriberActive(long hi, long lo, long nowNanos) {
    return lookup(hi, lo, SUBSCRIBER, nowNanos);
  }

  /** Subscriber entries share the table under a port number no endpoint can have. */
  private static final int SUBSCRIBER = 1 << 16;

  private void put(long hi, long lo, int port, long expiry, long nowNanos) {
    long hash = hash(hi, lo, port);
    int set = set(hash);
    synchronized (locks[set & (STRIPES - 1)]) {
      int base = set * WAYS * WORDS;
      int victim = -1;
      long victimExpiry = Long.MAX_VALUE;
      for (int w = 0; w < WAYS; w++) {
        int e = base + w * WORDS;
        if (entries[e + 2] == port + 1L && entries[e] == hi && entries[e + 1] == lo) {
          entries[e + 3] = Math.max(entries[e + 3], expiry); // refresh
          return;
        }
        long exp = entries[e + 2] == 0 ? Long.MIN_VALUE : entries[e + 3];
        if (exp < victimExpiry) {
          victimExpiry = exp;
          victim = e;
        }
      }
      if (victimExpiry != Long.MIN_VALUE && victimExpiry > nowNanos) replacedBeforeExpiry.increment();
      entries[victim] = hi;
      entries[victim + 1] = lo;
      entries[victim + 2] = port + 1L;
      entries[victim + 3] = expiry;
      int shift = (victim - base) / WORDS * 8;
      tags[set] = tags[set] & ~(0xffL << shift) | tag(hash) << shift;
      learned.increment();
    }
  }

  private boolean lookup(long hi, long lo, int port, long nowNanos) {
    long hash = hash(hi, lo, port);
    int set = set(hash);
    // A plain read outside the lock: racing with a put can only miss the endpoint being added,
    // which a lookup just before that put would have missed as well.
    if (!mayHold(tags[set], tag(hash))) return false;
    synchronized (locks[set & (STRIPES - 1)]) {
      int base = set * WAYS * WORDS;
      for (int w = 0; w < WAYS; w++) {
        int e = base + w * WORDS;
        if (entries[e + 2] == port + 1L && entries[e] == hi && entries[e + 1] == lo) {
          return entries[e + 3] > nowNanos;
        }
      }
      return false;
    }
  }

  /** Forgets every endpoint (for analysing unrelated captures one after another). */
  public void clear() {
    for (int stripe = 0; stripe < STRIPES; stripe++) {
      synchronized (locks[stripe]) {
        for (int set = stripe; set <= setMask; set += STRIPES) {
          java.util.Arrays.fill(entries, set * WAYS * WORDS, (set + 1) * WAYS * WORDS, 0L);
          tags[set] = 0;
        }
      }
    }
  }

  /** Endpoints learned (new entries) since creation. */
  public long learnedCount() {
    return learned.sum();
  }

  /** New endpoints that had to take the place of one not yet expired (the table is too small). */
  public long replacedBeforeExpiryCount() {
    return replacedBeforeExpiry.sum();
  }
}
