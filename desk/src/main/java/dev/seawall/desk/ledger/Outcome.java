package dev.seawall.desk.ledger;

/** What became of an action. */
public enum Outcome {
  /** Recorded; the effect outside the desk (webhook, route) is being carried out or retried. */
  PENDING,
  /** Carried out (mail queued, webhook answered 2xx, route announced, state recorded). */
  DONE,
  /** Dry run: what would have been done is recorded, nothing was changed outside the desk. */
  DRY_RUN,
  /** Refused by a safety rail (e.g. netctl's never-blackhole list); the message says which. */
  REFUSED,
  /** Tried and failed (webhook unreachable, BGP daemon down); retried where the action says so. */
  FAILED
}
