package dev.seawall.analyze;

import dev.seawall.engine.FlowSummary;
import java.io.PrintStream;
import java.util.List;

/** One CSV row per flow, with a header; the same columns as the JSON lines. */
public final class CsvFormat implements FlowFormat {
  static final String HEADER =
      "file,proto,src,sport,dst,dport,packets,bytes,bittorrent,kind,confidence,decided_at_packet,infohashes";

  private final PrintStream out;
  private final StringBuilder line = new StringBuilder(256);
  private String file = "";

  public CsvFormat(PrintStream out) {
    this.out = out;
    out.println(HEADER);
  }

  @Override
  public void beginFile(String file) {
    this.file = file;
  }

  @Override
  public void flowEnded(FlowSummary f) {
    StringBuilder b = line;
    b.setLength(0);
    field(b, file).append(',');
    b.append(f.transport()).append(',');
    b.append(f.initiatorAddress()).append(',').append(f.initiatorPort()).append(',');
    b.append(f.responderAddress()).append(',').append(f.responderPort()).append(',');
    b.append(f.packets()).append(',').append(f.bytes()).append(',');
    b.append(f.bittorrent()).append(',');
    b.append(f.kind() == null ? "" : f.kind().label()).append(',');
    b.append(f.confidence() == null ? "" : f.confidence().label()).append(',');
    if (f.decidedAtPacket() != 0) b.append(f.decidedAtPacket());
    b.append(',');
    for (int i = 0; i < f.storedInfohashes(); i++) {
      if (i > 0) b.append(';');
      b.append(f.infohashHex(i));
    }
    out.println(b);
  }

  /** RFC 4180: quote a field holding a comma, quote or line break. */
  private static StringBuilder field(StringBuilder b, String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return b.append(s);
    return b.append('"').append(s.replace("\"", "\"\"")).append('"');
  }

  @Override
  public void finish(List<CaptureAnalysis.FileReport> files, long elapsedNanos) {
    out.flush();
  }
}
