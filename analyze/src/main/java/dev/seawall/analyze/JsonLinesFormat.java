package dev.seawall.analyze;

import dev.seawall.engine.FlowSummary;
import java.io.PrintStream;
import java.util.List;

/** One JSON object per flow, as the flow ends. Field names are part of the interface: keep them. */
public final class JsonLinesFormat implements FlowFormat {
  private final PrintStream out;
  private final StringBuilder line = new StringBuilder(256);
  private String file = "";

  public JsonLinesFormat(PrintStream out) {
    this.out = out;
  }

  @Override
  public void beginFile(String file) {
    this.file = file;
  }

  @Override
  public void flowEnded(FlowSummary f) {
    StringBuilder b = line;
    b.setLength(0);
    b.append("{\"file\":");
    Json.string(b, file);
    b.append(",\"proto\":\"").append(f.transport()).append('"');
    b.append(",\"src\":\"").append(f.initiatorAddress()).append('"');
    b.append(",\"sport\":").append(f.initiatorPort());
    b.append(",\"dst\":\"").append(f.responderAddress()).append('"');
    b.append(",\"dport\":").append(f.responderPort());
    b.append(",\"packets\":").append(f.packets());
    b.append(",\"bytes\":").append(f.bytes());
    b.append(",\"first_seen\":");
    Json.instant(b, f.firstSeenNanos());
    b.append(",\"last_seen\":");
    Json.instant(b, f.lastSeenNanos());
    b.append(",\"bittorrent\":").append(f.bittorrent());
    b.append(",\"kind\":");
    if (f.kind() == null) b.append("null");
    else b.append('"').append(f.kind().label()).append('"');
    b.append(",\"confidence\":");
    if (f.confidence() == null) b.append("null");
    else b.append('"').append(f.confidence().label()).append('"');
    b.append(",\"evidence\":");
    if (f.evidence() == null) b.append("null");
    else Json.string(b, f.evidence());
    b.append(",\"client\":");
    if (f.clientId() == null) b.append("null");
    else Json.string(b, f.clientId());
    b.append(",\"decided_at_packet\":");
    if (f.decidedAtPacket() == 0) b.append("null");
    else b.append(f.decidedAtPacket());
    b.append(",\"infohashes\":[");
    for (int i = 0; i < f.storedInfohashes(); i++) {
      if (i > 0) b.append(',');
      b.append('"').append(f.infohashHex(i)).append('"');
    }
    b.append("]}");
    out.println(b);
  }

  @Override
  public void finish(List<CaptureAnalysis.FileReport> files, long elapsedNanos) {
    out.flush();
  }
}
