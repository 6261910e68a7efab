package dev.seawall.desk.ledger;

/** What was done to a party, by the policy or by a person. */
public enum ActionKind {
  WARN,
  REQUIRE_ACK,
  SUSPEND,
  NULL_ROUTE,
  TERMINATE,
  /** A handler recorded the party's acknowledgement. */
  ACKNOWLEDGED,
  /** A suspension ended (its time ran out, or a handler lifted it with a reason). */
  UNSUSPEND,
  /** A terminated party was reinstated by an approver, with a reason. */
  REINSTATE
}
