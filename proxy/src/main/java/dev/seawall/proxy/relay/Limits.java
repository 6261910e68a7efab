package dev.seawall.proxy.relay;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection caps: a total and one per principal (the user name, or the client address without
 * authentication). Kept in memory only; never listed or logged.
 */
public final class Limits {
  private final int max;
  private final int perUser;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> users = new ConcurrentHashMap<>();

  public Limits(int max, int perUser) {
    this.max = max;
    this.perUser = perUser;
  }

  public boolean acquire() {
    if (total.incrementAndGet() > max) {
      total.decrementAndGet();
      return false;
    }
    return true;
  }

  public void release() {
    total.decrementAndGet();
  }

  public boolean acquireUser(String principal) {
    boolean[] ok = {false};
    users.compute(principal, (k, v) -> {
      if (v == null) v = new AtomicInteger();
      if (v.get() < perUser) {
        v.incrementAndGet();
        ok[0] = true;
      }
      return v.get() == 0 ? null : v;
    });
    return ok[0];
  }

  public void releaseUser(String principal) {
    users.computeIfPresent(principal, (k, v) -> v.decrementAndGet() <= 0 ? null : v);
  }

  public int open() {
    return total.get();
  }

  /** Principals with open connections (tests: must drop to zero; nothing else reads it). */
  public int principals() {
    return users.size();
  }
}
