package dev.seawall.desk.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code maxFailures} failed logins for one user name within
 * {@code window}, further attempts for that name are refused until the window has passed. Per
 * instance and in memory: it bounds guessing, it is not an account lock.
 */
public final class LoginThrottle {
  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final ConcurrentHashMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(int maxFailures, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** True when this name may try now. */
  public boolean allowed(String user) {
    Deque<Instant> d = failures.get(key(user));
    if (d == null) return true;
    synchronized (d) {
      prune(d);
      return d.size() < maxFailures;
    }
  }

  public void failed(String user) {
    if (failures.size() > 100_000) failures.clear(); // a flood of invented names must not eat the heap
    Deque<Instant> d = failures.computeIfAbsent(key(user), k -> new ArrayDeque<>());
    synchronized (d) {
      prune(d);
      d.addLast(clock.instant());
    }
  }

  public void succeeded(String user) {
    failures.remove(key(user));
  }

  private void prune(Deque<Instant> d) {
    Instant cutoff = clock.instant().minus(window);
    while (!d.isEmpty() && d.peekFirst().isBefore(cutoff)) d.removeFirst();
  }

  private static String key(String user) {
    return user == null ? "" : user;
  }
}
