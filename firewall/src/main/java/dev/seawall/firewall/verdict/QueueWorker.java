package dev.seawall.firewall.verdict;

import dev.seawall.engine.FlowSink;
import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.PacketInspector;
import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.packet.DecodeStatus;
import dev.seawall.engine.packet.LinkType;
import dev.seawall.firewall.metrics.WorkerStats;
import dev.seawall.firewall.metrics.WorkerStats.Counter;
import dev.seawall.firewall.netlink.Nfq;
import dev.seawall.firewall.netlink.NfqMessages;
import dev.seawall.firewall.netlink.PacketBatch;
import dev.seawall.firewall.netlink.QueueSocket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads one queue and answers every packet: the engine judges the flow, the {@link Policy}
 * picks the {@link Action}, and the verdict ({@code NF_REPEAT} with Seawall's mark bits) lets the
 * rules act on it. One thread, one queue, one inspector: the kernel's {@code --queue-balance}
 * hash is symmetric, so both directions of a flow come to the same worker.
 *
 * <p>Court orders: a flow to an address the blocklist names is blocked on its first packet; a
 * flow whose server name (TLS SNI, HTTP Host, found by the engine) the list covers is blocked on
 * the packet that completed the name, and is not offloaded while its name may still come. The
 * block is the same as for BitTorrent: drop, reset, later packets dropped in the kernel.
 *
 * <p>Batching: after a blocking receive, whatever else is already queued is taken without
 * waiting (up to {@code maxBatch} packets), judged, and answered with one {@code send}.
 *
 * <p>Nothing that arrives can stop the worker: malformed packets are judged "no flow" and passed
 * on, truncated netlink data ends that datagram's parse, engine exceptions are counted and the
 * packet passed on. Every packet whose id could be read gets a verdict.
 */
public final class QueueWorker implements Runnable {

  /**
   * Where a blocked TCP packet's receiver gets its reset. Resets are prepared while a batch is
   * judged and sent after its verdicts: a reset overtaking a handshake's last ACK that is still
   * waiting in the same batch would leave the receiver's socket half-open instead of reset.
   */
  public interface Resetter {
    /** Called with the decoded packet that decided the block; must not throw. */
    void reset(dev.seawall.engine.packet.Packet packet);

    /** Sends what {@link #reset} prepared; called once the batch's verdicts are out. */
    default void flush() {}

    Resetter NONE = p -> {};
  }

  /** Receives each packet's verdict latency (from receive to verdict sent), in nanoseconds. */
  public interface LatencyRecorder {
    void record(long nanos, int packets);

    LatencyRecorder NONE = (n, c) -> {};
  }

  private final QueueSocket socket;
  private final int queue;
  private final PacketInspector inspector;
  private final Policy policy;
  private final CourtOrders orders;
  private final Marks marks;
  private final WorkerStats stats;
  private final LatencyRecorder latency;
  private final Resetter resetter;
  private final int maxBatch;
  private final int maxMessage;

  private final Arena arena = Arena.ofShared();
  private final MemorySegment rx;
  private final MemorySegment tx;
  private final byte[] scratch;
  private final PacketBatch batch;
  private final long[] actedOnFlowStartedAt;
  private long lastTimestamp;

  private volatile boolean stopping;

  /**
   * @param socket the bound queue, or null for a worker that is only fed through {@link #judge}
   * @param copyRange bytes of each packet the kernel copies (sizes the buffers)
   */
  public QueueWorker(QueueSocket socket, int queue, EngineConfig engine, Policy policy, Marks marks,
      WorkerStats stats, LatencyRecorder latency, Resetter resetter, int copyRange, int maxBatch) {
    this(socket, queue, engine, policy, CourtOrders.NONE, marks, stats, latency, resetter, copyRange, maxBatch);
  }

  /** @param orders court-ordered blocks; needs an engine with {@link EngineConfig#serverNames} for names */
  public QueueWorker(QueueSocket socket, int queue, EngineConfig engine, Policy policy, CourtOrders orders, Marks marks,
      WorkerStats stats, LatencyRecorder latency, Resetter resetter, int copyRange, int maxBatch) {
    this.socket = socket;
    this.queue = queue;
    this.inspector = new PacketInspector(engine, FlowSink.NONE);
    this.policy = policy;
    this.orders = orders;
    this.marks = marks;
    this.stats = stats;
    this.latency = latency;
    this.resetter = resetter;
    this.maxBatch = maxBatch;
    this.maxMessage = copyRange + 512; // headers and metadata attributes around the payload
    this.rx = arena.allocate((long) maxMessage * Math.max(4, maxBatch), 8);
    this.tx = arena.allocate((long) NfqMessages.VERDICT_WITH_MARK_SIZE * Math.max(4, maxBatch) + 4096, 8);
    this.scratch = new byte[Math.max(copyRange, 128)];
    this.batch = new PacketBatch(maxBatch);
    this.actedOnFlowStartedAt = new long[engine.maxFlows()];
    java.util.Arrays.fill(actedOnFlowStartedAt, Long.MIN_VALUE);
  }

  public void stop() {
    stopping = true;
  }

  /** Frees the socket and buffers of a worker whose thread never started. */
  public void release() {
    if (socket != null) socket.close();
    arena.close();
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        stats.beat(System.nanoTime());
        batch.clear();
        long n = socket.receive(rx, 0, rx.byteSize(), false);
        if (n < 0) {
          stats.increment(Counter.RECEIVE_ERRORS);
          if (-n == 9) return; // EBADF: the socket is gone
          pause(); // an error that repeats must not turn into a busy loop
          continue;
        }
        if (n == 0) continue;
        long started = System.nanoTime();
        batch.parse(rx, 0, n);
        long pos = Nfq.align((int) n);
        while (batch.size < maxBatch && rx.byteSize() - pos >= maxMessage) {
          long more = socket.receive(rx, pos, rx.byteSize() - pos, true);
          if (more <= 0) break;
          batch.parse(rx, pos, more);
          pos += Nfq.align((int) more);
        }
        long out = judge(batch, rx, started);
        int err = sendVerdicts(out);
        if (err != 0) {
          stats.increment(Counter.SEND_ERRORS);
          if (sendVerdicts(out) == 0) err = 0; // once more: the packets wait in the kernel otherwise
        }
        if (err == 0) latency.record(System.nanoTime() - started, batch.size);
        resetter.flush();
      }
    } finally {
      socket.close();
      arena.close();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int sendVerdicts(long len) {
    return socket.send(tx, len);
  }

  /**
   * Judges every packet of {@code b} (payloads in {@code data}) and writes their verdicts into
   * this worker's transmit buffer; returns the verdicts' length. When the buffer fills up midway
   * (a datagram held more packets than expected) the verdicts so far are sent first.
   */
  public long judge(PacketBatch b, MemorySegment data, long now) {
    long out = 0;
    stats.increment(Counter.BATCHES);
    stats.add(Counter.PACKETS, b.size);
    for (int i = 0; i < b.size; i++) {
      if (tx.byteSize() - out < NfqMessages.VERDICT_WITH_MARK_SIZE) {
        if (socket != null && sendVerdicts(out) != 0) stats.increment(Counter.SEND_ERRORS);
        out = 0;
      }
      int ours = judgeOne(b, i, data, now);
      out = NfqMessages.verdict(tx, out, b.queue[i], b.id[i], Nfq.NF_REPEAT, true, marks.apply(b.mark[i], ours));
    }
    if (b.truncated != 0) stats.add(Counter.TRUNCATED_MESSAGES, b.truncated);
    if (b.withoutId != 0) stats.add(Counter.PACKETS_WITHOUT_ID, b.withoutId);
    if (b.kernelErrors != 0) stats.add(Counter.KERNEL_ERRORS, b.kernelErrors);
    b.resetCounters();
    long malformed = 0;
    for (DecodeStatus s : MALFORMED) malformed += inspector.decodeCount(s);
    stats.add(Counter.MALFORMED_PACKETS, malformed - stats.get(Counter.MALFORMED_PACKETS));
    return out;
  }

  private static final DecodeStatus[] MALFORMED =
      java.util.Arrays.stream(DecodeStatus.values()).filter(DecodeStatus::malformed).toArray(DecodeStatus[]::new);

  /** Judges packet {@code i}; returns the mark bits of its verdict. */
  private int judgeOne(PacketBatch b, int i, MemorySegment data, long now) {
    int len = Math.min(b.payloadLength[i], scratch.length);
    long ts = Math.max(now, lastTimestamp + 1); // strictly increasing: flow start times identify flows
    lastTimestamp = ts;
    int result;
    Action action;
    try {
      if (len > 0) MemorySegment.copy(data, ValueLayout.JAVA_BYTE, b.payloadOffset[i], scratch, 0, len);
      result = len > 0
          ? inspector.process(scratch, 0, len, Math.max(len, b.packetLength[i]), LinkType.RAW, ts)
          : PacketInspector.NO_FLOW;
      int flow = inspector.lastFlow();
      Classifier c = inspector.classifier();
      Confidence confidence = flow >= 0 ? c.confidence(flow) : null;
      action = policy.decide(result, confidence);
      CourtOrders.Match ordered = null;
      if (flow >= 0 && orders.configured() && actedOnFlowStartedAt[flow] != inspector.table().firstSeen(flow)) {
        ordered = courtOrder(flow);
        if (ordered != null) {
          action = policy.mode() == Mode.enforce ? Action.BLOCK : Action.OFFLOAD; // monitor: counted, let go
        } else if (action == Action.OFFLOAD && inspector.serverNamePending(flow) && orders.namesMatter()) {
          action = Action.INSPECT; // offloaded now, the flow would never show its name
        }
      }
      if (action != Action.INSPECT && flow >= 0) firstAction(flow, action, c, confidence, ordered);
    } catch (RuntimeException e) {
      // A bug in a detector must not take the queue down: the packet passes, the count shows it.
      stats.increment(Counter.INSPECTOR_ERRORS);
      action = Action.INSPECT;
    }
    return switch (action) {
      case INSPECT -> {
        stats.increment(Counter.VERDICT_INSPECT);
        yield marks.pass();
      }
      case OFFLOAD -> {
        stats.increment(Counter.VERDICT_OFFLOAD);
        yield marks.clean();
      }
      case BLOCK -> {
        stats.increment(Counter.VERDICT_BLOCK);
        yield marks.block();
      }
    };
  }

  /** Whether a court order covers the last packet's flow: by its server's address, or by the name just found. */
  private CourtOrders.Match courtOrder(int flow) {
    dev.seawall.engine.packet.Packet p = inspector.lastPacket();
    boolean fromInitiator = inspector.lastDirection() == 0;
    long hi = fromInitiator ? p.dstHi : p.srcHi, lo = fromInitiator ? p.dstLo : p.srcLo;
    if (orders.refusesAddress(hi, lo)) return CourtOrders.Match.ADDRESS;
    int n = inspector.lastServerName();
    if (n > 0 && orders.refusesName(inspector.serverNameBytes(), 0, n)) return CourtOrders.Match.NAME;
    return null;
  }

  /** Counts a flow's verdict once, and resets a blocked TCP flow's receiving end. */
  private void firstAction(int flow, Action action, Classifier c, Confidence confidence, CourtOrders.Match ordered) {
    long startedAt = inspector.table().firstSeen(flow);
    if (actedOnFlowStartedAt[flow] == startedAt) return;
    actedOnFlowStartedAt[flow] = startedAt;
    Kind kind = c.kind(flow);
    if (ordered != null) {
      stats.courtOrder(ordered, action != Action.BLOCK);
      if (action == Action.BLOCK) {
        stats.increment(Counter.FLOWS_BLOCKED);
        resetter.reset(inspector.lastPacket());
        return;
      }
    }
    if (action == Action.BLOCK) {
      stats.increment(Counter.FLOWS_BLOCKED);
      if (kind != null) stats.blocked(kind, false);
      resetter.reset(inspector.lastPacket());
    } else if (kind != null && policy.blocks(confidence)) {
      stats.increment(Counter.FLOWS_WOULD_BLOCK);
      stats.blocked(kind, true);
    } else if (kind != null) {
      stats.increment(Counter.FLOWS_ALLOWED);
    } else {
      stats.increment(Counter.FLOWS_CLEAN);
    }
  }

  public int queue() {
    return queue;
  }

  /** The verdicts {@link #judge} wrote (valid until the next call). */
  public MemorySegment verdicts() {
    return tx;
  }

  public WorkerStats stats() {
    return stats;
  }

  /** Flows known to this worker's engine right now (for the flow-table gauge). */
  public int flowsTracked() {
    return inspector.table().size();
  }
}
