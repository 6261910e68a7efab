package dev.seawall.engine.flow;

import java.util.Arrays;

/**
 * Puts the first bytes of each TCP direction in order, enough for classification: a handshake
 * split over segments, or segments swapped in the first packets, reach the detectors in stream
 * order. Each direction's first {@code prefixBytes} are kept in a pooled buffer (so detectors can
 * re-read a message that arrived in pieces); beyond that window data passes straight through, and
 * a gap there is skipped rather than waited for.
 *
 * <p>Buffers come from a fixed pool, lazily filled; when it is empty a flow gets no window and
 * only its in-order segments are inspected. Nothing is allocated per packet.
 */
public final class StreamReassembler {
  /**
   * Receives newly contiguous bytes; {@code prefix*} describe the direction's window and {@code
   * other*} the opposite direction's, in the same array ({@code prefix} is null without a window).
   * Returns whether the flow's first bytes are still needed: when not, its window is dropped.
   */
  public interface Sink {
    boolean data(int flow, int direction, long streamOffset, byte[] buf, int off, int len,
        byte[] prefix, int prefixOffset, int prefixLength, int otherOffset, int otherLength);
  }

  private static final int MAX_PENDING = 4;
  private static final int NO_WINDOW = -2; // bufferOf: the flow's bytes are no longer kept
  private static final byte KNOWN = 1;

  private final int prefixBytes;
  private final byte[][] pool;
  private final int[] freeBuffers;
  private int freeCount;
  private int allocated;

  // Per-flow arrays cover the flows started so far (FlowSlots).
  private final int capacity;
  private int[] bufferOf; // per flow, -1 = none
  private byte[] flags; // per flow and direction
  private int[] isn; // per flow and direction: sequence number of stream offset 0
  private long[] delivered; // per flow and direction: contiguous bytes handed out
  private int[] pendingStart; // per flow, direction and pending range
  private int[] pendingEnd;
  private byte[] pendingCount;

  private long outOfOrderSkipped;
  private long gapsSkipped;
  private long poolExhausted;

  public StreamReassembler(int capacity, int poolSize, int prefixBytes) {
    this.prefixBytes = prefixBytes;
    this.pool = new byte[poolSize][];
    this.freeBuffers = new int[poolSize];
    this.capacity = capacity;
    int n = FlowSlots.initial(capacity);
    this.bufferOf = new int[n];
    this.flags = new byte[n * 2];
    this.isn = new int[n * 2];
    this.delivered = new long[n * 2];
    this.pendingStart = new int[n * 2 * MAX_PENDING];
    this.pendingEnd = new int[n * 2 * MAX_PENDING];
    this.pendingCount = new byte[n * 2];
    Arrays.fill(bufferOf, -1);
  }

  private void grow(int flow) {
    int old = bufferOf.length;
    int n = FlowSlots.grown(old, flow, capacity);
    bufferOf = Arrays.copyOf(bufferOf, n);
    Arrays.fill(bufferOf, old, n, -1);
    flags = Arrays.copyOf(flags, n * 2);
    isn = Arrays.copyOf(isn, n * 2);
    delivered = Arrays.copyOf(delivered, n * 2);
    pendingStart = Arrays.copyOf(pendingStart, n * 2 * MAX_PENDING);
    pendingEnd = Arrays.copyOf(pendingEnd, n * 2 * MAX_PENDING);
    pendingCount = Arrays.copyOf(pendingCount, n * 2);
  }

  public long outOfOrderSkipped() {
    return outOfOrderSkipped;
  }

  /** Gaps beyond the window jumped over (their bytes were never seen). */
  public long gapsSkipped() {
    return gapsSkipped;
  }

  public long poolExhausted() {
    return poolExhausted;
  }

  /** Bytes held by allocated window buffers. */
  public long bufferBytes() {
    return (long) allocated * 2 * prefixBytes;
  }

  public void start(int flow) {
    if (flow >= bufferOf.length) grow(flow);
    release(flow);
    for (int d = flow * 2; d < flow * 2 + 2; d++) {
      flags[d] = 0;
      delivered[d] = 0;
      pendingCount[d] = 0;
    }
  }

  /** Returns the flow's window buffer to the pool; its later segments pass through unbuffered. */
  public void release(int flow) {
    int b = bufferOf[flow];
    if (b >= 0) freeBuffers[freeCount++] = b;
    bufferOf[flow] = -1;
  }

  /**
   * The flow's first bytes are no longer needed: its buffer goes back to the pool and no other is
   * taken for it, so its later segments are shown in order as they come, without copies, and a
   * segment out of order is skipped over.
   */
  public void dropWindow(int flow) {
    release(flow);
    bufferOf[flow] = NO_WINDOW;
  }

  /** A SYN in this direction: the stream starts right after its sequence number. */
  public void syn(int flow, int direction, int seq) {
    int d = flow * 2 + direction;
    if ((flags[d] & KNOWN) == 0) {
      isn[d] = seq + 1;
      flags[d] |= KNOWN;
    }
  }

  public void segment(int flow, int direction, int seq, byte[] buf, int off, int len, Sink sink) {
    if (len <= 0) return;
    int d = flow * 2 + direction;
    if ((flags[d] & KNOWN) == 0) { // seen mid-stream: the first segment we get is offset 0
      isn[d] = seq;
      flags[d] |= KNOWN;
    }
    long done = delivered[d];
    int diff = seq - (isn[d] + (int) done); // wrap-safe distance from the next expected byte
    if (diff < 0) { // retransmission or overlap: keep only what is new
      if (diff + len <= 0) return;
      off -= diff;
      len += diff;
      diff = 0;
    }
    int buffer = windowFor(flow, done + diff);
    if (diff > 0) {
      if (buffer >= 0 && done + diff < prefixBytes) {
        holdOutOfOrder(d, buffer, direction, (int) done + diff, buf, off, len);
        return;
      }
      // A gap past the window is not worth waiting for (the capture may have lost it): skip over
      // it. Detectors see the stream offset jump and know the bytes between are missing.
      gapsSkipped++;
      done += diff;
      pendingCount[d] = 0;
    }
    if (buffer >= 0 && done == 0 && pendingCount[d] == 0 && delivered[flow * 2 + 1 - direction] == 0) {
      firstBytes(flow, direction, buffer, buf, off, len, sink);
      return;
    }
    byte[] window = null;
    int windowOffset = 0;
    int windowLength = 0;
    if (buffer >= 0) {
      window = pool[buffer];
      windowOffset = direction * prefixBytes;
      if (done < prefixBytes) {
        int copy = (int) Math.min(len, prefixBytes - done);
        System.arraycopy(buf, off, window, windowOffset + (int) done, copy);
      }
      windowLength = (int) Math.min(prefixBytes, done + len);
    }
    delivered[d] = done + len;
    boolean keep = sink.data(flow, direction, done, buf, off, len, window, windowOffset, windowLength,
        (1 - direction) * prefixBytes, otherLength(flow, direction));
    if (pendingCount[d] > 0 && window != null) keep = drainPending(flow, direction, d, window, windowOffset, sink, keep);
    if (!keep) dropWindow(flow);
  }

  /**
   * The flow's very first bytes are shown where they lie, as the window's whole content, and
   * copied into the window only if the sink still needs them: most flows are decided on their
   * first segment, and then the copy is never needed.
   */
  private void firstBytes(int flow, int direction, int buffer, byte[] buf, int off, int len, Sink sink) {
    int d = flow * 2 + direction;
    int shown = Math.min(len, prefixBytes);
    delivered[d] = len;
    if (sink.data(flow, direction, 0, buf, off, len, buf, off, shown, off, 0)) {
      System.arraycopy(buf, off, pool[buffer], direction * prefixBytes, shown);
    } else {
      dropWindow(flow);
    }
  }

  private int otherLength(int flow, int direction) {
    return (int) Math.min(prefixBytes, delivered[flow * 2 + 1 - direction]);
  }

  private int windowFor(int flow, long at) {
    int b = bufferOf[flow];
    if (b >= 0 || b == NO_WINDOW || at >= prefixBytes) return b;
    if (freeCount > 0) {
      b = freeBuffers[--freeCount];
    } else if (allocated < pool.length) {
      b = allocated++;
      pool[b] = new byte[2 * prefixBytes];
    } else {
      poolExhausted++;
      return -1;
    }
    bufferOf[flow] = b;
    return b;
  }

  private void holdOutOfOrder(int d, int buffer, int direction, int at, byte[] buf, int off, int len) {
    int end = Math.min(prefixBytes, at + len);
    System.arraycopy(buf, off, pool[buffer], direction * prefixBytes + at, end - at);
    int base = d * MAX_PENDING;
    int n = pendingCount[d];
    for (int i = 0; i < n; i++) { // merge with an overlapping or touching range
      if (at <= pendingEnd[base + i] && end >= pendingStart[base + i]) {
        pendingStart[base + i] = Math.min(at, pendingStart[base + i]);
        pendingEnd[base + i] = Math.max(end, pendingEnd[base + i]);
        return;
      }
    }
    if (n == MAX_PENDING) {
      outOfOrderSkipped++;
      return;
    }
    pendingStart[base + n] = at;
    pendingEnd[base + n] = end;
    pendingCount[d] = (byte) (n + 1);
  }

  /** Hands out held ranges that have become contiguous; returns the sink's last answer. */
  private boolean drainPending(int flow, int direction, int d, byte[] window, int windowOffset, Sink sink, boolean keep) {
    int base = d * MAX_PENDING;
    boolean progressed = true;
    while (progressed && pendingCount[d] > 0) {
      progressed = false;
      long done = delivered[d];
      for (int i = 0; i < pendingCount[d]; i++) {
        int start = pendingStart[base + i];
        int end = pendingEnd[base + i];
        if (start > done) continue;
        // Remove the range (swap with the last), then hand out whatever of it is new.
        int last = pendingCount[d] - 1;
        pendingStart[base + i] = pendingStart[base + last];
        pendingEnd[base + i] = pendingEnd[base + last];
        pendingCount[d] = (byte) last;
        if (end > done) {
          delivered[d] = end;
          keep = sink.data(flow, direction, done, window, windowOffset + (int) done, end - (int) done,
              window, windowOffset, end, (1 - direction) * prefixBytes, otherLength(flow, direction));
        }
        progressed = true;
        break;
      }
    }
    return keep;
  }
}
