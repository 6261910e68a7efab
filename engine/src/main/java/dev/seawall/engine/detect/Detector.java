package dev.seawall.engine.detect;

/**
 * Recognises one BitTorrent sub-protocol from the first packets of a flow. A detector is a small
 * state machine: per-flow state lives in its own arrays, indexed by {@link FlowContext#flow()},
 * sized by the factory that creates it for the first flows, grown by {@link #growTo} as more
 * slots come into use, and reset when the flow's first payload is shown
 * ({@link FlowContext#newFlow}; there is no separate start call: most flows are decided on that
 * payload, and one call costs less than two). It reports through the context: {@link
 * FlowContext#match} with the evidence, or {@link FlowContext#reject} when the flow cannot be its
 * protocol; saying nothing means "need more packets".
 *
 * <p>Detectors say what a flow is; they never decide what happens to it.
 */
public interface Detector {

  /** Short name used in statistics. */
  String name();

  /** Whether this detector looks at TCP streams seen from their start (the SYN). */
  boolean tcp();

  /**
   * Whether this detector looks at TCP streams first seen mid-stream, whose opening messages were
   * missed ({@link FlowContext#midStream}). By default the same as {@link #tcp}.
   */
  default boolean midStreamTcp() {
    return tcp();
  }

  /** Whether this detector looks at UDP datagrams. */
  boolean udp();

  /**
   * Whether this detector reads a TCP direction's first bytes through {@link FlowContext#prefix}.
   * When none of a flow's running detectors does, the engine stops copying them aside.
   */
  default boolean readsPrefix() {
    return true;
  }

  /**
   * Whether a flow whose first payload, sent from {@code direction} (0 = initiator), opens with
   * byte {@code firstByte} can be this detector's protocol. Asked for every value once, when the
   * classifier is built: the answers become a table that spares the call for flows the detector
   * could never match, which is most of them (a TLS or DNS flow is ruled out by its first byte for
   * nearly every detector). Answer false only where no later packet could make the flow match.
   */
  default boolean mayOpenWith(int direction, int firstByte) {
    return true;
  }

  /**
   * For UDP, where a datagram is a whole message: whether a flow whose first datagram is {@code
   * length} bytes long can be this detector's protocol. Asked once for each length below {@link
   * #TABLED_LENGTHS}, like {@link #mayOpenWith}; longer first datagrams are shown in any case.
   */
  default boolean mayOpenWithDatagramOf(int length) {
    return true;
  }

  /** Datagram lengths {@link #mayOpenWithDatagramOf} is asked about: 0 up to this, exclusive. */
  int TABLED_LENGTHS = 2048;

  /**
   * Per-flow arrays must now cover flows {@code [0, flows)}; the state of flows already there is
   * kept. Called between packets, never while the detector is being shown one.
   */
  default void growTo(int flows) {}

  /**
   * In-order TCP bytes of direction {@code ctx.direction()}, starting at stream offset {@code
   * ctx.streamOffset()}. The direction's first bytes are also available whole in {@code
   * ctx.prefix()}, so a message split over segments can be read at once. When {@link
   * FlowContext#newFlow} is true the slot's state belongs to an earlier flow: reset it first.
   */
  default void onStream(FlowContext ctx, byte[] buf, int off, int len) {
    ctx.reject();
  }

  /** One UDP datagram's payload; {@link FlowContext#newFlow} as for {@link #onStream}. */
  default void onDatagram(FlowContext ctx, byte[] buf, int off, int len) {
    ctx.reject();
  }
}
