package dev.seawall.analyze;

import dev.seawall.engine.FlowSink;
import java.util.List;

/** How `seawall analyze` prints: one line per flow (JSON lines, CSV) or a summary at the end. */
public sealed interface FlowFormat extends FlowSink permits JsonLinesFormat, CsvFormat, HumanReport {

  /** Called before each file, so per-flow lines can name it. */
  void beginFile(String file);

  /** Called once, after every file, with what happened to each. */
  void finish(List<CaptureAnalysis.FileReport> files, long elapsedNanos);
}
