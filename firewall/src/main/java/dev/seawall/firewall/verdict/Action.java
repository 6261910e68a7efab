package dev.seawall.firewall.verdict;

/** What happens to one queued packet. */
public enum Action {
  /** Let this packet through and keep queueing the flow: it is still being inspected. */
  INSPECT,
  /** Let the flow through and stop queueing it: judged clean (or allowed by policy). */
  OFFLOAD,
  /** Drop the flow (and reset it when TCP); the kernel drops its later packets. */
  BLOCK
}
