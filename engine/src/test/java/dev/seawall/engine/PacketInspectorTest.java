package dev.seawall.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.DetectorSet;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.flow.FlowTable;
import dev.seawall.engine.packet.Bytes;
import dev.seawall.engine.packet.LinkType;
import dev.seawall.engine.packet.Packet;
import dev.seawall.engine.testing.Frames;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class PacketInspectorTest {
  private static final int SYN = Packet.TCP_SYN, ACK = Packet.TCP_ACK, PSH = Packet.TCP_PSH, FIN = Packet.TCP_FIN;

  /** A flow record copied out of the reused summary. */
  record Ended(String proto, String src, int sport, String dst, int dport, long packets, boolean bt, int decidedAt,
      FlowTable.EndReason reason) {}

  private final List<Ended> ended = new ArrayList<>();
  private final FlowSink sink = f -> ended.add(new Ended(f.transport(), f.initiatorAddress(), f.initiatorPort(),
      f.responderAddress(), f.responderPort(), f.packets(), f.bittorrent(), f.decidedAtPacket(), f.endReason()));

  /** Matches a stream whose in-order bytes start with "MAGIC": exercises the engine's plumbing. */
  static final class MagicDetector implements Detector {
    static final byte[] MAGIC = Bytes.ascii("MAGIC");

    MagicDetector(int capacity) {}

    @Override
    public String name() {
      return "magic";
    }

    @Override
    public boolean tcp() {
      return true;
    }

    @Override
    public boolean udp() {
      return true;
    }

    @Override
    public void onStream(FlowContext ctx, byte[] buf, int off, int len) {
      if (ctx.prefix() == null || ctx.prefixLength() < MAGIC.length) return;
      if (Bytes.startsWith(ctx.prefix(), ctx.prefixOffset(), ctx.prefixOffset() + ctx.prefixLength(), MAGIC)) {
        ctx.match(Kind.PEER_WIRE, Confidence.SIGNATURE, "magic");
      } else {
        ctx.reject();
      }
    }

    @Override
    public void onDatagram(FlowContext ctx, byte[] buf, int off, int len) {
      if (Bytes.startsWith(buf, off, off + len, MAGIC)) ctx.match(Kind.DHT, Confidence.SIGNATURE, "magic");
      else ctx.reject();
    }
  }

  private static PacketInspector inspector(FlowSink sink, int maxFlows) {
    IntFunction<Detector> magic = MagicDetector::new;
    EngineConfig config = EngineConfig.defaults(new DetectorSet(List.of(magic))).withMaxFlows(maxFlows)
        .withTimeouts(Duration.ofSeconds(300), Duration.ofSeconds(10), Duration.ofSeconds(60));
    return new PacketInspector(config, sink);
  }

  private static int feed(PacketInspector in, byte[] frame, long seconds) {
    return in.process(frame, 0, frame.length, frame.length, LinkType.ETHERNET, seconds * 1_000_000_000L);
  }

  @Test
  void bothDirectionsAreOneFlowWithTheSynSenderAsInitiator() {
    PacketInspector in = inspector(sink, 1024);
    feed(in, Frames.tcp4("10.0.0.9", 40000, "10.0.0.1", 80, SYN, 100, 0, new byte[0]), 1);
    feed(in, Frames.tcp4("10.0.0.1", 80, "10.0.0.9", 40000, SYN | ACK, 500, 101, new byte[0]), 1);
    feed(in, Frames.tcp4("10.0.0.9", 40000, "10.0.0.1", 80, ACK, 101, 501, new byte[0]), 1);
    in.drain();
    assertThat(ended).singleElement().satisfies(e -> {
      assertThat(e.src()).isEqualTo("10.0.0.9");
      assertThat(e.sport()).isEqualTo(40000);
      assertThat(e.dst()).isEqualTo("10.0.0.1");
      assertThat(e.packets()).isEqualTo(3);
    });
  }

  @Test
  void aFlowFirstSeenAtItsSynAckStillNamesTheRealInitiator() {
    PacketInspector in = inspector(sink, 1024);
    feed(in, Frames.tcp4("10.0.0.1", 80, "10.0.0.9", 40000, SYN | ACK, 500, 101, new byte[0]), 1);
    in.drain();
    assertThat(ended.getFirst().src()).isEqualTo("10.0.0.9");
  }

  @Test
  void splitAndReorderedFirstBytesAreClassifiedInOrder() {
    PacketInspector in = inspector(sink, 1024);
    feed(in, Frames.tcp4("10.0.0.9", 40000, "10.0.0.1", 6881, SYN, 100, 0, new byte[0]), 1);
    feed(in, Frames.tcp4("10.0.0.9", 40000, "10.0.0.1", 6881, PSH | ACK, 103, 0, Bytes.ascii("GIC rest")), 1);
    int state = feed(in, Frames.tcp4("10.0.0.9", 40000, "10.0.0.1", 6881, PSH | ACK, 101, 0, Bytes.ascii("MA")), 1);
    assertThat(state & 3).isEqualTo(Classifier.BITTORRENT);
    assertThat(state & PacketInspector.FINISHED).isNotZero();
    in.drain();
    assertThat(ended.getFirst().bt()).isTrue();
    assertThat(ended.getFirst().decidedAt()).isEqualTo(3);
  }

  @Test
  void cleanVerdictOnceEveryDetectorGaveUp() {
    PacketInspector in = inspector(sink, 1024);
    int state = feed(in, Frames.udp4("10.0.0.9", 5000, "10.0.0.1", 53, Bytes.ascii("dns?")), 1);
    assertThat(state).isEqualTo(Classifier.CLEAN | PacketInspector.FINISHED);
  }

  @Test
  void tcpFiveTupleReusedAfterCloseIsANewFlow() {
    PacketInspector in = inspector(sink, 1024);
    feed(in, Frames.tcp4("10.0.0.9", 40000, "10.0.0.1", 80, SYN, 100, 0, new byte[0]), 1);
    feed(in, Frames.tcp4("10.0.0.9", 40000, "10.0.0.1", 80, FIN | ACK, 101, 0, new byte[0]), 2);
    feed(in, Frames.tcp4("10.0.0.1", 80, "10.0.0.9", 40000, FIN | ACK, 501, 102, new byte[0]), 2);
    feed(in, Frames.tcp4("10.0.0.9", 40000, "10.0.0.1", 80, SYN, 9000, 0, new byte[0]), 3);
    assertThat(ended).singleElement().extracting(Ended::reason).isEqualTo(FlowTable.EndReason.REUSED);
    in.drain();
    assertThat(ended).hasSize(2);
  }

  @Test
  void idleFlowsEndByTimeoutAsTimeAdvances() {
    PacketInspector in = inspector(sink, 1024);
    feed(in, Frames.udp4("10.0.0.9", 5000, "10.0.0.1", 9999, Bytes.ascii("x")), 1);
    feed(in, Frames.udp4("10.0.0.8", 5000, "10.0.0.1", 9999, Bytes.ascii("x")), 100);
    assertThat(ended).singleElement().extracting(Ended::reason).isEqualTo(FlowTable.EndReason.IDLE);
  }

  @Test
  void laterFragmentsAreCountedInTheirDatagramsFlow() {
    PacketInspector in = inspector(sink, 1024);
    byte[] first = Frames.frame().ethernet(0x0800).ipv4("10.0.0.1", "10.0.0.2", 17, 77, 0x2000, new byte[0])
        .udp(1111, 2222).bytes(new byte[32]).build();
    byte[] later = Frames.frame().ethernet(0x0800).ipv4("10.0.0.1", "10.0.0.2", 17, 77, 5, new byte[0])
        .bytes(new byte[16]).build();
    byte[] stray = Frames.frame().ethernet(0x0800).ipv4("10.0.0.1", "10.0.0.2", 17, 78, 5, new byte[0])
        .bytes(new byte[16]).build();
    feed(in, first, 1);
    feed(in, later, 1);
    feed(in, stray, 1);
    in.drain();
    assertThat(ended).singleElement().extracting(Ended::packets).isEqualTo(2L);
    assertThat(in.unattributedFragments()).isEqualTo(1);
  }

  @Test
  void malformedFramesAreCountedAndSkipped() {
    PacketInspector in = inspector(sink, 1024);
    byte[] good = Frames.udp4("10.0.0.9", 5000, "10.0.0.1", 9999, Bytes.ascii("x"));
    assertThat(in.process(good, 0, 20, 20, LinkType.ETHERNET, 1)).isEqualTo(PacketInspector.NO_FLOW);
    assertThat(in.decodeCount(dev.seawall.engine.packet.DecodeStatus.TRUNCATED_IP_HEADER)).isEqualTo(1);
  }

  @Test
  void floodOfMillionsOfOnePacketFlowsStaysWithinTheCap() {
    int cap = 65_536;
    long[] flows = new long[1];
    PacketInspector in = inspector(f -> flows[0]++, cap);
    byte[] frame = Frames.udp4("10.0.0.0", 1, "192.0.2.1", 53, new byte[8]);
    var memory = ManagementFactory.getMemoryMXBean();
    int n = 2_000_000;
    long heapBefore = 0;
    for (int i = 0; i < n; i++) {
      if (i == cap) { // the tables have grown to the cap: from here on nothing may grow
        assertThat(in.table().footprintBytes()).isEqualTo(in.table().fullFootprintBytes());
        System.gc();
        heapBefore = memory.getHeapMemoryUsage().getUsed();
      }
      frame[14 + 13] = (byte) (i >>> 16); // source address 10.x.y.z: a new flow every packet
      frame[14 + 14] = (byte) (i >>> 8);
      frame[14 + 15] = (byte) i;
      in.process(frame, 0, frame.length, frame.length, LinkType.ETHERNET, 1_000_000_000L + i);
    }
    System.gc();
    long heapAfter = memory.getHeapMemoryUsage().getUsed();
    assertThat(in.table().size()).isEqualTo(cap);
    assertThat(in.table().evictedCount()).isEqualTo(n - cap);
    assertThat(flows[0]).as("every evicted flow was reported").isEqualTo(n - cap);
    assertThat(heapAfter - heapBefore).as("heap growth while flooding").isLessThan(16L << 20);
  }
}
