package dev.seawall.engine.detect;

/**
 * Recognises one BitTorrent sub-protocol from the first packets of a flow. A detector is a small
 * state machine: per-flow state lives in its own arrays, indexed by {@link FlowContext#flow()},
 * sized once by the factory that creates it. It reports through the context: {@link
 * FlowContext#match} with the evidence, or {@link FlowContext#reject} when the flow cannot be its
 * protocol; saying nothing means "need more packets".
 *
 * <p>Detectors say what a flow is; they never decide what happens to it.
 */
public interface Detector {

  /** Short name used in statistics. */
  String name();

  /** Whether this detector looks at TCP streams. */
  boolean tcp();

  /** Whether this detector looks at UDP datagrams. */
  boolean udp();

  /**
   * A new flow of a transport this detector looks at starts in slot {@code ctx.flow()}: forget
   * whatever the slot held before.
   */
  void start(FlowContext ctx);

  /**
   * In-order TCP bytes of direction {@code ctx.direction()}, starting at stream offset {@code
   * ctx.streamOffset()}. The direction's first bytes are also available whole in {@code
   * ctx.prefix()}, so a message split over segments can be read at once.
   */
  default void onStream(FlowContext ctx, byte[] buf, int off, int len) {
    ctx.reject();
  }

  /** One UDP datagram's payload. */
  default void onDatagram(FlowContext ctx, byte[] buf, int off, int len) {
    ctx.reject();
  }
}
