package dev.seawall.desk.cli;

import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.intake.Csv;
import dev.seawall.desk.match.Match;
import dev.seawall.desk.store.EventRow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** One event per line, as JSON Lines or CSV, with its match. */
final class EventLines {
  static final List<String> FIELDS = List.of("source", "sender", "ip", "port", "timestamp", "protocol", "infohash", "title",
      "customer", "match", "flags", "reason", "service", "resellers", "location", "first_seen", "last_seen", "case_id",
      "domain", "notice_id", "event_id");

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private final PrintWriter out;
  private final boolean csv;

  EventLines(PrintWriter out, boolean csv) {
    this.out = out;
    this.csv = csv;
    if (csv) out.println(String.join(",", FIELDS));
  }

  void write(EventRow row, Match m) {
    InfringementEvent e = row.event();
    TreeSet<String> flags = new TreeSet<>();
    e.flags().forEach(f -> flags.add(f.name()));
    if (row.noticeFlags() != null) for (String f : row.noticeFlags().split(",")) if (!f.isBlank()) flags.add(f.strip());
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("source", row.source());
    v.put("sender", e.sender());
    v.put("ip", e.ipText());
    v.put("port", e.port());
    v.put("timestamp", e.timestamp() == null ? null : e.timestamp().toString());
    v.put("protocol", e.protocol());
    v.put("infohash", e.infohash());
    v.put("title", e.title());
    v.put("customer", m.customer());
    v.put("match", m.verdict().label());
    v.put("flags", new ArrayList<>(flags));
    v.put("reason", m.reason());
    v.put("service", m.holder() == null ? null : m.holder().service());
    v.put("resellers", m.resellers());
    v.put("location", e.locationType().name());
    v.put("first_seen", e.firstSeen() == null ? null : e.firstSeen().toString());
    v.put("last_seen", e.lastSeen() == null ? null : e.lastSeen().toString());
    v.put("case_id", e.caseId());
    v.put("domain", e.domain());
    v.put("notice_id", row.noticeId());
    v.put("event_id", row.id());
    if (!csv) {
      out.println(JSON.writeValueAsString(v));
      return;
    }
    StringBuilder sb = new StringBuilder();
    for (String f : FIELDS) {
      if (sb.length() > 0) sb.append(',');
      Object x = v.get(f);
      String s = x == null ? "" : x instanceof List<?> l ? String.join(";", l.stream().map(String::valueOf).toList()) : x.toString();
      sb.append(Csv.quote(s));
    }
    out.println(sb);
  }
}
