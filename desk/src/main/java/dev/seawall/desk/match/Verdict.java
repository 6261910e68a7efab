package dev.seawall.desk.match;

/** What a notice's event comes to once matched against the registry. */
public enum Verdict {
  /** One customer held the address (and port) for the whole skew window. */
  CUSTOMER("customer"),
  /** A shared VPN/SOCKS5 exit: the operator is known, no user is attributable (no logs kept). */
  SHARED_EXIT("shared-exit"),
  /** The address (or domain) is not in our registry at all: ACNS IP_OUT_OF_RANGE. */
  NOT_OURS("not-ours"),
  /** Cannot be decided: no usable address or time, unassigned then, or several holders in the window. */
  UNMATCHED("unmatched");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
