package dev.seawall.desk.api;

import dev.seawall.desk.match.EventMatcher;
import dev.seawall.desk.registry.Registry;
import dev.seawall.desk.store.RegistryStore;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The registry as of at most {@code maxAge} ago. Loading the whole registry per request would be
 * correct but slow; a registry change made through this instance is seen at once ({@link
 * #invalidate}), one made elsewhere (another instance, the CLI) within {@code maxAge}.
 */
public final class RegistryCache {
  private final RegistryStore store;
  private final Duration skew;
  private final Duration maxAge;
  private final Clock clock;
  private Registry registry;
  private Instant loaded = Instant.MIN;

  public RegistryCache(RegistryStore store, Duration skew, Duration maxAge, Clock clock) {
    this.store = store;
    this.skew = skew;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  public synchronized Registry registry() throws SQLException {
    Instant now = clock.instant();
    if (registry == null || loaded.plus(maxAge).isBefore(now)) {
      registry = store.load();
      loaded = now;
    }
    return registry;
  }

  public EventMatcher matcher() throws SQLException {
    return new EventMatcher(registry(), skew);
  }

  public Duration skew() {
    return skew;
  }

  public synchronized void invalidate() {
    registry = null;
  }
}
