package dev.seawall.desk.server;

import dev.seawall.desk.workflow.Desk;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the workflow's timed work ({@link Desk#tick()}: process new notices, run policy actions,
 * timers, deliver mail) every {@code interval} on one background thread. Every instance sharing
 * the database may run it: the workflow claims its work in the database.
 */
public final class WorkflowTicker implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WorkflowTicker.class.getName());

  /** The last run: when, whether it failed, and how many problems it reported. */
  public record Status(Instant at, String error, int problems, int processed, int mailSent) {}

  private final Desk desk;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private volatile Status last;

  public WorkflowTicker(Desk desk, Clock clock, Duration interval) {
    this.desk = desk;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("desk-workflow").daemon().factory());
    timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs one round now on the caller's thread (the timer's rounds never overlap with it: both are synchronized). */
  public synchronized Status tick() {
    Instant at = clock.instant();
    try {
      Desk.Tick t = desk.tick();
      if (!t.problems().isEmpty()) {
        LOG.log(System.Logger.Level.WARNING, "workflow: " + t.problems().size() + " problem(s): " + String.join("; ", t.problems()));
      }
      last = new Status(at, null, t.problems().size(), t.processed().notices(), t.mail().sent());
    } catch (Exception | LinkageError e) {
      // a round that throws must not end the timer: report, try again next round
      LOG.log(System.Logger.Level.ERROR, "workflow round failed: " + e, e);
      last = new Status(at, e.getClass().getSimpleName() + ": " + e.getMessage(), 0, 0, 0);
    }
    return last;
  }

  public Status last() {
    return last;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
