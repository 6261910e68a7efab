package dev.seawall.firewall.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.DetectorSet;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.detect.bittorrent.BitTorrentDetectors;
import dev.seawall.engine.packet.Packet;
import dev.seawall.firewall.metrics.WorkerStats;
import dev.seawall.firewall.metrics.WorkerStats.Counter;
import dev.seawall.firewall.netlink.Nfq;
import dev.seawall.firewall.netlink.NfqMessages;
import dev.seawall.firewall.netlink.PacketBatch;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verdict path without a kernel: netlink PACKET messages in, VERDICT messages out. */
class QueueWorkerTest {
  static final int SUB = 0x0a4d0102, SRV = 0x0a4d0202;
  static final Marks MARKS = Marks.DEFAULT;
  static final ValueLayout.OfInt BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private final Arena arena = Arena.ofConfined();
  private final MemorySegment in = arena.allocate(1 << 16, 8);
  private final WorkerStats stats = new WorkerStats(0);
  private final List<Packet> resets = new ArrayList<>();
  private int nextId = 1;

  @AfterEach
  void close() {
    arena.close();
  }

  record Verdict(int id, int verdict, int mark) {}

  private QueueWorker worker(DetectorSet detectors, Policy policy) {
    EngineConfig engine = EngineConfig.defaults(detectors).withMaxFlows(1024);
    QueueWorker.Resetter r = p -> {
      Packet copy = new Packet();
      copy.protocol = p.protocol;
      copy.tcpFlags = p.tcpFlags;
      copy.srcPort = p.srcPort;
      copy.dstPort = p.dstPort;
      resets.add(copy);
    };
    return new QueueWorker(null, 0, engine, policy, MARKS, stats, QueueWorker.LatencyRecorder.NONE, r, 4096, 64);
  }

  /** Judges the packets as one batch; returns their verdicts in order. */
  private List<Verdict> judge(QueueWorker w, int mark, byte[]... packets) {
    long off = 0;
    List<Integer> ids = new ArrayList<>();
    for (byte[] p : packets) {
      int id = nextId++;
      ids.add(id);
      off = NfqMessages.packet(in, off, 0, id, mark, p, p.length, p.length);
    }
    PacketBatch b = new PacketBatch(8);
    b.parse(in, 0, off);
    long len = w.judge(b, in, System.nanoTime());
    MemorySegment out = w.verdicts();
    List<Verdict> v = new ArrayList<>();
    for (long p = 0; p < len; p += NfqMessages.VERDICT_WITH_MARK_SIZE) {
      assertThat(out.get(ValueLayout.JAVA_SHORT_UNALIGNED, p + 4)).isEqualTo((short) Nfq.MSG_VERDICT);
      v.add(new Verdict(out.get(BE, p + 28), out.get(BE, p + 24), out.get(BE, p + 36)));
    }
    assertThat(v).extracting(Verdict::id).containsExactlyElementsOf(ids);
    return v;
  }

  static byte[] tcp(int src, int sport, int dst, int dport, int seq, int ack, int flags, byte[] payload) {
    byte[] b = new byte[40 + (payload == null ? 0 : payload.length)];
    SyntheticPackets.tcp(b, src, sport, dst, dport, seq, ack, flags, payload);
    return b;
  }

  static byte[] handshake() {
    byte[] h = new byte[68];
    h[0] = 19;
    System.arraycopy("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII), 0, h, 1, 19);
    h[25] = 0x10; // BEP 10 extension bit
    for (int i = 28; i < 48; i++) h[i] = (byte) (0x31 + i);
    System.arraycopy("-TR3000-".getBytes(StandardCharsets.US_ASCII), 0, h, 48, 8);
    for (int i = 56; i < 68; i++) h[i] = (byte) ('a' + i % 26);
    return h;
  }

  private static final int S = SyntheticPackets.SYN, A = SyntheticPackets.ACK, P = SyntheticPackets.PSH;

  @Test
  void bitTorrentHandshakeIsBlockedAndItsReceiverReset() {
    QueueWorker w = worker(BitTorrentDetectors.all(), Policy.defaults());
    List<Verdict> v = judge(w, 0,
        tcp(SUB, 40000, SRV, 6881, 100, 0, S, null),
        tcp(SRV, 6881, SUB, 40000, 900, 101, S | A, null),
        tcp(SUB, 40000, SRV, 6881, 101, 901, A, null),
        tcp(SUB, 40000, SRV, 6881, 101, 901, A | P, handshake()));
    assertThat(v).extracting(Verdict::verdict).containsOnly(Nfq.NF_REPEAT);
    assertThat(v.subList(0, 3)).extracting(Verdict::mark).containsOnly(MARKS.pass());
    assertThat(v.get(3).mark()).isEqualTo(MARKS.block());
    assertThat(stats.get(Counter.FLOWS_BLOCKED)).isEqualTo(1);
    assertThat(stats.blocked(Kind.PEER_WIRE)).isEqualTo(1);
    assertThat(resets).hasSize(1);
    assertThat(resets.getFirst().dstPort).isEqualTo(6881);

    // A packet of the same flow still in the queue: blocked again, but counted and reset once.
    v = judge(w, 0, tcp(SUB, 40000, SRV, 6881, 169, 901, A | P, new byte[] {0, 0, 0, 1, 2}));
    assertThat(v.getFirst().mark()).isEqualTo(MARKS.block());
    assertThat(stats.get(Counter.FLOWS_BLOCKED)).isEqualTo(1);
    assertThat(resets).hasSize(1);
  }

  @Test
  void monitorModeOffloadsAndCountsWhatItWouldBlock() {
    QueueWorker w = worker(BitTorrentDetectors.all(), new Policy(Mode.monitor, EnumSet.allOf(Confidence.class)));
    List<Verdict> v = judge(w, 0,
        tcp(SUB, 40001, SRV, 6881, 100, 0, S, null),
        tcp(SUB, 40001, SRV, 6881, 101, 901, A | P, handshake()));
    assertThat(v.get(1).mark()).isEqualTo(MARKS.clean());
    assertThat(stats.get(Counter.FLOWS_BLOCKED)).isZero();
    assertThat(stats.get(Counter.FLOWS_WOULD_BLOCK)).isEqualTo(1);
    assertThat(stats.wouldBlock(Kind.PEER_WIRE)).isEqualTo(1);
    assertThat(resets).isEmpty();
  }

  @Test
  void plainHttpIsOffloadedOnceJudgedAndOtherMarkBitsSurvive() {
    QueueWorker w = worker(BitTorrentDetectors.all(), Policy.defaults());
    int operatorMark = 0x0000ca6c; // e.g. wg-quick's fwmark
    byte[] get = "GET /index.html HTTP/1.1\r\nHost: example.test\r\nAccept: */*\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] ok = ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\n\r\nhello").getBytes(StandardCharsets.US_ASCII);
    List<byte[]> flow = new ArrayList<>(List.of(
        tcp(SUB, 40002, SRV, 80, 100, 0, S, null),
        tcp(SRV, 80, SUB, 40002, 900, 101, S | A, null),
        tcp(SUB, 40002, SRV, 80, 101, 901, A, null),
        tcp(SUB, 40002, SRV, 80, 101, 901, A | P, get),
        tcp(SRV, 80, SUB, 40002, 901, 101 + get.length, A | P, ok)));
    int seq = 901 + ok.length;
    for (int i = 0; i < 40; i++) {
      byte[] body = new byte[1000];
      new Random(i).nextBytes(body);
      flow.add(tcp(SRV, 80, SUB, 40002, seq, 101 + get.length, A, body));
      seq += 1000;
    }
    List<Verdict> v = judge(w, operatorMark, flow.toArray(byte[][]::new));
    assertThat(v).extracting(x -> x.mark() & ~MARKS.mask()).containsOnly(operatorMark);
    assertThat(v.getFirst().mark() & MARKS.mask()).isEqualTo(MARKS.pass());
    // Judged clean within the engine's payload budget, then offloaded: never blocked.
    assertThat(v.getLast().mark() & MARKS.mask()).isEqualTo(MARKS.clean());
    assertThat(v).extracting(x -> x.mark() & MARKS.mask()).doesNotContain(MARKS.block());
    assertThat(stats.get(Counter.FLOWS_CLEAN)).isEqualTo(1);
  }

  @Test
  void malformedAndEmptyPacketsPassAndAreCounted() {
    QueueWorker w = worker(BitTorrentDetectors.all(), Policy.defaults());
    byte[] truncatedTcp = java.util.Arrays.copyOf(tcp(SUB, 1, SRV, 2, 0, 0, S, null), 30);
    byte[] badIhl = tcp(SUB, 1, SRV, 2, 0, 0, S, null);
    badIhl[0] = 0x4f; // header length 60 > packet
    byte[] garbage = new byte[37];
    new Random(3).nextBytes(garbage);
    List<Verdict> v = judge(w, 0, truncatedTcp, badIhl, garbage, new byte[0]);
    assertThat(v).extracting(Verdict::mark).containsOnly(MARKS.pass());
    assertThat(stats.get(Counter.MALFORMED_PACKETS)).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aDetectorThatThrowsCannotStopTheWorker() {
    IntFunction<Detector> bomb = capacity -> new Detector() {
      public String name() {
        return "bomb";
      }

      public boolean tcp() {
        return true;
      }

      public boolean udp() {
        return true;
      }

      @Override
      public void onStream(FlowContext ctx, byte[] buf, int off, int len) {
        if (buf[off] == 'X') throw new ArrayIndexOutOfBoundsException("detector bug");
      }
    };
    QueueWorker w = worker(new DetectorSet(List.of(bomb)), Policy.defaults());
    List<Verdict> v = judge(w, 0,
        tcp(SUB, 40003, SRV, 7000, 100, 0, S, null),
        tcp(SUB, 40003, SRV, 7000, 101, 901, A | P, "X marks the spot".getBytes(StandardCharsets.US_ASCII)),
        tcp(SUB, 40004, SRV, 7000, 100, 0, S, null));
    assertThat(v).hasSize(3);
    assertThat(v.get(1).mark()).isEqualTo(MARKS.pass());
    assertThat(stats.get(Counter.INSPECTOR_ERRORS)).isEqualTo(1);
  }

  /** Per-packet work allocates nothing once the worker is warm: no garbage, no collector pauses in the verdict path. */
  @Test
  void steadyStateAllocatesNothingPerPacket() {
    var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    // The recording resetter of the other tests copies packets: count resets without allocating instead.
    int[] resetCount = new int[1];
    QueueWorker w = new QueueWorker(null, 0, EngineConfig.defaults(BitTorrentDetectors.all()).withMaxFlows(1024),
        Policy.defaults(), MARKS, stats, QueueWorker.LatencyRecorder.NONE, p -> resetCount[0]++, 4096, 64);
    byte[] get = "GET / HTTP/1.1\r\nHost: example.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    PacketBatch b = new PacketBatch(8);
    byte[] hs = handshake();
    byte[] p1 = new byte[40], p2 = new byte[40], p3 = new byte[40 + get.length], p4 = new byte[40 + 68];
    long allocated = 0;
    int packets = 0;
    for (int phase = 0; phase < 2; phase++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int r = 0; r < 5000; r++) {
        int port = 1024 + r + phase * 20000;
        SyntheticPackets.tcp(p1, SUB, port, SRV, 80, 100, 0, S, null);
        SyntheticPackets.tcp(p2, SRV, 80, SUB, port, 900, 101, S | A, null);
        SyntheticPackets.tcp(p3, SUB, port, SRV, 80, 101, 901, A | P, get);
        SyntheticPackets.tcp(p4, SUB, port + 40000, SRV, 6881, 101, 901, A | P, hs);
        long off = NfqMessages.packet(in, 0, 0, nextId++, 0, p1, p1.length, p1.length);
        off = NfqMessages.packet(in, off, 0, nextId++, 0, p2, p2.length, p2.length);
        off = NfqMessages.packet(in, off, 0, nextId++, 0, p3, p3.length, p3.length);
        off = NfqMessages.packet(in, off, 0, nextId++, 0, p4, p4.length, p4.length);
        b.clear();
        b.parse(in, 0, off);
        w.judge(b, in, System.nanoTime());
        if (phase == 1) packets += b.size;
      }
      allocated = threads.getCurrentThreadAllocatedBytes() - before;
    }
    assertThat(resetCount[0]).isEqualTo(10000); // every handshake flow was blocked
    assertThat(allocated / (double) packets).as("bytes allocated per judged packet").isLessThan(1);
  }

  @Test
  void randomBatchesAlwaysGetOneVerdictPerReadableId() {
    QueueWorker w = worker(BitTorrentDetectors.all(), Policy.defaults());
    Random r = new Random(11);
    for (int round = 0; round < 3000; round++) {
      int n = 1 + r.nextInt(6);
      byte[][] pkts = new byte[n][];
      for (int i = 0; i < n; i++) {
        byte[] p = tcp(SUB + r.nextInt(4), 1000 + r.nextInt(50), SRV, 6881 - r.nextInt(2), r.nextInt(), r.nextInt(),
            r.nextInt(64), r.nextBoolean() ? handshake() : new byte[r.nextInt(200)]);
        for (int k = r.nextInt(4); k > 0; k--) p[r.nextInt(p.length)] = (byte) r.nextInt();
        pkts[i] = java.util.Arrays.copyOf(p, 1 + r.nextInt(p.length));
      }
      List<Verdict> v = judge(w, r.nextInt(), pkts); // checks one verdict per id, in order
      assertThat(v).extracting(Verdict::verdict).containsOnly(Nfq.NF_REPEAT);
    }
  }
}
