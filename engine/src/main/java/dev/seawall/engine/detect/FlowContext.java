package dev.seawall.engine.detect;

/**
 * What a detector knows about the flow and the data it is being shown, and how it reports. One
 * instance per {@link Classifier}, refilled before every call: detectors must not keep it.
 */
public final class FlowContext {
  private final Classifier owner;

  int flow;
  boolean tcp;
  boolean midStream;
  int direction;
  int packetNumber;
  int payloadIndex;
  boolean newFlow;
  long streamOffset;
  byte[] prefix;
  int prefixOffset;
  int prefixLength;
  int otherOffset;
  int otherLength;
  int detector;


  FlowContext(Classifier owner) {
    this.owner = owner;
  }

  /** The flow's slot: index into the detector's own per-flow arrays. */
  public int flow() {
    return flow;
  }

  public boolean isTcp() {
    return tcp;
  }

  /**
   * True for a TCP flow first seen after its start (no SYN): the capture began late, the route is
   * asymmetric, or the connection was resumed through the filter. Its first bytes are then not
   * the protocol's opening messages.
   */
  public boolean midStream() {
    return midStream;
  }

  /** 0 for data sent by the flow's initiator, 1 for data sent by the responder. */
  public int direction() {
    return direction;
  }

  public boolean fromInitiator() {
    return direction == 0;
  }

  /** Number of this packet within the flow, both directions, from 1. */
  public int packetNumber() {
    return packetNumber;
  }

  /**
   * True while the flow's first payload is shown: the detector sees this flow for the first time,
   * and whatever its per-flow arrays hold at {@link #flow()} belongs to an earlier flow.
   */
  public boolean newFlow() {
    return newFlow;
  }

  /** Number of this payload-carrying packet (datagram or segment) in its direction, from 1. */
  public int payloadIndex() {
    return payloadIndex;
  }

  /** For TCP: offset of the shown bytes in the direction's stream (0 = its first byte). */
  public long streamOffset() {
    return streamOffset;
  }

  /**
   * The direction's first bytes, contiguous, including the ones being shown when they fall
   * inside the prefix window: {@code prefix()[prefixOffset() .. prefixOffset() + prefixLength())}.
   * Empty when no prefix is kept (UDP, or the window is exhausted).
   */
  public byte[] prefix() {
    return prefix;
  }

  public int prefixOffset() {
    return prefixOffset;
  }

  public int prefixLength() {
    return prefixLength;
  }

  /** The window of direction {@code d} (this direction's or the opposite one's); null without one. */
  public byte[] prefix(int d) {
    return prefix; // both directions share one array
  }

  public int prefixOffset(int d) {
    return d == direction ? prefixOffset : otherOffset;
  }

  /** Contiguous bytes held for direction {@code d}; 0 for the opposite direction of a datagram. */
  public int prefixLength(int d) {
    return d == direction ? prefixLength : otherLength;
  }

  // Endpoints are read from the classifier's per-flow arrays when asked: few detectors need them.

  public long initiatorHi() {
    return owner.endpoints[flow * 4];
  }

  public long initiatorLo() {
    return owner.endpoints[flow * 4 + 1];
  }

  public int initiatorPort() {
    return owner.ports[flow] >>> 16;
  }

  public long responderHi() {
    return owner.endpoints[flow * 4 + 2];
  }

  public long responderLo() {
    return owner.endpoints[flow * 4 + 3];
  }

  public int responderPort() {
    return owner.ports[flow] & 0xffff;
  }

  /**
   * This flow is the detector's protocol. {@code evidence} names what was seen; pass a constant
   * (it is kept by reference). A stronger verdict later replaces a weaker one; an equally strong
   * one of the same kind replaces only the evidence (it says more).
   */
  public void match(Kind kind, Confidence confidence, String evidence) {
    owner.match(this, kind, confidence, evidence);
  }

  /**
   * Like {@link #match}, but this detector keeps seeing the flow (every other detector stops) to
   * harvest what follows, such as the peer list in a tracker's reply; it calls {@link #reject}
   * when done. The verdict stands from now on.
   */
  public void matchAndHarvest(Kind kind, Confidence confidence, String evidence) {
    owner.matchAndHarvest(this, kind, confidence, evidence);
  }

  /** This flow cannot be the detector's protocol: stop showing it more. */
  public void reject() {
    owner.reject(this);
  }

  /** Records an info-hash (20 bytes at {@code off}) seen in this flow. */
  public void infohash(byte[] b, int off) {
    owner.recordInfohash(flow, b, off);
  }

  /** Whether {@code address:port} was learned as a BitTorrent peer (from any flow, any worker). */
  public boolean knownPeer(long hi, long lo, int port) {
    return owner.knownPeer(hi, lo, port);
  }

  /**
   * Whether this flow's initiator used BitTorrent (signature evidence) recently: per-subscriber
   * evidence that raises the confidence of weaker verdicts on this subscriber's flows only.
   */
  public boolean initiatorActive() {
    return owner.subscriberActive(initiatorHi(), initiatorLo());
  }

  /** Records the client's identification (e.g. the peer-id prefix "-qB4650-"), up to 8 bytes. */
  public void clientId(byte[] b, int off, int len) {
    owner.recordClientId(flow, b, off, len);
  }

  /**
   * Remembers an endpoint as a BitTorrent peer (from a tracker reply, DHT values, PEX), so later
   * flows to it are recognised even when encrypted. {@code hi/lo} as in {@code Packet}.
   */
  public void learnPeer(long hi, long lo, int port) {
    owner.learnPeer(hi, lo, port);
  }
}
