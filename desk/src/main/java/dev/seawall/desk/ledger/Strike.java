package dev.seawall.desk.ledger;

import java.time.Instant;

/**
 * One counted infringement: every event of a valid notice matched to a customer is a strike
 * (twenty notices in one day are twenty strikes). Strikes are never deleted; they stop counting
 * at {@code expires}, by the policy's documented lifetime, and nothing else.
 *
 * @param counted  when the desk received the notice (strikes are dated by receipt)
 * @param observed when the sender saw the infringement
 */
public record Strike(
    long id, Party party, long noticeId, long eventId, Long caseId, String sender, boolean settlementOffer,
    Instant observed, Instant counted, Instant expires) {

  public boolean activeAt(Instant t) {
    return !t.isBefore(counted) && t.isBefore(expires);
  }
}
