package dev.seawall.desk.orders;

import java.time.Instant;

/** A recorded court order: the draft as normalised, its state, who entered and who decided it. */
public record CourtOrder(
    long id, CourtOrderDraft order, OrderState state, String createdBy, Instant createdAt, String decidedBy,
    Instant decidedAt, String decisionReason) {

  /** Approved, and {@code at} is within its effective period. */
  public boolean inForceAt(Instant at) {
    return state == OrderState.APPROVED && !at.isBefore(order.effective())
        && (order.expires() == null || at.isBefore(order.expires()));
  }
}
