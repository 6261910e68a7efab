package dev.seawall.firewall.verdict;

import dev.seawall.engine.EngineConfig;
import dev.seawall.firewall.metrics.WorkerStats;
import dev.seawall.firewall.netlink.NfqMessages;
import dev.seawall.firewall.netlink.PacketBatch;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Runs the whole verdict path (netlink parsing, engine, detectors, policy, verdict encoding) over
 * synthetic flows before any queue is bound, so that the first real packets are not held while
 * the JVM loads and compiles it (a cold path delays the first verdicts by tens of milliseconds,
 * long enough for TCP to retransmit).
 */
public final class Warmup {
  private Warmup() {}

  private static final byte[] HANDSHAKE = handshake();

  /** Judges {@code rounds} small synthetic flows (TCP and UDP, plain and BitTorrent) with a throwaway worker. */
  public static void run(EngineConfig engine, Policy policy, Marks marks, int copyRange, int rounds) {
    WorkerStats stats = new WorkerStats(-1);
    QueueWorker w = new QueueWorker(null, 0, engine, policy, marks, stats, QueueWorker.LatencyRecorder.NONE,
        QueueWorker.Resetter.NONE, copyRange, 64);
    byte[] http = "GET / HTTP/1.1\r\nHost: warm.invalid\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] udp = new byte[48];
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(64 * 1024, 8);
      PacketBatch batch = new PacketBatch(16);
      byte[] pkt = new byte[2048];
      int id = 1;
      for (int r = 0; r < rounds; r++) {
        int port = 1024 + (r % 60000);
        long off = 0;
        int n;
        n = SyntheticPackets.tcp(pkt, 0x0a000001, port, 0x0a000002, 80, 1000, 0, SyntheticPackets.SYN, null);
        off = NfqMessages.packet(buf, off, 0, id++, 0, pkt, n, n);
        n = SyntheticPackets.tcp(pkt, 0x0a000002, 80, 0x0a000001, port, 5000, 1001, SyntheticPackets.SYN | SyntheticPackets.ACK, null);
        off = NfqMessages.packet(buf, off, 0, id++, 0, pkt, n, n);
        n = SyntheticPackets.tcp(pkt, 0x0a000001, port, 0x0a000002, 80, 1001, 5001, SyntheticPackets.ACK | SyntheticPackets.PSH,
            (r & 1) == 0 ? http : HANDSHAKE);
        off = NfqMessages.packet(buf, off, 0, id++, 0, pkt, n, n);
        n = SyntheticPackets.udp(pkt, 0x0a000001, port, 0x0a000003, 6881, udp);
        off = NfqMessages.packet(buf, off, 0, id++, 0, pkt, n, n);
        n = SyntheticPackets.tcp6(pkt, 1, port, 2, 6881, 1000, 0, SyntheticPackets.SYN, null);
        off = NfqMessages.packet(buf, off, 0, id++, 0, pkt, n, n);
        n = SyntheticPackets.tcp6(pkt, 1, port, 2, 6881, 1001, 1, SyntheticPackets.ACK | SyntheticPackets.PSH,
            (r & 1) == 0 ? HANDSHAKE : http);
        off = NfqMessages.packet(buf, off, 0, id++, 0, pkt, n, n);
        batch.clear();
        batch.parse(buf, 0, off);
        w.judge(batch, buf, System.nanoTime());
      }
    } finally {
      w.release();
    }
  }

  private static byte[] handshake() {
    byte[] h = new byte[68];
    h[0] = 19;
    System.arraycopy("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII), 0, h, 1, 19);
    for (int i = 28; i < 68; i++) h[i] = (byte) (i * 7);
    return h;
  }
}
