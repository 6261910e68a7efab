package dev.seawall.desk.server;

import dev.seawall.desk.intake.ImapPoller;
import dev.seawall.desk.intake.ImportSummary;
import dev.seawall.desk.ops.DeskMetrics;
import java.time.Clock;
import java.time.Instant;

/**
 * The abuse mailbox as part of the desk's rounds: one {@link ImapPoller#pollOnce()} per round,
 * whose outcome is kept for {@code /health} and counted in {@code /metrics}. A failed poll is
 * reported, never thrown: the mailbox being down must not stop the workflow. Several instances may
 * poll one mailbox: a message two of them fetch is stored once (raw-notice identity).
 */
public final class MailboxIntake {
  private static final System.Logger LOG = System.getLogger(MailboxIntake.class.getName());

  /**
   * The last poll. Only counts and the failure's kind and text: never a notice's contents or an
   * address from one.
   *
   * @param error null when the poll succeeded
   */
  public record Poll(Instant at, long fetched, long stored, long duplicates, String error) {}

  private final ImapPoller poller;
  private final String mailbox;
  private final Clock clock;
  private final DeskMetrics metrics;
  private volatile Poll last;

  /** @param mailbox the mailbox as shown in log lines (its URL, which holds no password) */
  public MailboxIntake(ImapPoller poller, String mailbox, Clock clock, DeskMetrics metrics) {
    this.poller = poller;
    this.mailbox = mailbox;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Fetches and stores what is unseen; the outcome is also {@link #last()}. */
  public Poll poll() {
    Instant at = clock.instant();
    Poll before = last;
    try {
      ImportSummary s = poller.pollOnce();
      metrics.imapFetched(s.read());
      last = new Poll(at, s.read(), s.stored(), s.duplicates(), null);
      if (before != null && before.error() != null) LOG.log(System.Logger.Level.INFO, "IMAP " + mailbox + ": polling again");
    } catch (Exception | LinkageError e) {
      metrics.imapPollFailed();
      last = new Poll(at, 0, 0, 0, describe(e));
      // an outage fails every round: its start (and each change of error) is logged, not every round
      if (before == null || !last.error().equals(before.error())) {
        boolean expected = e instanceof jakarta.mail.MessagingException;
        LOG.log(System.Logger.Level.WARNING, "IMAP " + mailbox + ": poll failed (retried every round): " + last.error(),
            expected ? null : e);
      }
    }
    return last;
  }

  /** The last poll, or null before the first. */
  public Poll last() {
    return last;
  }

  /**
   * A database error's text can quote the row it was storing (a notice): only its state is shown.
   * Mail errors are about the connection and the login.
   */
  private static String describe(Throwable e) {
    if (e instanceof java.sql.SQLException q) return "storing the fetched notices failed (SQLState " + q.getSQLState() + ")";
    String m = e.getMessage();
    Throwable cause = e.getCause();
    String why = cause == null || cause.getMessage() == null || (m != null && m.contains(cause.getMessage())) ? ""
        : " (" + cause.getMessage() + ")";
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.replaceAll("\\s+", " ").strip()) + why;
  }
}
