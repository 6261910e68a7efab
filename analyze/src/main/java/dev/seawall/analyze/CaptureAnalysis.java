package dev.seawall.analyze;

import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.FlowSink;
import dev.seawall.engine.PacketInspector;
import dev.seawall.engine.capture.CaptureException;
import dev.seawall.engine.capture.CaptureReader;
import dev.seawall.engine.capture.CaptureRecord;
import dev.seawall.engine.capture.Captures;
import dev.seawall.engine.packet.DecodeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads capture files through the engine, one file after another; each file's flows end (and
 * reach the sink) when the file does. With one thread everything runs on the caller's thread;
 * with more, a {@link ShardedInspection} spreads flows over workers.
 */
public final class CaptureAnalysis {

  /** What happened to one input file. {@code error} is set when reading stopped early. */
  public record FileReport(String file, String format, long frames, long capturedBytes, long[] decodeCounts,
      List<String> warnings, String error) {

    public long decodeCount(DecodeStatus s) {
      return decodeCounts[s.ordinal()];
    }
  }

  /** Progress of the current file, for a progress bar. */
  public interface Progress {
    void update(String file, long position, long size);

    void done();

    Progress NONE = new Progress() {
      @Override
      public void update(String file, long position, long size) {}

      @Override
      public void done() {}
    };
  }

  private final EngineConfig config;
  private final int threads;

  public CaptureAnalysis(EngineConfig config, int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
    this.config = config;
    this.threads = threads;
  }

  /**
   * Analyses each file in turn; flows reach {@code sink} as they end (from worker threads if any),
   * all of a file's flows before {@code beginFile} announces the next file.
   */
  public List<FileReport> run(List<Path> files, FlowSink sink, Progress progress, Consumer<String> beginFile) {
    List<FileReport> reports = new ArrayList<>();
    try (Inspection inspection = threads == 1
        ? new SingleInspection(config, sink)
        : new ShardedInspection(config, threads, synchronizedSink(sink))) {
      for (Path file : files) {
        beginFile.accept(file.toString());
        reports.add(analyzeOne(file, inspection, progress));
      }
    }
    progress.done();
    return reports;
  }

  private static FlowSink synchronizedSink(FlowSink sink) {
    Object lock = new Object();
    return flow -> {
      synchronized (lock) {
        sink.flowEnded(flow);
      }
    };
  }

  private static FileReport analyzeOne(Path file, Inspection inspection, Progress progress) {
    String name = file.toString();
    long size = sizeOf(file);
    CaptureRecord r = new CaptureRecord();
    long frames = 0, captured = 0;
    String error = null;
    String format = "?";
    List<String> warnings = List.of();
    long[] before = inspection.decodeCounts();
    try (CaptureReader reader = "-".equals(name) ? Captures.open("stdin", System.in) : Captures.open(file)) {
      format = reader.format();
      while (reader.next(r)) {
        frames++;
        captured += r.length;
        inspection.accept(r);
        if ((frames & 0xffff) == 0) progress.update(name, r.streamOffset, size);
      }
      warnings = List.copyOf(reader.warnings());
    } catch (CaptureException e) {
      error = e.getMessage();
    } catch (IOException e) {
      error = name + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      inspection.endOfFile();
    }
    long[] counts = inspection.decodeCounts();
    for (int i = 0; i < counts.length; i++) counts[i] -= before[i];
    return new FileReport(name, format, frames, captured, counts, warnings, error);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  /** Where frames go: one inspector on this thread, or shards on workers. */
  interface Inspection extends AutoCloseable {
    void accept(CaptureRecord r);

    /** Ends every flow (each reaches the sink) before the next file starts. */
    void endOfFile();

    /** Decode outcomes so far, by {@link DecodeStatus} ordinal (a copy). */
    long[] decodeCounts();

    /** Stops workers, if any. */
    @Override
    void close();
  }

  private static final class SingleInspection implements Inspection {
    private final PacketInspector inspector;

    SingleInspection(EngineConfig config, FlowSink sink) {
      this.inspector = new PacketInspector(config, sink);
    }

    @Override
    public void accept(CaptureRecord r) {
      inspector.process(r.buffer, r.offset, r.length, r.wireLength, r.linkType, r.timestampNanos);
    }

    @Override
    public void endOfFile() {
      inspector.drain();
    }

    @Override
    public void close() {}

    @Override
    public long[] decodeCounts() {
      long[] out = new long[DecodeStatus.values().length];
      for (DecodeStatus s : DecodeStatus.values()) out[s.ordinal()] = inspector.decodeCount(s);
      return out;
    }
  }
}
