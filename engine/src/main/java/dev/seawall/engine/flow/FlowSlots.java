package dev.seawall.engine.flow;

/**
 * How per-flow arrays are sized, everywhere in the engine: for {@link #INITIAL} flows at first,
 * then doubled as higher flow ids come into use, never past the capacity. Flow ids are handed out
 * lowest first and freed ones reused first ({@link FlowTable}, the proxy's connection slots), so
 * the arrays follow the flows held at once, not the cap: zeroing tables sized for the cap cost more
 * start-up time on these VMs than detecting on a 400 MB capture (BENCHMARKS.md).
 */
public final class FlowSlots {
  private FlowSlots() {}

  /** Flows per-flow arrays hold at first. */
  public static final int INITIAL = 1024;

  /** The first length of per-flow arrays for {@code capacity} flows. */
  public static int initial(int capacity) {
    return Math.min(capacity, INITIAL);
  }

  /** The length that covers {@code flow}, grown from {@code length}: doubled, at most {@code capacity}. */
  public static int grown(int length, int flow, int capacity) {
    if (flow >= capacity) throw new IndexOutOfBoundsException("flow " + flow + " beyond capacity " + capacity);
    return (int) Math.min(capacity, Math.max(2L * length, flow + 1L));
  }
}
