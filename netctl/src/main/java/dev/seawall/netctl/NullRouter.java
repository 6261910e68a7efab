package dev.seawall.netctl;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The null-route service: rails in front, a {@link RouteBackend} behind, the {@link StateFile} as the
 * record of what should be active.
 *
 * <p>The state file is written before the backend is touched, so a crash in between is repaired by
 * the next {@link #reconcile()}: an added route gets announced, a removed one withdrawn. Creating a
 * router recovers at once (expired routes withdrawn, active ones re-announced); {@link #startTimers}
 * adds the expiry sweep and the periodic reconcile for long-running processes.
 */
public final class NullRouter implements NullRouteService {
  private static final System.Logger LOG = System.getLogger(NullRouter.class.getName());

  private final Rails rails;
  private final RouteBackend backend;
  private final StateFile state;
  private final Clock clock;
  private ScheduledExecutorService timers;

  /** What one reconcile changed. */
  public record Reconciled(Set<Prefix> announced, Set<Prefix> withdrawn, List<String> problems) {}

  public NullRouter(Rails rails, RouteBackend backend, StateFile state, Clock clock) {
    this.rails = rails;
    this.backend = backend;
    this.state = state;
    this.clock = clock;
    sweepExpired();
    reconcile();
  }

  /**
   * Withdraws routes when they expire (checked every {@code expiryCheck}), reconciles with the backend
   * every {@code reconcileEvery} and whenever the backend reports a session coming back.
   */
  public synchronized void startTimers(Duration expiryCheck, Duration reconcileEvery) {
    if (timers != null) return;
    timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("netctl-timers").daemon().factory());
    timers.scheduleWithFixedDelay(guard(this::sweepExpired), expiryCheck.toMillis(), expiryCheck.toMillis(), TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(guard(this::reconcile), reconcileEvery.toMillis(), reconcileEvery.toMillis(), TimeUnit.MILLISECONDS);
    ScheduledExecutorService t = timers;
    backend.onResync(() -> {
      if (!t.isShutdown()) t.execute(guard(this::reconcile));
    });
  }

  private static Runnable guard(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        // a timer that throws is never run again: report and keep going
        LOG.log(Level.WARNING, "netctl: " + e.getMessage());
      }
    };
  }

  private Rails currentRails() {
    try {
      return rails.protecting(backend.protectedAddresses());
    } catch (BackendException e) {
      LOG.log(Level.WARNING, "netctl: cannot ask " + backend.name() + " for its peers: " + e.getMessage());
      return rails;
    }
  }

  @Override
  public AddResult add(NullRouteRequest request) {
    Prefix p = request.prefix();
    var refusal = currentRails().check(p, request.ttl());
    if (refusal.isPresent()) return new AddResult.Refused(p, refusal.get());
    return state.locked(() -> {
      Instant now = clock.instant();
      Map<Prefix, NullRoute> routes = active(now);
      NullRoute old = routes.get(p);
      if (old == null) {
        var capped = rails.checkCap(p, routes.size());
        if (capped.isPresent()) return new AddResult.Refused(p, capped.get());
      }
      Instant expires = now.plus(rails.ttlOrDefault(request.ttl()));
      NullRoute route;
      if (old == null) {
        route = new NullRoute(p, request.reason(), request.notices(), request.requestedBy(), now, expires);
      } else {
        // a repeat request extends, never shortens, and keeps every notice that led here
        Set<String> notices = new LinkedHashSet<>(old.notices());
        notices.addAll(request.notices());
        route = new NullRoute(p, request.reason(), List.copyOf(notices), request.requestedBy(), old.added(),
            expires.isAfter(old.expires()) ? expires : old.expires());
      }
      if (request.dryRun()) return new AddResult.WouldAnnounce(route);
      // expired records stay until the sweep withdraws them; only this prefix's record is replaced
      List<NullRoute> before = state.load();
      List<NullRoute> next = new ArrayList<>(before.stream().filter(x -> !x.prefix().equals(p)).toList());
      next.add(route);
      state.save(next);
      try {
        backend.announce(p);
      } catch (BackendException e) {
        state.save(before);
        return new AddResult.Failed(p, backend.name() + " could not announce " + p + ": " + e.getMessage());
      }
      LOG.log(Level.INFO, "netctl: null-routed " + p + " until " + route.expires() + " (" + route.reason() + ")");
      return new AddResult.Announced(route, old != null);
    });
  }

  @Override
  public RemoveResult remove(RemoveRequest request) {
    Prefix p = request.prefix();
    return state.locked(() -> {
      Map<Prefix, NullRoute> routes = active(clock.instant());
      NullRoute old = routes.get(p);
      if (old == null) return new RemoveResult.NotActive(p);
      if (request.dryRun()) return new RemoveResult.WouldWithdraw(old);
      state.save(state.load().stream().filter(x -> !x.prefix().equals(p)).toList());
      try {
        backend.withdraw(p);
      } catch (BackendException e) {
        return new RemoveResult.Failed(p, "removed from the state, but " + backend.name() + " could not withdraw it ("
            + e.getMessage() + "); the next reconcile retries");
      }
      LOG.log(Level.INFO, "netctl: lifted null-route " + p + " (" + request.reason() + ")");
      return new RemoveResult.Withdrawn(old);
    });
  }

  @Override
  public List<NullRoute> list() {
    return state.locked(() -> active(clock.instant()).values().stream()
        .sorted(Comparator.comparing(NullRoute::prefix)).toList());
  }

  /** The recorded routes that have not expired, by prefix. */
  private Map<Prefix, NullRoute> active(Instant now) {
    Map<Prefix, NullRoute> m = new LinkedHashMap<>();
    for (NullRoute r : state.load()) {
      if (!r.expiredAt(now)) m.merge(r.prefix(), r, (a, b) -> a.expires().isAfter(b.expires()) ? a : b);
    }
    return m;
  }

  /** Withdraws and forgets every route whose expiry has passed; returns them. */
  public List<NullRoute> sweepExpired() {
    List<NullRoute> expired = state.locked(() -> {
      Instant now = clock.instant();
      List<NullRoute> all = state.load();
      List<NullRoute> gone = all.stream().filter(r -> r.expiredAt(now)).toList();
      if (!gone.isEmpty()) state.save(all.stream().filter(r -> !r.expiredAt(now)).toList());
      return gone;
    });
    for (NullRoute r : expired) {
      try {
        backend.withdraw(r.prefix());
        LOG.log(Level.INFO, "netctl: null-route " + r.prefix() + " expired at " + r.expires() + ", withdrawn");
      } catch (BackendException e) {
        LOG.log(Level.WARNING, "netctl: expired " + r.prefix() + " could not be withdrawn yet (" + e.getMessage()
            + "); the next reconcile retries");
      }
    }
    return expired;
  }

  /**
   * Makes the backend carry exactly the active routes: announces what is missing (after a restart of
   * Seawall or the BGP daemon, or a session loss), withdraws what Seawall no longer wants. Routes that
   * the rails now refuse (the configuration changed) are dropped and withdrawn, not re-announced.
   */
  public Reconciled reconcile() {
    return state.locked(() -> {
      Rails r = currentRails();
      List<String> problems = new ArrayList<>();
      Map<Prefix, NullRoute> want = active(clock.instant());
      boolean dropped = want.values().removeIf(route -> {
        var refusal = r.check(route.prefix(), null);
        refusal.ifPresent(msg -> problems.add("dropped " + route.prefix() + ": " + msg));
        return refusal.isPresent();
      });
      if (dropped) state.save(List.copyOf(want.values()));
      Set<Prefix> have;
      try {
        have = backend.announced();
      } catch (BackendException e) {
        problems.add(backend.name() + ": cannot list routes: " + e.getMessage());
        problems.forEach(m -> LOG.log(Level.WARNING, "netctl: " + m));
        return new Reconciled(Set.of(), Set.of(), problems);
      }
      Set<Prefix> announced = new LinkedHashSet<>();
      Set<Prefix> withdrawn = new LinkedHashSet<>();
      for (Prefix p : want.keySet()) {
        if (have.contains(p)) continue;
        try {
          backend.announce(p);
          announced.add(p);
        } catch (BackendException e) {
          problems.add("re-announce " + p + ": " + e.getMessage());
        }
      }
      for (Prefix p : have) {
        if (want.containsKey(p)) continue;
        try {
          backend.withdraw(p);
          withdrawn.add(p);
        } catch (BackendException e) {
          problems.add("withdraw " + p + ": " + e.getMessage());
        }
      }
      if (!announced.isEmpty()) LOG.log(Level.INFO, "netctl: re-announced " + announced);
      if (!withdrawn.isEmpty()) LOG.log(Level.INFO, "netctl: withdrew routes no longer active " + withdrawn);
      problems.forEach(m -> LOG.log(Level.WARNING, "netctl: " + m));
      return new Reconciled(announced, withdrawn, problems);
    });
  }

  public String backendHealth() {
    try {
      return backend.name() + ": " + backend.health();
    } catch (BackendException e) {
      return backend.name() + ": " + e.getMessage();
    }
  }

  public Rails rails() {
    return rails;
  }

  @Override
  public synchronized void close() {
    if (timers != null) {
      timers.shutdownNow();
      try {
        timers.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    backend.close();
  }
}
