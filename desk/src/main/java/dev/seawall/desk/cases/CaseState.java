package dev.seawall.desk.cases;

/** A case is open while its customer's notices are being handled; a handler closes it with a reason. */
public enum CaseState {
  OPEN,
  CLOSED
}
