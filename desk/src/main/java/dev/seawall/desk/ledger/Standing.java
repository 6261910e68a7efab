package dev.seawall.desk.ledger;

/** Where a party stands under the repeat-infringer policy. */
public enum Standing {
  /** No restriction in force (warnings may have been sent). */
  ACTIVE,
  /** Must acknowledge the policy; recorded by a handler with {@code Ledger.acknowledge}. */
  ACK_REQUIRED,
  /** Service suspended until a time or until lifted. */
  SUSPENDED,
  /** Terminated. Stays so; only {@code Ledger.reinstate} with a recorded reason and user ends it. */
  TERMINATED
}
