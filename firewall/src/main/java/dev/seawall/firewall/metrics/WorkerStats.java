package dev.seawall.firewall.metrics;

import dev.seawall.engine.detect.Kind;
import dev.seawall.firewall.verdict.CourtOrders;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of one queue worker: written by the worker only (release stores, no contention), read
 * by the metrics endpoint. Aggregates only: nothing here can name a user, an address or a flow.
 */
public final class WorkerStats {
  public enum Counter {
    PACKETS, BATCHES,
    VERDICT_INSPECT, VERDICT_OFFLOAD, VERDICT_BLOCK,
    FLOWS_CLEAN, FLOWS_ALLOWED, FLOWS_BLOCKED, FLOWS_WOULD_BLOCK,
    MALFORMED_PACKETS, TRUNCATED_MESSAGES, PACKETS_WITHOUT_ID, INSPECTOR_ERRORS,
    KERNEL_ERRORS, RECEIVE_ERRORS, SEND_ERRORS,
    RESETS_SENT, RESET_ERRORS
  }

  private static final int KINDS = Kind.values().length;

  private final int queue;
  private final AtomicLongArray counters = new AtomicLongArray(Counter.values().length);
  private final AtomicLongArray blockedByKind = new AtomicLongArray(KINDS);
  private final AtomicLongArray wouldBlockByKind = new AtomicLongArray(KINDS);
  private final AtomicLongArray courtOrders = new AtomicLongArray(CourtOrders.Match.values().length * 2);
  private volatile long heartbeatNanos = System.nanoTime();

  public WorkerStats(int queue) {
    this.queue = queue;
  }

  public int queue() {
    return queue;
  }

  public void add(Counter c, long n) {
    int i = c.ordinal();
    counters.lazySet(i, counters.get(i) + n);
  }

  public void increment(Counter c) {
    add(c, 1);
  }

  public long get(Counter c) {
    return counters.get(c.ordinal());
  }

  public void blocked(Kind k, boolean wouldOnly) {
    AtomicLongArray a = wouldOnly ? wouldBlockByKind : blockedByKind;
    int i = k.ordinal();
    a.lazySet(i, a.get(i) + 1);
  }

  public long blocked(Kind k) {
    return blockedByKind.get(k.ordinal());
  }

  public long wouldBlock(Kind k) {
    return wouldBlockByKind.get(k.ordinal());
  }

  /** A flow refused by court order (or that would be, in monitor mode). */
  public void courtOrder(CourtOrders.Match m, boolean wouldOnly) {
    int i = m.ordinal() * 2 + (wouldOnly ? 1 : 0);
    courtOrders.lazySet(i, courtOrders.get(i) + 1);
  }

  public long courtOrders(CourtOrders.Match m, boolean wouldOnly) {
    return courtOrders.get(m.ordinal() * 2 + (wouldOnly ? 1 : 0));
  }

  public void beat(long now) {
    heartbeatNanos = now;
  }

  public long heartbeatNanos() {
    return heartbeatNanos;
  }
}
