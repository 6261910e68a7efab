package dev.seawall.firewall.verdict;

/** Whether detections are acted upon. */
public enum Mode {
  /** Block flows whose verdict reaches a blocking confidence. */
  enforce,
  /** Judge and count, never block: for trials, and to prove a test could fail. */
  monitor
}
