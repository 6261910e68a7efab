package dev.seawall.desk.counter;

import java.time.Instant;

/**
 * A counter-notice as received (from a form, the API or a mail a handler enters).
 *
 * @param noticeId   the takedown notice it answers (its complainant gets the copy)
 * @param reason     ACNS CounterNotice vocabulary: IOWN, FAIRUSEFREESPEECH, MISIDENTIFIED, OTHER
 * @param statement  the subscriber's full text, kept verbatim (perjury statement, consent, …)
 * @param signature  typed name, /s/ line or "pgp" for a signed mail; null when absent
 * @param receivedAt when the desk received it (the §512(g) business days count from here)
 */
public record CounterNoticeForm(
    long noticeId, String customer, String subscriberName, String address, String phone, String email,
    String material, String priorLocation, Reason reason, String statement, String signature, Instant receivedAt) {

  /** ACNS CounterNotice reasons. */
  public enum Reason { IOWN, FAIRUSEFREESPEECH, MISIDENTIFIED, OTHER }
}
