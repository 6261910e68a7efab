package dev.seawall.desk.forward;

/** Where an outgoing mail stands. */
public enum DeliveryState {
  /** Queued, or waiting for its next attempt after a failure. */
  PENDING,
  /** Accepted by the SMTP server; {@code messageId} and {@code sentAt} are recorded. */
  SENT,
  /** Attempts exhausted, or refused permanently (e.g. no address); a handler must act. */
  FAILED,
  /** Withdrawn by a handler, with a reason. */
  CANCELLED
}
