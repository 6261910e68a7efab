package dev.seawall.desk.forward;

import dev.seawall.desk.audit.Actor;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Every mail the desk sends goes through the outbox: queued in the database in the same
 * transaction as the decision to send it, then delivered by SMTP with retries and backoff, and
 * recorded (message-id, time, recipient). A crash between queueing and sending loses nothing.
 */
public interface Outbox {

  /** Sends what is due now; failures are retried later with growing delays until attempts run out. */
  DeliveryRound deliverDue() throws SQLException;

  List<Delivery> forNotice(long noticeId) throws SQLException;

  List<Delivery> forCase(long caseId) throws SQLException;

  /** Forwards not delivered by their SLA deadline (for the dashboard's queue). */
  List<Delivery> overdue(Instant now) throws SQLException;

  /** How many forwards are overdue now (for a metrics gauge). */
  long overdueCount(Instant now) throws SQLException;

  /** Mails the desk's operators about overdue forwards not alerted yet; returns how many it covered. */
  int alertOverdue(Instant now) throws SQLException;

  /** A handler retries a FAILED (or PENDING) delivery now, optionally to a corrected address (handler). */
  Delivery retry(Actor actor, long deliveryId, String newRecipient, String reason) throws SQLException;

  /** A handler withdraws a pending delivery, with a reason (handler). */
  Delivery cancel(Actor actor, long deliveryId, String reason) throws SQLException;
}
