package dev.seawall.desk.server;

import dev.seawall.desk.workflow.Desk;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the desk's rounds every {@code interval} on one background thread: first the abuse
 * mailbox's intake, when configured, then the workflow's timed work ({@link Desk#tick()}: process
 * new notices, run policy actions, timers, deliver mail), when configured. Every instance sharing
 * the database may run it: the workflow claims its work in the database, and intake is idempotent.
 */
public final class WorkflowTicker implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WorkflowTicker.class.getName());

  /** The last run: when, whether it failed, and how many problems it reported. */
  public record Status(Instant at, String error, int problems, int processed, int mailSent) {}

  private final Desk desk;
  private final MailboxIntake mailbox;
  private final Clock clock;
  private final ScheduledExecutorService timer;
  private volatile Status last;

  /**
   * @param desk the workflow, or null: rounds then only fetch the mailbox
   * @param mailbox the mailbox's intake, or null
   */
  public WorkflowTicker(Desk desk, MailboxIntake mailbox, Clock clock, Duration interval) {
    this.desk = desk;
    this.mailbox = mailbox;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("desk-workflow").daemon().factory());
    timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs one round now on the caller's thread (the timer's rounds never overlap with it: both are synchronized). */
  public synchronized Status tick() {
    // reports its own failure: the workflow runs whether or not the mailbox answered
    if (mailbox != null) mailbox.poll();
    Instant at = clock.instant();
    if (desk == null) return last = new Status(at, null, 0, 0, 0);
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

  /** The mailbox's intake, or null when no mailbox is configured. */
  public MailboxIntake mailbox() {
    return mailbox;
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
