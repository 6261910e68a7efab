package dev.seawall.netctl;

import java.util.Map;
import java.util.Set;

/**
 * The mechanism that makes a prefix unreachable: a BGP speaker or the local kernel. It knows nothing
 * of rails, expiry or reasons; {@link NullRouter} decides, the backend carries out.
 *
 * <p>Methods throw {@link BackendException} with a message naming the daemon or command that failed.
 */
public interface RouteBackend extends AutoCloseable {

  /** A short name for messages, e.g. "gobgp 127.0.0.1:50051". */
  String name();

  /** Announces (installs) a blackhole route; announcing one already present is not an error. */
  void announce(Prefix prefix);

  /** Withdraws (removes) it; withdrawing one that is absent is not an error. */
  void withdraw(Prefix prefix);

  /** The null-routes this backend currently carries that Seawall put there. */
  Set<Prefix> announced();

  /** Addresses the backend knows must never be blackholed (its BGP peers), with a label. */
  default Map<Prefix, String> protectedAddresses() {
    return Map.of();
  }

  /**
   * Asks to be told when announced routes may have been lost and must be checked again (BGP session
   * re-established, daemon restarted). The listener runs on a backend thread and must not block long.
   */
  default void onResync(Runnable listener) {}

  /** One line about the backend's health (peer states), for {@code nullroute list}. */
  default String health() {
    return "ok";
  }

  @Override
  default void close() {}
}
