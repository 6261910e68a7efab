package dev.seawall.desk.counter;

/** The §512(g) timer's states. */
public enum CounterState {
  /** Elements missing: recorded, no timer runs; the subscriber is told what is missing. */
  INCOMPLETE,
  /** Copy sent to the complainant; restoration scheduled 10–14 business days after receipt. */
  SCHEDULED,
  /** The complainant reported a court action in time: no restoration. */
  CANCELLED_LAWSUIT,
  /** Restored (the customer was told it may restore; linked blocks lifted). */
  RESTORED
}
