package dev.seawall.engine;

import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.flow.StreamReassembler;

/**
 * The engine for stream users (the SOCKS5 proxy): no packets, only the bytes each side of a
 * connection sends, already in order, and whole datagrams of a UDP association. The caller opens
 * a flow per connection, feeds the first bytes of each direction until the answer is final, and
 * closes it. Same detectors and verdicts as {@link PacketInspector}.
 *
 * <p>Single-threaded: one per event loop. Allocates nothing per call.
 */
public final class StreamInspector implements StreamReassembler.Sink {
  private final Classifier classifier;
  private final StreamReassembler reassembler;
  private final int[] free;
  private int freeCount;
  private final boolean[] open;
  private final int[] packets;
  private final int[] sent; // bytes fed per flow and direction, as a synthetic sequence number
  private long now;

  public StreamInspector(EngineConfig config) {
    int capacity = config.maxFlows();
    this.classifier = new Classifier(capacity, config.detectors(), config.peers(), config.maxPayloadPackets(),
        config.collectInfohashes());
    this.reassembler = new StreamReassembler(capacity, config.windowPool(), config.windowBytes());
    this.free = new int[capacity];
    for (int i = 0; i < capacity; i++) free[i] = capacity - 1 - i;
    this.freeCount = capacity;
    this.open = new boolean[capacity];
    this.packets = new int[capacity];
    this.sent = new int[capacity * 2];
  }

  /**
   * Opens a flow for one connection (TCP) or association (UDP), client first. Returns its id, or
   * -1 when every slot is in use (the caller should refuse the connection rather than pass it
   * uninspected). The returned state is BITTORRENT at once for a learned peer.
   */
  public int open(boolean tcp, long clientHi, long clientLo, int clientPort, long serverHi, long serverLo,
      int serverPort, long nowNanos) {
    if (freeCount == 0) return -1;
    int flow = free[--freeCount];
    open[flow] = true;
    packets[flow] = 0;
    sent[flow * 2] = sent[flow * 2 + 1] = 0;
    reassembler.start(flow);
    classifier.start(flow, tcp, false, clientHi, clientLo, clientPort, serverHi, serverLo, serverPort, 0, nowNanos);
    return flow;
  }

  /** Returns the flow's state as {@link PacketInspector#process} does. */
  public int state(int flow) {
    return classifier.state(flow) | (classifier.finished(flow) ? PacketInspector.FINISHED : 0);
  }

  /**
   * Bytes one side sent on a TCP connection: direction 0 from the client, 1 from the server.
   * Returns the flow's state; once FINISHED is set, further bytes need not be shown.
   */
  public int data(int flow, int direction, byte[] buf, int off, int len, long nowNanos) {
    checkOpen(flow);
    packets[flow]++;
    if (!classifier.finished(flow) && len > 0) {
      now = nowNanos;
      int d = flow * 2 + direction;
      int seq = sent[d];
      sent[d] = seq + len;
      reassembler.segment(flow, direction, seq, buf, off, len, this);
    }
    return state(flow);
  }

  /** One datagram of a UDP association: direction 0 from the client, 1 towards it. */
  public int datagram(int flow, int direction, byte[] buf, int off, int len, long nowNanos) {
    checkOpen(flow);
    packets[flow]++;
    if (!classifier.finished(flow) && len > 0) {
      classifier.onDatagram(flow, direction, packets[flow], buf, off, len, nowNanos);
    }
    return state(flow);
  }

  /** Frees the flow's slot. */
  public void close(int flow) {
    if (!open[flow]) return;
    open[flow] = false;
    reassembler.release(flow);
    free[freeCount++] = flow;
  }

  public int openFlows() {
    return free.length - freeCount;
  }

  public Classifier classifier() {
    return classifier;
  }

  private void checkOpen(int flow) {
    if (flow < 0 || flow >= open.length || !open[flow]) {
      throw new IllegalArgumentException("flow " + flow + " is not open");
    }
  }

  @Override
  public boolean data(int flow, int direction, long streamOffset, byte[] buf, int off, int len,
      byte[] prefix, int prefixOffset, int prefixLength, int otherOffset, int otherLength) {
    classifier.onStream(flow, direction, packets[flow], streamOffset, buf, off, len, prefix, prefixOffset, prefixLength,
        otherOffset, otherLength, now);
    return !classifier.finished(flow) && classifier.needsPrefix(flow);
  }
}
