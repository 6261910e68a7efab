package dev.seawall.engine.detect;

/**
 * How strong a verdict's evidence is, weakest first. Policy (not the detectors) decides which
 * levels block.
 */
public enum Confidence {
  /** Shape and statistics only (e.g. an MSE-shaped exchange with nothing else to back it). */
  HEURISTIC,
  /** Payload shape backed by other evidence: a learned peer, the same subscriber's BitTorrent. */
  CORRELATED,
  /** A protocol signature parsed and validated: handshake, bencoded KRPC, BEP 15 magic. */
  SIGNATURE;

  private static final Confidence[] VALUES = values();

  public static Confidence of(int ordinal) {
    return VALUES[ordinal];
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
