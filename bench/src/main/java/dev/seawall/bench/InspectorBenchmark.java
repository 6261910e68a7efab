package dev.seawall.bench;

import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.FlowSink;
import dev.seawall.engine.PacketInspector;
import dev.seawall.engine.capture.CaptureReader;
import dev.seawall.engine.capture.CaptureRecord;
import dev.seawall.engine.capture.Captures;
import dev.seawall.engine.detect.DetectorSet;
import dev.seawall.engine.detect.bittorrent.BitTorrentDetectors;
import dev.seawall.engine.detect.bittorrent.LearnedPeers;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The engine's hot loop in steady state: frames already in memory (the capture's first {@code
 * frames} frames, packed into one array) go through a {@link PacketInspector}, with every
 * BitTorrent detector or none. Reading the file is left out; bench/analyze-vs-ndpi.sh measures
 * the whole process. Score: nanoseconds per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(InspectorBenchmark.FRAMES)
public class InspectorBenchmark {
  static final int FRAMES = 300_000;

  @Param({"bittorrent", "none"})
  public String detectors;

  /** Capture to read frames from (bench/mixed.pcap by default; see make-bench-pcap.sh). */
  @Param({"bench/mixed.pcap"})
  public String capture;

  private byte[] data;
  private int[] offset, length, linkType;
  private long[] timestamp;
  private PacketInspector inspector;
  private long shift;

  @Setup(Level.Trial)
  public void load() throws Exception {
    offset = new int[FRAMES];
    length = new int[FRAMES];
    linkType = new int[FRAMES];
    timestamp = new long[FRAMES];
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    try (CaptureReader reader = Captures.open(Path.of(capture))) {
      CaptureRecord r = new CaptureRecord();
      for (int i = 0; i < FRAMES && reader.next(r); i++) {
        offset[i] = all.size();
        length[i] = r.length;
        linkType[i] = r.linkType;
        timestamp[i] = r.timestampNanos;
        all.write(r.buffer, r.offset, r.length);
      }
    }
    data = all.toByteArray();
    DetectorSet set = detectors.equals("none") ? DetectorSet.empty() : BitTorrentDetectors.all();
    inspector = new PacketInspector(EngineConfig.defaults(set).withMaxFlows(131_072).withPeers(LearnedPeers.withDefaults()),
        FlowSink.NONE);
  }

  @Benchmark
  public int inspect() {
    // Each pass moves the clock on, as the next stretch of a long capture would.
    long base = shift;
    shift += timestamp[FRAMES - 1] - timestamp[0] + 120_000_000_000L;
    int acc = 0;
    for (int i = 0; i < FRAMES; i++) {
      acc += inspector.process(data, offset[i], length[i], length[i], linkType[i], timestamp[i] + base);
    }
    return acc;
  }
}
