package dev.seawall.analyze;

import dev.seawall.engine.FlowSummary;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.packet.DecodeStatus;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The default output: what was found, summed up for a person to read. */
public final class HumanReport implements FlowFormat {
  private static final int LISTED_FLOWS = 25;
  private static final int LISTED_HASHES = 20;
  private static final int TRACKED_HASHES = 100_000;

  private final PrintStream out;
  private long flows, tcpFlows, udpFlows, btFlows;
  private final long[] flowsByKind = new long[Kind.values().length];
  private final long[] packetsByKind = new long[Kind.values().length];
  private final long[] bytesByKind = new long[Kind.values().length];
  private final long[] decidedWithin = new long[5]; // packet 1, 2, 3-4, 5-8, later
  private final Map<String, Integer> hashes = new LinkedHashMap<>();
  private final List<String> listed = new ArrayList<>();

  public HumanReport(PrintStream out) {
    this.out = out;
  }

  @Override
  public void beginFile(String file) {}

  @Override
  public void flowEnded(FlowSummary f) {
    flows++;
    if (f.protocol() == 6) tcpFlows++;
    else if (f.protocol() == 17) udpFlows++;
    if (!f.bittorrent()) return;
    btFlows++;
    int k = f.kind().ordinal();
    flowsByKind[k]++;
    packetsByKind[k] += f.packets();
    bytesByKind[k] += f.bytes();
    int at = f.decidedAtPacket();
    decidedWithin[at <= 1 ? 0 : at == 2 ? 1 : at <= 4 ? 2 : at <= 8 ? 3 : 4]++;
    for (int i = 0; i < f.storedInfohashes(); i++) {
      String h = f.infohashHex(i);
      if (hashes.containsKey(h) || hashes.size() < TRACKED_HASHES) hashes.merge(h, 1, Integer::sum);
    }
    if (listed.size() < LISTED_FLOWS) {
      listed.add(String.format(Locale.ROOT, "  %s %s:%d -> %s:%d  %s (%s, packet %d)%s%n      %s",
          f.transport(), f.initiatorAddress(), f.initiatorPort(), f.responderAddress(), f.responderPort(),
          f.kind().label(), f.confidence().label(), f.decidedAtPacket(),
          f.storedInfohashes() > 0 ? "  info-hash " + f.infohashHex(0) : "", f.evidence()));
    }
  }

  @Override
  public void finish(List<CaptureAnalysis.FileReport> files, long elapsedNanos) {
    long frames = 0, bytes = 0;
    for (CaptureAnalysis.FileReport r : files) {
      frames += r.frames();
      bytes += r.capturedBytes();
    }
    double seconds = elapsedNanos / 1e9;
    out.printf(Locale.ROOT, "Seawall analysis: %d file(s), %,d frames, %.1f MB in %.2f s%n%n",
        files.size(), frames, bytes / 1e6, seconds);
    for (CaptureAnalysis.FileReport r : files) {
      long malformed = 0;
      for (DecodeStatus s : DecodeStatus.values()) if (s.malformed()) malformed += r.decodeCount(s);
      out.printf(Locale.ROOT, "  %s  [%s]  %,d frames; %,d not IP, %,d other transports, %,d malformed%n",
          r.file(), r.format(), r.frames(), r.decodeCount(DecodeStatus.NOT_IP) + r.decodeCount(DecodeStatus.UNSUPPORTED_LINK_TYPE),
          r.decodeCount(DecodeStatus.OTHER_TRANSPORT), malformed);
      for (String w : r.warnings()) out.println("    warning: " + w);
      if (r.error() != null) out.println("    ERROR: " + r.error());
    }
    out.printf(Locale.ROOT, "%nFlows: %,d (%,d TCP, %,d UDP)%n", flows, tcpFlows, udpFlows);
    out.printf(Locale.ROOT, "BitTorrent flows: %,d%n", btFlows);
    if (btFlows > 0) {
      out.printf(Locale.ROOT, "  %-14s %8s %10s %14s%n", "kind", "flows", "packets", "bytes");
      for (Kind k : Kind.values()) {
        if (flowsByKind[k.ordinal()] == 0) continue;
        out.printf(Locale.ROOT, "  %-14s %,8d %,10d %,14d%n", k.label(), flowsByKind[k.ordinal()],
            packetsByKind[k.ordinal()], bytesByKind[k.ordinal()]);
      }
      out.printf(Locale.ROOT, "  decided at packet 1: %,d, 2: %,d, 3-4: %,d, 5-8: %,d, later: %,d%n",
          decidedWithin[0], decidedWithin[1], decidedWithin[2], decidedWithin[3], decidedWithin[4]);
      out.printf(Locale.ROOT, "%nInfo-hashes seen: %,d%n", hashes.size());
      hashes.entrySet().stream().limit(LISTED_HASHES)
          .forEach(e -> out.printf(Locale.ROOT, "  %s  in %d flow(s)%n", e.getKey(), e.getValue()));
      out.printf(Locale.ROOT, "%nBitTorrent flows (first %d of %,d; --format jsonl lists all):%n", listed.size(), btFlows);
      listed.forEach(out::println);
    }
    out.flush();
  }
}
