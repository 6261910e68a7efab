package dev.seawall.desk.forward;

import java.time.Instant;

/**
 * One outgoing mail and its delivery record: the proof that a notice was forwarded (message-id,
 * time, recipient) or why it was not.
 *
 * @param due         the SLA deadline for forwards (notice receipt + SLA of the customer's kind), else null
 * @param nextAttempt when the next try is due (PENDING only)
 * @param messageId   the Message-ID of the mail as sent
 */
public record Delivery(
    long id, Purpose purpose, Long caseId, Long noticeId, String recipient, String subject, DeliveryState state,
    int attempts, Instant created, Instant due, Instant nextAttempt, Instant sentAt, String messageId, String lastError) {

  /** Not delivered and past its deadline. */
  public boolean overdueAt(Instant now) {
    return due != null && state != DeliveryState.SENT && state != DeliveryState.CANCELLED && now.isAfter(due);
  }
}
