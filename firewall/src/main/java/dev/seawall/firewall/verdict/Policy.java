package dev.seawall.firewall.verdict;

import dev.seawall.engine.PacketInspector;
import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.detect.Confidence;
import java.util.EnumSet;
import java.util.Set;

/**
 * Turns the engine's view of a flow into an {@link Action}. Detectors say what a flow is; this
 * is the one place that decides what happens to it.
 *
 * @param blocking confidence levels that block (others are allowed once inspection ends)
 */
public record Policy(Mode mode, Set<Confidence> blocking) {

  public Policy {
    blocking = blocking.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(blocking));
  }

  /** The default: block protocol signatures and correlated evidence; heuristics alone do not block. */
  public static Policy defaults() {
    return new Policy(Mode.enforce, EnumSet.of(Confidence.SIGNATURE, Confidence.CORRELATED));
  }

  /**
   * @param result {@link PacketInspector#process}'s answer for the packet
   * @param confidence the flow's confidence when it is BitTorrent, else null
   */
  public Action decide(int result, Confidence confidence) {
    if (result == PacketInspector.NO_FLOW) return Action.INSPECT;
    boolean finished = (result & PacketInspector.FINISHED) != 0;
    int state = result & ~PacketInspector.FINISHED;
    if (state == Classifier.BITTORRENT && confidence != null && blocking.contains(confidence)) {
      return mode == Mode.enforce ? Action.BLOCK : Action.OFFLOAD;
    }
    // Clean, or BitTorrent below the blocking level: wait while detectors may still find more.
    return finished ? Action.OFFLOAD : Action.INSPECT;
  }

  /** Whether a BitTorrent verdict at this confidence counts as one to block (or would, in monitor mode). */
  public boolean blocks(Confidence confidence) {
    return confidence != null && blocking.contains(confidence);
  }
}
