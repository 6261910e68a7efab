package dev.seawall.engine.flow;

import java.util.Arrays;

/**
 * Bidirectional 5-tuple flows in flat arrays: an open-addressing index (linear probing,
 * backward-shift deletion, no tombstones) over a pool of flow ids, with a recency list for idle
 * expiry and for eviction when the pool is full. Freed ids are reused first, so ids stay below the
 * most flows held at once; the arrays are sized by {@link FlowSlots} (the index rehashed as they
 * grow) and stay flat, once at the capacity, however many flows pass through.
 *
 * <p>The recency list is kept lazily: a packet only stamps its flow's last-seen time, and a flow
 * found at the list's tail that was active since it was placed there moves to the front then. So
 * the per-packet cost is one store instead of relinking neighbours scattered over memory.
 *
 * <p>Both directions of a flow map to one entry: the key stores the two endpoints in canonical
 * order (lower address/port first). Single-threaded: one table per worker.
 */
public final class FlowTable {
  /** Called when a flow leaves the table, before its id is reused. */
  public interface Listener {
    void flowEnded(int flow, EndReason reason);
  }

  public enum EndReason {
    /** No packet for longer than the idle timeout. */
    IDLE,
    /** The pool was full and this was the least recently active flow. */
    EVICTED,
    /** A new TCP connection reused the 5-tuple of a closed one. */
    REUSED,
    /** The caller drained the table (end of a capture). */
    DRAINED
  }

  private static final int WORDS = 6; // aHi, aLo, bHi, bLo, ports|protocol, flow id + 1
  private static final int NIL = -1;

  private final int capacity;
  private int allocated; // records cover flow ids [0, allocated)
  private int fresh; // ids below this have been handed out before
  private int mask;
  private long[] index;
  private final Listener listener;

  // Per-flow records, by flow id.
  private int[] slotOf;
  private long[] firstSeen;
  private long[] lastSeen;
  private long[] placed; // lastSeen when the flow was last put at the list's head
  private long[] timeout;
  private boolean[] initiatorIsA;
  private int[] prev;
  private int[] next;
  private int[] free; // ids freed and not yet reused
  private int freeCount;
  private int head = NIL; // most recently active
  private int tail = NIL; // least recently active
  private int live;
  private int peak;

  private long evicted;
  private long expired;
  private long created;

  public FlowTable(int capacity, Listener listener) {
    if (capacity < 16) throw new IllegalArgumentException("flow table capacity must be at least 16: " + capacity);
    this.capacity = capacity;
    this.listener = listener;
    this.allocated = FlowSlots.initial(capacity);
    this.index = new long[slots(allocated) * WORDS];
    this.mask = slots(allocated) - 1;
    this.slotOf = new int[allocated];
    this.firstSeen = new long[allocated];
    this.lastSeen = new long[allocated];
    this.placed = new long[allocated];
    this.timeout = new long[allocated];
    this.initiatorIsA = new boolean[allocated];
    this.prev = new int[allocated];
    this.next = new int[allocated];
    this.free = new int[allocated];
  }

  /** Index slots for {@code flows} flows: a power of two, load factor at most 0.5. */
  private static int slots(int flows) {
    return Integer.highestOneBit(Math.max(2, flows) - 1) << 2;
  }

  /** Flow ids handed out so far lie below this (per-flow arrays of the table's users follow it). */
  public int allocatedFlows() {
    return allocated;
  }

  private void grow() {
    int n = FlowSlots.grown(allocated, allocated, capacity);
    slotOf = Arrays.copyOf(slotOf, n);
    firstSeen = Arrays.copyOf(firstSeen, n);
    lastSeen = Arrays.copyOf(lastSeen, n);
    placed = Arrays.copyOf(placed, n);
    timeout = Arrays.copyOf(timeout, n);
    initiatorIsA = Arrays.copyOf(initiatorIsA, n);
    prev = Arrays.copyOf(prev, n);
    next = Arrays.copyOf(next, n);
    free = Arrays.copyOf(free, n);
    if (slots(n) != mask + 1) rehash(slots(n));
    allocated = n;
  }

  private void rehash(int slots) {
    long[] old = index;
    index = new long[slots * WORDS];
    mask = slots - 1;
    for (int base = 0; base < old.length; base += WORDS) {
      long id = old[base + 5];
      if (id == 0) continue;
      int slot = hash(old[base], old[base + 1], old[base + 2], old[base + 3], old[base + 4]) & mask;
      while (index[slot * WORDS + 5] != 0) slot = (slot + 1) & mask;
      System.arraycopy(old, base, index, slot * WORDS, WORDS);
      slotOf[(int) id - 1] = slot;
    }
  }

  public int capacity() {
    return capacity;
  }

  public int size() {
    return live;
  }

  /** Most flows held at once. */
  public int peakSize() {
    return peak;
  }

  public long evictedCount() {
    return evicted;
  }

  public long expiredCount() {
    return expired;
  }

  public long createdCount() {
    return created;
  }

  /** Approximate bytes held by the table's arrays now. */
  public long footprintBytes() {
    return (long) index.length * 8 + (long) allocated * BYTES_PER_FLOW_RECORD;
  }

  /** What {@link #footprintBytes} reaches once the table has held {@code capacity} flows at once. */
  public long fullFootprintBytes() {
    return (long) slots(capacity) * WORDS * 8 + (long) capacity * BYTES_PER_FLOW_RECORD;
  }

  /** Packs ports and protocol as the fifth key word. */
  public static long portsWord(int portA, int portB, int protocol) {
    return ((long) portA << 32) | ((long) portB << 16) | protocol;
  }

  /** Symmetric by construction: the key is canonical before it is hashed. */
  public static int hash(long aHi, long aLo, long bHi, long bLo, long ports) {
    long h = aHi * 0x9E3779B97F4A7C15L;
    h = (h ^ aLo) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ bHi) * 0x9E3779B97F4A7C15L;
    h = (h ^ bLo) * 0xC2B2AE3D27D4EB4FL;
    h = (h ^ ports) * 0x9E3779B97F4A7C15L;
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    return (int) (h ^ (h >>> 32));
  }

  /**
   * Finds the flow of a canonical key, or -1. {@code hash} must be {@link #hash} of the same key.
   */
  public int find(long aHi, long aLo, long bHi, long bLo, long ports, int hash) {
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int base = slot * WORDS;
      long id = index[base + 5];
      if (id == 0) return NIL;
      if (index[base + 4] == ports && index[base + 1] == aLo && index[base + 3] == bLo
          && index[base] == aHi && index[base + 2] == bHi) {
        return (int) id - 1;
      }
    }
  }

  /**
   * Adds a flow for a canonical key known to be absent, evicting the least recently active flow
   * when the pool is full. Returns the new flow's id.
   */
  public int insert(long aHi, long aLo, long bHi, long bLo, long ports, int hash, boolean initiatorIsA, long now) {
    if (live == capacity) {
      for (int tries = 0; tries < 8 && placed[tail] != lastSeen[tail]; tries++) promote(tail);
      evicted++;
      end(tail, EndReason.EVICTED);
    }
    int flow;
    if (freeCount > 0) {
      flow = free[--freeCount];
    } else {
      if (fresh == allocated) grow();
      flow = fresh++;
    }
    int slot = hash & mask;
    while (index[slot * WORDS + 5] != 0) slot = (slot + 1) & mask;
    int base = slot * WORDS;
    index[base] = aHi;
    index[base + 1] = aLo;
    index[base + 2] = bHi;
    index[base + 3] = bLo;
    index[base + 4] = ports;
    index[base + 5] = flow + 1L;
    slotOf[flow] = slot;
    firstSeen[flow] = now;
    lastSeen[flow] = now;
    placed[flow] = now;
    this.initiatorIsA[flow] = initiatorIsA;
    linkHead(flow);
    live++;
    if (live > peak) peak = live;
    created++;
    return flow;
  }

  /** Marks activity; the flow moves to the front of the recency list when it next reaches the tail. */
  public void touch(int flow, long now) {
    lastSeen[flow] = now;
  }

  private void promote(int flow) {
    placed[flow] = lastSeen[flow];
    if (head == flow) return;
    unlink(flow);
    linkHead(flow);
  }

  /** Idle time after which the flow expires; set by the caller per transport and TCP state. */
  public void setTimeout(int flow, long nanos) {
    timeout[flow] = nanos;
  }

  /**
   * Ends flows idle past their timeout, oldest first; stops at the first one still active. At
   * most {@code budget} flows per call, so one packet never pays for a long backlog.
   */
  public int expire(long now, int budget) {
    int n = 0;
    for (int steps = 0; tail != NIL && steps < budget; steps++) {
      int flow = tail;
      if (now - lastSeen[flow] > timeout[flow]) {
        expired++;
        end(flow, EndReason.IDLE);
        n++;
      } else if (placed[flow] != lastSeen[flow]) {
        promote(flow); // active since it was placed: its true place is nearer the front
      } else {
        break;
      }
    }
    return n;
  }

  /** Ends one flow now (for example a TCP 5-tuple reused after close). */
  public void remove(int flow, EndReason reason) {
    end(flow, reason);
  }

  /** Ends every flow, least recently active first. */
  public void drain() {
    while (tail != NIL) end(tail, EndReason.DRAINED);
  }

  /** Bytes per flow of the arrays above, for sizing: index slots plus records. */
  static final int BYTES_PER_FLOW_RECORD = 4 + 8 + 8 + 8 + 8 + 1 + 4 + 4 + 4;

  private void end(int flow, EndReason reason) {
    listener.flowEnded(flow, reason);
    deleteSlot(slotOf[flow]);
    unlink(flow);
    free[freeCount++] = flow;
    live--;
  }

  /** Backward-shift deletion keeps every probe chain unbroken without tombstones. */
  private void deleteSlot(int hole) {
    int slot = hole;
    while (true) {
      slot = (slot + 1) & mask;
      int base = slot * WORDS;
      long id = index[base + 5];
      if (id == 0) break;
      int home = hash(index[base], index[base + 1], index[base + 2], index[base + 3], index[base + 4]) & mask;
      // Move the entry into the hole unless its home lies cyclically in (hole, slot].
      boolean stays = hole <= slot ? (home > hole && home <= slot) : (home > hole || home <= slot);
      if (stays) continue;
      System.arraycopy(index, base, index, hole * WORDS, WORDS);
      slotOf[(int) id - 1] = hole;
      hole = slot;
    }
    Arrays.fill(index, hole * WORDS, hole * WORDS + WORDS, 0L);
  }

  private void linkHead(int flow) {
    prev[flow] = NIL;
    next[flow] = head;
    if (head != NIL) prev[head] = flow;
    head = flow;
    if (tail == NIL) tail = flow;
  }

  private void unlink(int flow) {
    int p = prev[flow], n = next[flow];
    if (p != NIL) next[p] = n;
    else head = n;
    if (n != NIL) prev[n] = p;
    else tail = p;
  }

  // Accessors for the flow's key and record.

  public boolean initiatorIsA(int flow) {
    return initiatorIsA[flow];
  }

  public void setInitiatorIsA(int flow, boolean isA) {
    initiatorIsA[flow] = isA;
  }

  public long firstSeen(int flow) {
    return firstSeen[flow];
  }

  public long lastSeen(int flow) {
    return lastSeen[flow];
  }

  /** Word {@code w} of the flow's canonical key: 0 aHi, 1 aLo, 2 bHi, 3 bLo, 4 ports|protocol. */
  public long keyWord(int flow, int w) {
    return index[slotOf[flow] * WORDS + w];
  }

  public int protocol(int flow) {
    return (int) (keyWord(flow, 4) & 0xff);
  }

  public int portA(int flow) {
    return (int) (keyWord(flow, 4) >>> 32) & 0xffff;
  }

  public int portB(int flow) {
    return (int) (keyWord(flow, 4) >>> 16) & 0xffff;
  }
}
