package dev.seawall.desk.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts of one import run, for the summary line and for tests. */
public final class ImportSummary {
  long read;
  long stored;
  long duplicates;
  long events;
  long flagged;
  long withoutEvents;
  int repaired;
  final Map<String, Long> perFormat = new TreeMap<>();
  final List<String> problems = new ArrayList<>();

  public long read() { return read; }
  public long stored() { return stored; }
  public long duplicates() { return duplicates; }
  public long events() { return events; }
  public long flagged() { return flagged; }
  public long withoutEvents() { return withoutEvents; }
  public int repaired() { return repaired; }
  public Map<String, Long> perFormat() { return perFormat; }
  public List<String> problems() { return problems; }

  /** Human summary: one line of totals, one per format, then problems. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("notices read %d, stored %d, duplicates %d, events %d, flagged %d, without events %d%n",
        read, stored, duplicates, events, flagged, withoutEvents));
    if (repaired > 0) {
      sb.append(String.format("  %d notices left half-stored by an interrupted import were stored again%n", repaired));
    }
    perFormat.forEach((f, n) -> sb.append(String.format("  %-24s %d%n", f, n)));
    for (String p : problems) sb.append("  problem: ").append(p).append(System.lineSeparator());
    return sb.toString();
  }
}
