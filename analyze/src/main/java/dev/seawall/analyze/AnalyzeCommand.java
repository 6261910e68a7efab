package dev.seawall.analyze;

import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.detect.bittorrent.BitTorrentDetectors;
import dev.seawall.engine.detect.bittorrent.LearnedPeers;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seawall analyze FILE...}: what BitTorrent is in these captures. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = {
      "Reads pcap/pcapng captures (optionally gzip-compressed; '-' for standard input), tracks flows and",
      "reports which are BitTorrent, of what kind, decided at which packet, with the info-hashes seen.",
      "Exit status: 0 ok, 1 input error (the message names the file and offset), 2 usage error."
    })
public final class AnalyzeCommand implements Callable<Integer> {

  public enum Format { human, jsonl, csv }

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "capture files to read, in order")
  List<Path> files;

  @Option(names = "--format", defaultValue = "human", description = "human (default), jsonl or csv: one line per flow")
  Format format;

  @Option(names = "--threads", defaultValue = "1", description = "worker threads; flows are sharded by a symmetric hash")
  int threads;

  @Option(names = "--max-flows", defaultValue = "131072", description = "flows tracked at once (all workers); the least recently active is evicted beyond")
  int maxFlows;

  @Option(names = "--tcp-timeout", defaultValue = "300", description = "idle seconds before an open TCP flow ends")
  long tcpTimeout;

  @Option(names = "--udp-timeout", defaultValue = "60", description = "idle seconds before a UDP flow ends")
  long udpTimeout;

  public enum Detectors { bittorrent, none }

  @Option(names = "--detectors", defaultValue = "bittorrent",
      description = "bittorrent (default) or none: flow accounting only, the engine's baseline for benchmarks")
  Detectors detectors;

  @Option(names = "--no-memory",
      description = "judge each flow on its own packets: no learned peers, no per-subscriber evidence")
  boolean noMemory;

  @Option(names = "--progress", negatable = true, description = "progress bar on standard error (default: when it is a terminal and the input is large)")
  Boolean progress;

  /** Where reports go; tests replace them. */
  PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
      false, StandardCharsets.UTF_8);
  PrintStream err = System.err;

  @Override
  public Integer call() {
    if (threads < 1 || threads > 256) return usage("--threads must be between 1 and 256, got " + threads);
    if (maxFlows < 16 * threads) return usage("--max-flows must be at least 16 per thread, got " + maxFlows);
    for (Path f : files) {
      if (!f.toString().equals("-") && !Files.isRegularFile(f)) {
        err.println("seawall analyze: " + f + ": no such file");
        return 1;
      }
    }
    LearnedPeers peers = LearnedPeers.withDefaults();
    EngineConfig config = EngineConfig.defaults(
            detectors == Detectors.none ? dev.seawall.engine.detect.DetectorSet.empty() : BitTorrentDetectors.all())
        .withMaxFlows(maxFlows)
        .withTimeouts(Duration.ofSeconds(tcpTimeout), Duration.ofSeconds(Math.min(10, tcpTimeout)), Duration.ofSeconds(udpTimeout))
        .withInfohashes(true)
        .withPeers(noMemory ? dev.seawall.engine.detect.PeerMemory.NONE : peers);

    FlowFormat sink = switch (format) {
      case human -> new HumanReport(out);
      case jsonl -> new JsonLinesFormat(out);
      case csv -> new CsvFormat(out);
    };
    boolean showProgress = progress != null ? progress : ProgressBar.stderrIsTerminal() && totalSize() > (64L << 20);
    CaptureAnalysis.Progress bar = showProgress ? new ProgressBar(err) : CaptureAnalysis.Progress.NONE;

    long start = System.nanoTime();
    List<CaptureAnalysis.FileReport> reports = new CaptureAnalysis(config, threads).run(files, sink, bar, file -> {
      peers.clear(); // captures are unrelated: what one taught must not label another's flows
      sink.beginFile(file);
    });
    sink.finish(reports, System.nanoTime() - start);
    out.flush();

    int status = 0;
    for (CaptureAnalysis.FileReport r : reports) {
      for (String w : r.warnings()) err.println("seawall analyze: warning: " + w);
      if (r.error() != null) {
        err.println("seawall analyze: error: " + r.error());
        status = 1;
      }
    }
    return status;
  }

  private long totalSize() {
    long total = 0;
    for (Path f : files) {
      try {
        total += Files.size(f);
      } catch (Exception e) {
        // standard input or unreadable: no size to show progress against
      }
    }
    return total;
  }

  private int usage(String message) {
    err.println("seawall analyze: " + message);
    return 2;
  }
}
