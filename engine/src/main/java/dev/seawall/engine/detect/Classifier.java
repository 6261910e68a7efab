package dev.seawall.engine.detect;

import dev.seawall.engine.flow.FlowSlots;
import java.util.Arrays;

/**
 * Runs the detectors over the first packets of each flow and keeps each flow's verdict. Owned by
 * one worker thread; flows are identified by slot numbers in {@code [0, capacity)} handed out by
 * the caller (a flow table, or a proxy's connection pool).
 *
 * <p>A flow is inspected until a detector matches with {@link Confidence#SIGNATURE}, every
 * detector has rejected it, or its payload-packet budget is spent. Weaker matches decide the flow
 * as BitTorrent at once but let the remaining detectors look for stronger evidence.
 */
public final class Classifier {
  public static final int UNDECIDED = 0;
  public static final int CLEAN = 1;
  public static final int BITTORRENT = 2;

  /** Info-hashes kept per flow when collection is on; more are counted but not stored. */
  public static final int MAX_INFOHASHES = 4;

  private final Detector[] detectors;
  private final int capacity;
  private int allocated; // per-flow arrays (here and in the detectors) cover slots [0, allocated): FlowSlots
  private final int tcpMask;
  private final int midStreamMask;
  private final int udpMask;
  private final int prefixReaders;
  private final int[] opening = new int[512]; // by direction and first byte: detectors that a flow can open with
  private final int[] openingLength = new int[Detector.TABLED_LENGTHS]; // by first datagram length, likewise
  private final int maxPayloadPackets;
  private final PeerMemory peers;
  private final FlowContext ctx = new FlowContext(this);

  private int[] active;
  private byte[] state;
  private boolean[] finished;
  private byte[] kind;
  private byte[] confidence;
  private int[] decidedAt;
  private int[] decidedAtPayload;
  private String[] evidence;
  private int[] payloadPackets; // per flow, both directions
  private int[] payloadIndex; // per flow and direction
  private byte[] infohashes; // null when not collected
  private byte[] infohashCount;
  private long[] clientIds; // up to 8 ASCII bytes, big-endian, 0 = none
  long[] endpoints; // per flow: initiator hi, lo, responder hi, lo (read by FlowContext)
  int[] ports; // per flow: initiator port << 16 | responder port
  private boolean[] midStreams;

  private long now;
  private final long[] matchesByKind = new long[Kind.values().length];

  /**
   * @param maxPayloadPackets payload packets (both directions) after which an undecided flow is
   *     judged clean
   * @param collectInfohashes keep info-hashes per flow (analysis); enforcement points leave it off
   */
  public Classifier(int capacity, DetectorSet set, PeerMemory peers, int maxPayloadPackets, boolean collectInfohashes) {
    this.capacity = capacity;
    this.allocated = FlowSlots.initial(capacity);
    this.detectors = set.create(allocated);
    int t = 0, m = 0, u = 0, r = 0;
    for (int i = 0; i < detectors.length; i++) {
      if (detectors[i].readsPrefix()) r |= 1 << i;
      if (detectors[i].tcp()) t |= 1 << i;
      if (detectors[i].midStreamTcp()) m |= 1 << i;
      if (detectors[i].udp()) u |= 1 << i;
    }
    this.tcpMask = t;
    this.midStreamMask = m;
    this.udpMask = u;
    this.prefixReaders = r;
    // Built at every start (analyze runs for well under a second on many captures), so each
    // detector is asked only the questions that concern it.
    for (int i = 0; i < detectors.length; i++) {
      Detector det = detectors[i];
      for (int b = 0; b < 512; b++) {
        if (det.mayOpenWith(b >>> 8, b & 0xff)) opening[b] |= 1 << i;
      }
      boolean udp = (u & 1 << i) != 0;
      for (int n = 0; n < openingLength.length; n++) {
        if (!udp || det.mayOpenWithDatagramOf(n)) openingLength[n] |= 1 << i;
      }
    }
    this.maxPayloadPackets = maxPayloadPackets;
    this.peers = peers;
    this.active = new int[allocated];
    this.state = new byte[allocated];
    this.finished = new boolean[allocated];
    this.kind = new byte[allocated];
    this.confidence = new byte[allocated];
    this.decidedAt = new int[allocated];
    this.decidedAtPayload = new int[allocated];
    this.evidence = new String[allocated];
    this.payloadPackets = new int[allocated];
    this.payloadIndex = new int[allocated * 2];
    this.infohashes = collectInfohashes ? new byte[allocated * MAX_INFOHASHES * 20] : null;
    this.infohashCount = collectInfohashes ? new byte[allocated] : null;
    this.clientIds = new long[allocated];
    this.endpoints = new long[allocated * 4];
    this.ports = new int[allocated];
    this.midStreams = new boolean[allocated];
  }

  public int detectorCount() {
    return detectors.length;
  }

  /**
   * A new flow begins in {@code flow}. Addresses as in {@code Packet} (IPv4-mapped for IPv4).
   * Returns the flow's state: a flow to a learned peer is BitTorrent from its first packet.
   */
  public int start(int flow, boolean tcp, boolean midStream, long iHi, long iLo, int iPort, long rHi, long rLo,
      int rPort, int packetNumber, long nowNanos) {
    now = nowNanos;
    if (flow >= allocated) grow(flow);
    // Only the detectors that will see this flow are active: a TCP flow never touches the state
    // of UDP-only detectors (and the reverse), which keeps flows cheap as detectors are added.
    active[flow] = tcp ? (midStream ? midStreamMask : tcpMask) : udpMask;
    state[flow] = UNDECIDED;
    finished[flow] = false;
    kind[flow] = -1;
    confidence[flow] = -1;
    decidedAt[flow] = 0;
    decidedAtPayload[flow] = 0;
    evidence[flow] = null;
    payloadPackets[flow] = 0;
    payloadIndex[flow * 2] = 0;
    payloadIndex[flow * 2 + 1] = 0;
    if (infohashCount != null) infohashCount[flow] = 0;
    clientIds[flow] = 0;

    FlowContext c = ctx;
    c.flow = flow;
    c.tcp = tcp;
    c.midStream = midStream;
    midStreams[flow] = midStream;
    endpoints[flow * 4] = iHi;
    endpoints[flow * 4 + 1] = iLo;
    endpoints[flow * 4 + 2] = rHi;
    endpoints[flow * 4 + 3] = rLo;
    ports[flow] = (iPort << 16) | rPort;
    c.packetNumber = packetNumber;
    if (peers.known(rHi, rLo, rPort, nowNanos)) {
      c.detector = -1;
      match(c, Kind.LEARNED_PEER, Confidence.CORRELATED, "responder is a learned BitTorrent peer");
    }
    if (active[flow] == 0 && state[flow] == UNDECIDED) finish(flow, CLEAN, packetNumber);
    return state[flow];
  }

  private void grow(int flow) {
    int n = FlowSlots.grown(allocated, flow, capacity);
    active = Arrays.copyOf(active, n);
    state = Arrays.copyOf(state, n);
    finished = Arrays.copyOf(finished, n);
    kind = Arrays.copyOf(kind, n);
    confidence = Arrays.copyOf(confidence, n);
    decidedAt = Arrays.copyOf(decidedAt, n);
    decidedAtPayload = Arrays.copyOf(decidedAtPayload, n);
    evidence = Arrays.copyOf(evidence, n);
    payloadPackets = Arrays.copyOf(payloadPackets, n);
    payloadIndex = Arrays.copyOf(payloadIndex, n * 2);
    if (infohashes != null) infohashes = Arrays.copyOf(infohashes, n * MAX_INFOHASHES * 20);
    if (infohashCount != null) infohashCount = Arrays.copyOf(infohashCount, n);
    clientIds = Arrays.copyOf(clientIds, n);
    endpoints = Arrays.copyOf(endpoints, n * 4);
    ports = Arrays.copyOf(ports, n);
    midStreams = Arrays.copyOf(midStreams, n);
    for (Detector d : detectors) d.growTo(n);
    allocated = n;
  }

  /** Shows in-order TCP bytes of one direction to the TCP detectors still running. */
  public int onStream(int flow, int direction, int packetNumber, long streamOffset, byte[] buf, int off, int len,
      byte[] prefix, int prefixOffset, int prefixLength, int otherOffset, int otherLength, long nowNanos) {
    if (finished[flow] || len <= 0) return state[flow];
    if (payloadPackets[flow] == 0 && streamOffset == 0 && ruledOutByOpening(flow, direction, buf[off], -1, packetNumber)) {
      return state[flow];
    }
    FlowContext c = prepare(flow, true, direction, packetNumber, nowNanos);
    c.streamOffset = streamOffset;
    c.prefix = prefix;
    c.prefixOffset = prefixOffset;
    c.prefixLength = prefixLength;
    c.otherOffset = otherOffset;
    c.otherLength = otherLength;
    for (int bits = active[flow]; bits != 0; bits &= bits - 1) {
      int i = Integer.numberOfTrailingZeros(bits);
      c.detector = i;
      detectors[i].onStream(c, buf, off, len);
      if (finished[flow]) break;
    }
    return afterPayload(flow, packetNumber);
  }

  /** Shows one UDP datagram's payload to the UDP detectors still running. */
  public int onDatagram(int flow, int direction, int packetNumber, byte[] buf, int off, int len, long nowNanos) {
    if (finished[flow]) return state[flow];
    if (payloadPackets[flow] == 0 && len > 0
        && ruledOutByOpening(flow, direction, buf[off], len < openingLength.length ? openingLength[len] : -1, packetNumber)) {
      return state[flow];
    }
    FlowContext c = prepare(flow, false, direction, packetNumber, nowNanos);
    c.streamOffset = 0;
    c.prefix = buf;
    c.prefixOffset = off;
    c.prefixLength = len;
    c.otherOffset = 0;
    c.otherLength = 0;
    for (int bits = active[flow]; bits != 0; bits &= bits - 1) {
      int i = Integer.numberOfTrailingZeros(bits);
      c.detector = i;
      detectors[i].onDatagram(c, buf, off, len);
      if (finished[flow]) break;
    }
    return afterPayload(flow, packetNumber);
  }

  /**
   * The flow's first payload: keeps only the detectors whose protocol can open with its first
   * byte (and, for a datagram, its length: {@code lengthMask}). When none is left (many flows) the
   * flow is finished here, without showing it to anyone.
   */
  private boolean ruledOutByOpening(int flow, int direction, byte firstByte, int lengthMask, int packetNumber) {
    int left = active[flow] & opening[direction << 8 | firstByte & 0xff] & lengthMask;
    active[flow] = left;
    if (left != 0) return false;
    payloadIndex[flow * 2 + direction]++;
    payloadPackets[flow]++;
    finish(flow, state[flow] == BITTORRENT ? BITTORRENT : CLEAN, packetNumber);
    return true;
  }

  private FlowContext prepare(int flow, boolean tcp, int direction, int packetNumber, long nowNanos) {
    now = nowNanos;
    FlowContext c = ctx;
    c.flow = flow;
    c.tcp = tcp;
    c.midStream = midStreams[flow];
    c.direction = direction;
    c.packetNumber = packetNumber;
    c.payloadIndex = ++payloadIndex[flow * 2 + direction];
    c.newFlow = ++payloadPackets[flow] == 1;
    return c;
  }

  private int afterPayload(int flow, int packetNumber) {
    if (!finished[flow] && (active[flow] == 0 || payloadPackets[flow] >= maxPayloadPackets)) {
      finish(flow, state[flow] == BITTORRENT ? BITTORRENT : CLEAN, packetNumber);
    }
    return state[flow];
  }

  private void finish(int flow, int verdict, int packetNumber) {
    finished[flow] = true;
    active[flow] = 0;
    if (state[flow] == UNDECIDED) {
      state[flow] = (byte) verdict;
      decidedAt[flow] = packetNumber;
      decidedAtPayload[flow] = payloadPackets[flow];
    }
  }

  void match(FlowContext c, Kind k, Confidence conf, String why) {
    int flow = c.flow;
    // A weaker match keeps its detector running, so it can still upgrade its own verdict; it
    // rejects (or the budget runs out) when it has nothing more to look for.
    if (c.detector >= 0 && conf == Confidence.SIGNATURE) active[flow] &= ~(1 << c.detector);
    // A stronger verdict replaces a weaker one; at equal strength, what the flow's own payload
    // shows replaces "learned peer", which only says where the flow goes.
    boolean morePrecise = conf.ordinal() == confidence[flow] && kind[flow] == Kind.LEARNED_PEER.ordinal()
        && k != Kind.LEARNED_PEER;
    if (state[flow] != BITTORRENT || conf.ordinal() > confidence[flow] || morePrecise) {
      if (state[flow] != BITTORRENT) {
        decidedAt[flow] = c.packetNumber;
        decidedAtPayload[flow] = payloadPackets[flow];
        matchesByKind[k.ordinal()]++;
      }
      state[flow] = BITTORRENT;
      kind[flow] = (byte) k.ordinal();
      confidence[flow] = (byte) conf.ordinal();
      evidence[flow] = why;
    } else if (conf.ordinal() == confidence[flow] && k.ordinal() == kind[flow]) {
      // An equally strong verdict of the same kind says more (uTP, then the handshake inside it).
      evidence[flow] = why;
    }
    if (conf == Confidence.SIGNATURE) {
      finished[flow] = true;
      active[flow] = 0;
      // The responder of a proven peer connection listens for BitTorrent: remember it, so that
      // later (encrypted) connections to it are known. Never trackers: they are web servers.
      if (k == Kind.PEER_WIRE || k == Kind.UTP || k == Kind.DHT) {
        peers.learn(c.responderHi(), c.responderLo(), c.responderPort(), now);
      }
      if (k != Kind.LEARNED_PEER && k != Kind.WEBTORRENT) peers.noteSubscriber(c.initiatorHi(), c.initiatorLo(), now);
    }
  }

  void matchAndHarvest(FlowContext c, Kind k, Confidence conf, String why) {
    int flow = c.flow;
    int keep = c.detector >= 0 ? active[flow] & (1 << c.detector) : 0;
    match(c, k, conf, why);
    if (keep != 0) { // undo the finish: only the harvesting detector goes on
      finished[flow] = false;
      active[flow] = keep;
    }
  }

  void reject(FlowContext c) {
    if (c.detector >= 0) active[c.flow] &= ~(1 << c.detector);
  }

  void recordInfohash(int flow, byte[] b, int off) {
    if (infohashes == null) return;
    int n = infohashCount[flow];
    int base = flow * MAX_INFOHASHES * 20;
    for (int i = 0; i < Math.min(n, MAX_INFOHASHES); i++) {
      if (Arrays.equals(infohashes, base + i * 20, base + i * 20 + 20, b, off, off + 20)) return;
    }
    if (n < MAX_INFOHASHES) System.arraycopy(b, off, infohashes, base + n * 20, 20);
    if (n < 127) infohashCount[flow] = (byte) (n + 1);
  }

  void recordClientId(int flow, byte[] b, int off, int len) {
    if (infohashes == null) return; // identifying details are kept for analysis only
    long v = 0;
    int n = Math.min(8, len);
    for (int i = 0; i < n; i++) v = (v << 8) | (b[off + i] & 0xff);
    clientIds[flow] = v << (8 * (8 - n));
  }

  void learnPeer(long hi, long lo, int port) {
    peers.learn(hi, lo, port, now);
  }

  boolean knownPeer(long hi, long lo, int port) {
    return peers.known(hi, lo, port, now);
  }

  boolean subscriberActive(long hi, long lo) {
    return peers.subscriberActive(hi, lo, now);
  }

  // Verdict accessors.

  public int state(int flow) {
    return state[flow];
  }

  public boolean finished(int flow) {
    return finished[flow];
  }

  /** Whether a detector still running on the flow reads its first bytes (see {@link Detector#readsPrefix}). */
  public boolean needsPrefix(int flow) {
    return (active[flow] & prefixReaders) != 0;
  }

  /** The verdict's kind, or null unless the flow is BitTorrent. */
  public Kind kind(int flow) {
    return state[flow] == BITTORRENT ? Kind.of(kind[flow]) : null;
  }

  public Confidence confidence(int flow) {
    return state[flow] == BITTORRENT ? Confidence.of(confidence[flow]) : null;
  }

  /** Packet number (within the flow) at which the verdict was reached; 0 while undecided. */
  public int decidedAt(int flow) {
    return decidedAt[flow];
  }

  /** Payload packets (both directions) shown to detectors when the verdict was reached; 0 = before any. */
  public int decidedAtPayloadPacket(int flow) {
    return decidedAtPayload[flow];
  }

  public String evidence(int flow) {
    return evidence[flow];
  }

  /** Number of distinct info-hashes seen (stored up to {@link #MAX_INFOHASHES}). */
  public int infohashCount(int flow) {
    return infohashCount == null ? 0 : infohashCount[flow];
  }

  /** Copies stored info-hash {@code i} of the flow into {@code out[outOff..outOff+20)}. */
  public void infohash(int flow, int i, byte[] out, int outOff) {
    System.arraycopy(infohashes, (flow * MAX_INFOHASHES + i) * 20, out, outOff, 20);
  }

  /** The client identification recorded for the flow, or null (kept only when collecting). */
  public String clientId(int flow) {
    long v = clientIds[flow];
    if (v == 0) return null;
    StringBuilder sb = new StringBuilder(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      int ch = (int) (v >>> shift) & 0xff;
      if (ch == 0) break;
      sb.append(ch >= 0x20 && ch < 0x7f ? (char) ch : '?');
    }
    return sb.toString();
  }

  /** Flows matched per kind since creation (aggregate counters only). */
  public long matches(Kind k) {
    return matchesByKind[k.ordinal()];
  }
}
