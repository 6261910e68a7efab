package dev.seawall.engine;

import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.flow.FlowTable;
import dev.seawall.engine.flow.FragmentCache;
import dev.seawall.engine.flow.StreamReassembler;
import dev.seawall.engine.name.ServerName;
import dev.seawall.engine.packet.DecodeStatus;
import dev.seawall.engine.packet.Packet;
import dev.seawall.engine.packet.PacketDecoder;
import java.util.Arrays;

/**
 * The engine for packet users (capture analysis, the inline firewall): decodes each frame, finds
 * its flow, puts TCP bytes in order and shows the first packets to the detectors. {@link
 * #process} answers with the flow's current verdict, so an inline user can act on every packet.
 *
 * <p>With {@link EngineConfig#serverNames} on it also finds each TCP flow's server name (TLS SNI,
 * HTTP Host) in the initiator's first bytes, reassembled, and keeps following the flow until the
 * name is known or ruled out, even after the detectors are done: see {@link #lastServerName}.
 *
 * <p>Single-threaded: run one per worker and send both directions of a flow to the same one
 * ({@link FlowTable#hash} of the canonical key is symmetric). Allocates nothing per packet.
 */
public final class PacketInspector implements FlowTable.Listener, StreamReassembler.Sink {
  /** {@link #process} result for a packet that belongs to no flow (not TCP/UDP, or malformed). */
  public static final int NO_FLOW = -1;
  /** Bit set in {@link #process}'s result once the flow will not be inspected further. */
  public static final int FINISHED = 4;

  private static final byte NAME_DONE = 0, NAME_PENDING = 1;

  private static final int TCP_SYN_0 = 1, TCP_SYN_1 = 2, TCP_FIN_0 = 4, TCP_FIN_1 = 8, TCP_RST = 16;

  private final PacketDecoder decoder = new PacketDecoder();
  private final Packet packet = new Packet();
  private final FlowTable table;
  private final Classifier classifier;
  private final StreamReassembler reassembler;
  private final FragmentCache fragments = new FragmentCache(4096);
  private final FlowSink sink;
  private final FlowSummary summary = new FlowSummary();

  private final long tcpIdle, tcpClosedIdle, udpIdle;
  private final boolean serverNames;
  private final int windowBytes;

  // Per-flow counters and TCP state, by flow id; as long as the flow table's records (they grow
  // with the flows held at once, see FlowTable).
  private long[] packets; // by flow and direction
  private long[] bytes; // by flow and direction
  private byte[] tcpState;
  private byte[] nameState; // by flow: NAME_PENDING while the initiator's first bytes may still name a server

  private final byte[] serverName = new byte[ServerName.MAX_LENGTH];
  private int serverNameLength = -1;

  private final long[] decodeCounts = new long[DecodeStatus.values().length];
  private long clock = Long.MIN_VALUE;
  private long unattributedFragments;
  private long packetsSeen;

  private int lastFlow = -1;
  private int lastDirection;
  private long streamNow;

  public PacketInspector(EngineConfig config, FlowSink sink) {
    int capacity = config.maxFlows();
    this.table = new FlowTable(capacity, this);
    this.classifier = new Classifier(capacity, config.detectors(), config.peers(), config.maxPayloadPackets(),
        config.collectInfohashes());
    this.reassembler = new StreamReassembler(capacity, config.windowPool(), config.windowBytes());
    this.sink = sink;
    this.tcpIdle = config.tcpIdle().toNanos();
    this.tcpClosedIdle = config.tcpClosedIdle().toNanos();
    this.udpIdle = config.udpIdle().toNanos();
    int n = table.allocatedFlows();
    this.packets = new long[n * 2];
    this.bytes = new long[n * 2];
    this.tcpState = new byte[n];
    this.serverNames = config.serverNames();
    this.windowBytes = config.windowBytes();
    this.nameState = new byte[n];
  }

  /**
   * Inspects one captured frame.
   *
   * @return {@link #NO_FLOW}, or the flow's {@link Classifier} state ({@code UNDECIDED}, {@code
   *     CLEAN}, {@code BITTORRENT}) with {@link #FINISHED} or'ed in once inspection is over
   */
  public int process(byte[] buf, int off, int len, int wireLength, int linkType, long timestampNanos) {
    packetsSeen++;
    Packet p = packet;
    DecodeStatus status = decoder.decode(buf, off, len, linkType, p);
    decodeCounts[status.ordinal()]++;
    if (timestampNanos > clock) clock = timestampNanos; // captures splice: never let time run back
    long now = clock;
    table.expire(now, 4);
    lastFlow = -1;
    serverNameLength = -1;

    if (status == DecodeStatus.FRAGMENT) {
      if (p.protocol != Packet.TCP && p.protocol != Packet.UDP) return NO_FLOW;
      int ports = fragments.lookup(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.fragmentId, p.protocol, now);
      if (ports < 0) {
        unattributedFragments++;
        return NO_FLOW;
      }
      p.srcPort = ports >>> 16;
      p.dstPort = ports & 0xffff;
      p.payloadLength = 0; // counted in its flow, not inspected: its bytes are mid-datagram
      p.tcpFlags = 0;
    } else if (status != DecodeStatus.OK) {
      return NO_FLOW;
    } else if (p.firstFragment) {
      fragments.put(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.fragmentId, p.protocol, p.srcPort, p.dstPort, now);
    }

    boolean tcp = p.protocol == Packet.TCP;
    boolean srcIsA = lessOrEqual(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort);
    long aHi, aLo, bHi, bLo;
    int aPort, bPort;
    if (srcIsA) {
      aHi = p.srcHi; aLo = p.srcLo; aPort = p.srcPort;
      bHi = p.dstHi; bLo = p.dstLo; bPort = p.dstPort;
    } else {
      aHi = p.dstHi; aLo = p.dstLo; aPort = p.dstPort;
      bHi = p.srcHi; bLo = p.srcLo; bPort = p.srcPort;
    }
    long ports = FlowTable.portsWord(aPort, bPort, p.protocol);
    int hash = FlowTable.hash(aHi, aLo, bHi, bLo, ports);
    int flow = table.find(aHi, aLo, bHi, bLo, ports, hash);
    int flags = p.tcpFlags;
    boolean pureSyn = tcp && (flags & (Packet.TCP_SYN | Packet.TCP_ACK)) == Packet.TCP_SYN;
    if (flow >= 0 && pureSyn && (tcpState[flow] & (TCP_RST | TCP_FIN_0 | TCP_FIN_1)) != 0) {
      table.remove(flow, FlowTable.EndReason.REUSED);
      flow = -1;
    }
    boolean created = flow < 0;
    if (created) {
      // The initiator sent the first packet, unless that packet answers a SYN we did not see.
      boolean synAck = tcp && (flags & (Packet.TCP_SYN | Packet.TCP_ACK)) == (Packet.TCP_SYN | Packet.TCP_ACK);
      boolean initiatorIsA = synAck != srcIsA;
      flow = table.insert(aHi, aLo, bHi, bLo, ports, hash, initiatorIsA, now);
      if (flow >= tcpState.length) growFlows();
      table.setTimeout(flow, tcp ? tcpIdle : udpIdle);
      packets[flow * 2] = packets[flow * 2 + 1] = 0;
      bytes[flow * 2] = bytes[flow * 2 + 1] = 0;
      tcpState[flow] = 0;
      nameState[flow] = serverNames && tcp ? NAME_PENDING : NAME_DONE;
      reassembler.start(flow);
    } else {
      table.touch(flow, now);
    }
    int direction = srcIsA == table.initiatorIsA(flow) ? 0 : 1;
    int d = flow * 2 + direction;
    packets[d]++;
    bytes[d] += wireLength;
    int packetNumber = (int) Math.min(Integer.MAX_VALUE, packets[flow * 2] + packets[flow * 2 + 1]);
    if (created) {
      boolean midStream = tcp && (flags & Packet.TCP_SYN) == 0;
      if (direction == 0) {
        classifier.start(flow, tcp, midStream, p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort, packetNumber, now);
      } else {
        classifier.start(flow, tcp, midStream, p.dstHi, p.dstLo, p.dstPort, p.srcHi, p.srcLo, p.srcPort, packetNumber, now);
      }
    }

    if (tcp) trackTcp(flow, direction, flags);
    lastFlow = flow;
    lastDirection = direction;

    if (!classifier.finished(flow) || nameState[flow] == NAME_PENDING) {
      if (tcp) {
        if ((flags & Packet.TCP_SYN) != 0) reassembler.syn(flow, direction, p.tcpSeq);
        if (p.payloadLength > 0) {
          streamNow = now;
          reassembler.segment(flow, direction, p.tcpSeq, buf, p.payloadOffset, p.payloadLength, this);
        }
      } else if (p.payloadLength > 0) {
        classifier.onDatagram(flow, direction, packetNumber, buf, p.payloadOffset, p.payloadLength, now);
      }
    }
    return classifier.state(flow) | (classifier.finished(flow) ? FINISHED : 0);
  }

  private void growFlows() {
    int n = table.allocatedFlows();
    packets = Arrays.copyOf(packets, n * 2);
    bytes = Arrays.copyOf(bytes, n * 2);
    tcpState = Arrays.copyOf(tcpState, n);
    nameState = Arrays.copyOf(nameState, n);
  }

  private void trackTcp(int flow, int direction, int flags) {
    int s = tcpState[flow];
    if ((flags & Packet.TCP_SYN) != 0) s |= direction == 0 ? TCP_SYN_0 : TCP_SYN_1;
    if ((flags & Packet.TCP_FIN) != 0) s |= direction == 0 ? TCP_FIN_0 : TCP_FIN_1;
    if ((flags & Packet.TCP_RST) != 0) s |= TCP_RST;
    if (s != tcpState[flow]) {
      tcpState[flow] = (byte) s;
      if ((s & TCP_RST) != 0 || (s & (TCP_FIN_0 | TCP_FIN_1)) == (TCP_FIN_0 | TCP_FIN_1)) {
        table.setTimeout(flow, tcpClosedIdle);
      }
    }
  }

  @Override
  public boolean data(int flow, int direction, long streamOffset, byte[] buf, int off, int len,
      byte[] prefix, int prefixOffset, int prefixLength, int otherOffset, int otherLength) {
    if (nameState[flow] == NAME_PENDING) findServerName(flow, direction, streamOffset, buf, off, len, prefix, prefixOffset, prefixLength);
    if (!classifier.finished(flow)) {
      int packetNumber = (int) Math.min(Integer.MAX_VALUE, packets[flow * 2] + packets[flow * 2 + 1]);
      classifier.onStream(flow, direction, packetNumber, streamOffset, buf, off, len, prefix, prefixOffset,
          prefixLength, otherOffset, otherLength, streamNow);
    }
    return (!classifier.finished(flow) && classifier.needsPrefix(flow)) || nameState[flow] == NAME_PENDING;
  }

  /** Looks for the name in the initiator's bytes so far; rules it out once it cannot come. */
  private void findServerName(int flow, int direction, long streamOffset, byte[] buf, int off, int len,
      byte[] prefix, int prefixOffset, int prefixLength) {
    if (direction != 0) { // the server spoke first: not TLS or HTTP
      nameState[flow] = NAME_DONE;
      return;
    }
    long r;
    boolean last;
    if (prefix != null) {
      r = ServerName.find(prefix, prefixOffset, prefixOffset + prefixLength);
      last = prefixLength >= windowBytes;
    } else if (streamOffset == 0) { // no window to gather pieces in: this segment is all there is
      r = ServerName.find(buf, off, off + len);
      last = true;
    } else {
      r = ServerName.NONE;
      last = true;
    }
    if (ServerName.isFound(r)) {
      serverNameLength = ServerName.length(r);
      System.arraycopy(prefix != null ? prefix : buf, ServerName.at(r), serverName, 0, serverNameLength);
      nameState[flow] = NAME_DONE;
    } else if (r == ServerName.NONE || last) {
      nameState[flow] = NAME_DONE;
    }
  }

  private static boolean lessOrEqual(long hi1, long lo1, int port1, long hi2, long lo2, int port2) {
    if (hi1 != hi2) return Long.compareUnsigned(hi1, hi2) < 0;
    if (lo1 != lo2) return Long.compareUnsigned(lo1, lo2) < 0;
    return port1 <= port2;
  }

  /** Ends every flow still in the table (end of input): each reaches the sink. */
  public void drain() {
    table.drain();
  }

  @Override
  public void flowEnded(int flow, FlowTable.EndReason reason) {
    reassembler.release(flow);
    if (sink == FlowSink.NONE) return;
    FlowSummary s = summary;
    boolean initiatorIsA = table.initiatorIsA(flow);
    int wa = initiatorIsA ? 0 : 2, wb = initiatorIsA ? 2 : 0;
    s.protocol = table.protocol(flow);
    s.initiatorHi = table.keyWord(flow, wa);
    s.initiatorLo = table.keyWord(flow, wa + 1);
    s.responderHi = table.keyWord(flow, wb);
    s.responderLo = table.keyWord(flow, wb + 1);
    s.initiatorPort = initiatorIsA ? table.portA(flow) : table.portB(flow);
    s.responderPort = initiatorIsA ? table.portB(flow) : table.portA(flow);
    s.firstSeenNanos = table.firstSeen(flow);
    s.lastSeenNanos = table.lastSeen(flow);
    s.packetsFromInitiator = packets[flow * 2];
    s.packetsFromResponder = packets[flow * 2 + 1];
    s.bytesFromInitiator = bytes[flow * 2];
    s.bytesFromResponder = bytes[flow * 2 + 1];
    s.state = classifier.state(flow);
    s.kind = classifier.kind(flow);
    s.confidence = classifier.confidence(flow);
    s.decidedAtPacket = classifier.decidedAt(flow);
    s.decidedAtPayloadPacket = classifier.decidedAtPayloadPacket(flow);
    s.evidence = classifier.evidence(flow);
    s.infohashCount = classifier.infohashCount(flow);
    s.clientId = classifier.clientId(flow);
    for (int i = 0; i < s.storedInfohashes(); i++) classifier.infohash(flow, i, s.infohashes, i * 20);
    s.endReason = reason;
    sink.flowEnded(s);
  }

  // Results of the last process() call, for inline users.

  /** Flow of the last packet, or -1 when it had none. */
  public int lastFlow() {
    return lastFlow;
  }

  /** Direction of the last packet in its flow: 0 from the initiator, 1 from the responder. */
  public int lastDirection() {
    return lastDirection;
  }

  /** The decoded last packet (valid until the next call). */
  public Packet lastPacket() {
    return packet;
  }

  /**
   * Length of the server name found with the last packet (in {@link #serverNameBytes()} from
   * index 0, as sent: ASCII, any case), or -1 when that packet did not complete one. Each flow's
   * name is reported once, on the packet that completed it; needs {@link EngineConfig#serverNames}.
   */
  public int lastServerName() {
    return serverNameLength;
  }

  /** The buffer {@link #lastServerName} refers to (valid until the next {@link #process}). */
  public byte[] serverNameBytes() {
    return serverName;
  }

  /** Whether the flow's server name may still come (its initiator's first bytes are incomplete). */
  public boolean serverNamePending(int flow) {
    return nameState[flow] == NAME_PENDING;
  }

  public Classifier classifier() {
    return classifier;
  }

  // Aggregate statistics.

  public long packetsSeen() {
    return packetsSeen;
  }

  public long decodeCount(DecodeStatus s) {
    return decodeCounts[s.ordinal()];
  }

  public long unattributedFragments() {
    return unattributedFragments;
  }

  public FlowTable table() {
    return table;
  }

  public StreamReassembler reassembler() {
    return reassembler;
  }
}
