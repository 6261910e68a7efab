package dev.seawall.firewall.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.blocklist.Blocklist;
import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.detect.bittorrent.BitTorrentDetectors;
import dev.seawall.engine.packet.Packet;
import dev.seawall.firewall.metrics.WorkerStats;
import dev.seawall.firewall.metrics.WorkerStats.Counter;
import dev.seawall.firewall.netlink.NfqMessages;
import dev.seawall.firewall.netlink.PacketBatch;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Court-ordered blocks on the verdict path, without a kernel: names (SNI, Host) and addresses. */
class CourtOrderVerdictTest {
  static final int SUB = 0x0a4d0102, SRV = 0x0a4d0202, LISTED = 0xc6336407; // 198.51.100.7
  static final Marks MARKS = Marks.DEFAULT;
  static final ValueLayout.OfInt BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final int S = SyntheticPackets.SYN, A = SyntheticPackets.ACK, P = SyntheticPackets.PSH;

  private final Arena arena = Arena.ofConfined();
  private final MemorySegment in = arena.allocate(1 << 16, 8);
  private final WorkerStats stats = new WorkerStats(0);
  private final List<Integer> resetPorts = new ArrayList<>();
  private final AtomicReference<Blocklist> list = new AtomicReference<>(
      Blocklist.parse("pirate-site.example\n*.pirate-site.example\n198.51.100.7\n", "test"));
  private int nextId = 1;

  @AfterEach
  void close() {
    arena.close();
  }

  private QueueWorker worker(Policy policy) {
    EngineConfig engine = EngineConfig.defaults(BitTorrentDetectors.all()).withMaxFlows(1024).withServerNames(true);
    QueueWorker.Resetter r = p -> resetPorts.add(p.dstPort);
    return new QueueWorker(null, 0, engine, policy, CourtOrders.of(list::get), MARKS, stats, QueueWorker.LatencyRecorder.NONE,
        r, 4096, 64);
  }

  /** Judges each packet in its own batch; returns the mark bits of each verdict. */
  private List<Integer> judge(QueueWorker w, byte[]... packets) {
    List<Integer> marks = new ArrayList<>();
    for (byte[] p : packets) {
      long off = NfqMessages.packet(in, 0, 0, nextId++, 0, p, p.length, p.length);
      PacketBatch b = new PacketBatch(8);
      b.parse(in, 0, off);
      w.judge(b, in, System.nanoTime());
      marks.add(w.verdicts().get(BE, 36) & MARKS.mask());
    }
    return marks;
  }

  static byte[] tcp(int src, int sport, int dst, int dport, int seq, int ack, int flags, byte[] payload) {
    byte[] b = new byte[40 + (payload == null ? 0 : payload.length)];
    SyntheticPackets.tcp(b, src, sport, dst, dport, seq, ack, flags, payload);
    return b;
  }

  /** The three-way handshake of a flow from SUB:port to server:dport, then the client's bytes in pieces. */
  static byte[][] flow(int server, int port, int dport, byte[]... pieces) {
    List<byte[]> out = new ArrayList<>(List.of(
        tcp(SUB, port, server, dport, 100, 0, S, null),
        tcp(server, dport, SUB, port, 900, 101, S | A, null),
        tcp(SUB, port, server, dport, 101, 901, A, null)));
    int seq = 101;
    for (byte[] piece : pieces) {
      out.add(tcp(SUB, port, server, dport, seq, 901, A | P, piece));
      seq += piece.length;
    }
    return out.toArray(byte[][]::new);
  }

  static byte[] http(String host) {
    return ("GET /file.bin HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] clientHello(String host) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, null, null);
    SSLEngine e = ctx.createSSLEngine(host, 443);
    e.setUseClientMode(true);
    SSLParameters p = e.getSSLParameters();
    p.setServerNames(List.of(new SNIHostName(host)));
    e.setSSLParameters(p);
    ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
    e.wrap(ByteBuffer.allocate(0), out);
    return Arrays.copyOf(out.array(), out.position());
  }

  @Test
  void aListedHttpHostIsBlockedOnTheRequestAndItsServerReset() {
    QueueWorker w = worker(Policy.defaults());
    List<Integer> m = judge(w, flow(SRV, 40000, 80, http("Pirate-Site.Example")));
    assertThat(m.subList(0, 3)).containsOnly(MARKS.pass());
    assertThat(m.get(3)).isEqualTo(MARKS.block());
    assertThat(stats.courtOrders(CourtOrders.Match.NAME, false)).isEqualTo(1);
    assertThat(stats.get(Counter.FLOWS_BLOCKED)).isEqualTo(1);
    assertThat(resetPorts).containsExactly(80);
  }

  @Test
  void anUnlistedNameOnTheSameServerPasses() {
    QueueWorker w = worker(Policy.defaults());
    List<Integer> m = judge(w, flow(SRV, 40001, 80, http("lab.example:80")));
    assertThat(m).doesNotContain(MARKS.block());
    assertThat(stats.courtOrders(CourtOrders.Match.NAME, false)).isZero();
    assertThat(resetPorts).isEmpty();
  }

  @Test
  void aClientHelloSplitOverSegmentsIsHeldUntilItsNameIsKnown() throws Exception {
    QueueWorker w = worker(Policy.defaults());
    byte[] hello = clientHello("cdn.pirate-site.example");
    List<Integer> m = judge(w, flow(SRV, 40002, 443, Arrays.copyOfRange(hello, 0, 60), Arrays.copyOfRange(hello, 60, hello.length)));
    assertThat(m.get(3)).as("first piece: passed, not offloaded").isEqualTo(MARKS.pass());
    assertThat(m.get(4)).isEqualTo(MARKS.block());
    assertThat(stats.courtOrders(CourtOrders.Match.NAME, false)).isEqualTo(1);
  }

  @Test
  void aListedAddressIsBlockedOnItsFirstPacket() {
    QueueWorker w = worker(Policy.defaults());
    List<Integer> m = judge(w, flow(LISTED, 40003, 443));
    assertThat(m.getFirst()).isEqualTo(MARKS.block());
    assertThat(stats.courtOrders(CourtOrders.Match.ADDRESS, false)).isEqualTo(1);
    assertThat(stats.get(Counter.FLOWS_BLOCKED)).isEqualTo(1);
  }

  @Test
  void aReloadedListAppliesToTheNextFlow() {
    QueueWorker w = worker(Policy.defaults());
    assertThat(judge(w, flow(SRV, 40004, 80, http("new.example")))).doesNotContain(MARKS.block());
    list.set(Blocklist.parse("new.example\n", "reloaded"));
    assertThat(judge(w, flow(SRV, 40005, 80, http("new.example")))).contains(MARKS.block());
    assertThat(judge(w, flow(LISTED, 40006, 80, http("other.example")))).doesNotContain(MARKS.block()); // address delisted
  }

  @Test
  void monitorModeCountsWhatAnOrderWouldBlock() {
    QueueWorker w = worker(new Policy(Mode.monitor, EnumSet.noneOf(dev.seawall.engine.detect.Confidence.class)));
    assertThat(judge(w, flow(SRV, 40007, 80, http("pirate-site.example")))).doesNotContain(MARKS.block());
    assertThat(stats.courtOrders(CourtOrders.Match.NAME, true)).isEqualTo(1);
    assertThat(stats.courtOrders(CourtOrders.Match.NAME, false)).isZero();
    assertThat(resetPorts).isEmpty();
  }

  @Test
  void withoutAListNothingIsHeldOrBlocked() {
    EngineConfig engine = EngineConfig.defaults(BitTorrentDetectors.all()).withMaxFlows(1024);
    QueueWorker w = new QueueWorker(null, 0, engine, Policy.defaults(), MARKS, stats, QueueWorker.LatencyRecorder.NONE,
        p -> resetPorts.add(p.dstPort), 4096, 64);
    assertThat(judge(w, flow(LISTED, 40008, 80, http("pirate-site.example")))).doesNotContain(MARKS.block());
    assertThat(stats.get(Counter.FLOWS_BLOCKED)).isZero();
  }
}
