package dev.seawall.desk.store;

/** What happened to one notice offered to the store. */
public enum ImportOutcome {
  STORED,
  DUPLICATE
}
