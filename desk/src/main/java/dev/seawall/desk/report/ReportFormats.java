package dev.seawall.desk.report;

import dev.seawall.desk.intake.Csv;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A transparency report as JSON (machine-readable, DSA Art. 15), CSV (one row per figure:
 * section, item, metric, value) and a printable HTML page. Instants and dates are ISO-8601 text;
 * durations are whole seconds, in fields whose names end in "Seconds".
 */
public final class ReportFormats {
  private ReportFormats() {}

  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /** The report as a tree of maps, lists and plain values (what JSON and CSV are written from). */
  public static Map<String, Object> tree(TransparencyReport r) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) value(r);
    return m;
  }

  private static Object value(Object o) {
    return switch (o) {
      case null -> null;
      case Instant t -> t.toString();
      case LocalDate d -> d.toString();
      case Duration d -> d.toSeconds();
      case Record rec -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : rec.getClass().getRecordComponents()) {
          Object v;
          try {
            v = c.getAccessor().invoke(rec);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
          m.put(c.getType() == Duration.class ? c.getName() + "Seconds" : c.getName(), value(v));
        }
        yield m;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>();
        for (Object x : l) out.add(value(x));
        yield out;
      }
      default -> o;
    };
  }

  public static String json(TransparencyReport r) {
    return JSON.writeValueAsString(tree(r)) + "\n";
  }

  /** Rows of section, item, metric, value; list sections use their first field (sender, date, …) as the item. */
  public static String csv(TransparencyReport r) {
    StringBuilder sb = new StringBuilder("section,item,metric,value\n");
    for (var e : tree(r).entrySet()) {
      switch (e.getValue()) {
        case null -> row(sb, "report", "", e.getKey(), null);
        case Map<?, ?> m -> m.forEach((k, v) -> row(sb, e.getKey(), "", String.valueOf(k), v));
        case List<?> l -> {
          for (Object x : l) {
            Map<?, ?> m = (Map<?, ?>) x;
            var it = m.entrySet().iterator();
            String item = String.valueOf(it.next().getValue());
            while (it.hasNext()) {
              var f = it.next();
              row(sb, e.getKey(), item, String.valueOf(f.getKey()), f.getValue());
            }
          }
        }
        default -> row(sb, "report", "", e.getKey(), e.getValue());
      }
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String section, String item, String metric, Object value) {
    sb.append(Csv.quote(section)).append(',').append(Csv.quote(item)).append(',').append(Csv.quote(metric)).append(',')
        .append(Csv.quote(value == null ? "" : String.valueOf(value))).append('\n');
  }

  /** A self-contained page (no scripts, no external files) that prints on A4. */
  public static String html(TransparencyReport r) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Transparency report ")
        .append(esc(r.operator())).append(' ').append(r.from()).append(" – ").append(r.until()).append("</title>\n<style>")
        .append("body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;")
        .append("border-bottom:1px solid #999}table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #bbb;padding:.2em .6em;")
        .append("text-align:left}td.n{text-align:right}.bar{background:#4a6fa5;height:.8em;display:inline-block}")
        .append("@media print{body{margin:0}h2{break-after:avoid}table{break-inside:avoid}}@page{size:A4;margin:15mm}</style></head><body>\n");
    h.append("<h1>Transparency report — ").append(esc(r.operator())).append("</h1>\n<p>Period: ").append(r.from()).append(" to ")
        .append(r.until()).append(" (end exclusive). Generated ").append(r.generated())
        .append(". Figures cover copyright notices (17 U.S.C. § 512) and the items of Regulation (EU) 2022/2065 Art. 15.</p>\n");
    var n = r.notices();
    section(h, "Notices received", new String[][] {{"received", n.received() + ""}, {"complete (§512(c)(3))", n.complete() + ""},
        {"repairable (elements (ii)–(iv) present)", n.repairable() + ""}, {"invalid", n.invalid() + ""},
        {"without readable events", n.withoutEvents() + ""}, {"with settlement offers", n.settlementOffers() + ""},
        {"processed by automated means", n.processedAutomatically() + ""}});
    table(h, "Notices by sender", new String[] {"sender", "received", "complete", "repairable", "invalid"},
        r.bySender().stream().map(s -> new String[] {s.sender(), s.received() + "", s.complete() + "", s.repairable() + "", s.invalid() + ""}).toList());
    table(h, "Notices by format", new String[] {"format", "notices"}, r.byFormat().stream().map(t -> new String[] {t.type(), t.received() + ""}).toList());
    table(h, "Reported items by type", new String[] {"type", "events"}, r.byLocation().stream().map(t -> new String[] {t.type(), t.received() + ""}).toList());
    var e = r.events();
    section(h, "Matching", new String[][] {{"events", e.total() + ""}, {"attributed to a customer", e.customer() + ""},
        {"shared VPN/proxy exits (no user attributable)", e.sharedExit() + ""}, {"not our network", e.notOurs() + ""},
        {"not attributable (review)", e.unmatched() + ""}, {"not processed yet", e.notProcessed() + ""}});
    var f = r.forwards();
    section(h, "Forwarding and replies", new String[][] {{"forwards", f.forwards() + ""}, {"delivered", f.forwardsSent() + ""},
        {"failed", f.forwardsFailed() + ""}, {"pending", f.forwardsPending() + ""}, {"acknowledgements (shared exits)", f.sharedExitAcks() + ""},
        {"rejections (not our network)", f.rejections() + ""}, {"median receipt → forward", dur(r.medianReceiptToForward())},
        {"90th percentile receipt → forward", dur(r.p90ReceiptToForward())}, {"median receipt → action", dur(r.medianReceiptToAction())}});
    long max = Math.max(1, r.forwardTimes().stream().mapToLong(TransparencyReport.Bucket::forwards).max().orElse(1));
    table(h, "Time to forward", new String[] {"within", "forwards", ""}, r.forwardTimes().stream().map(b -> new String[] {b.label(),
        b.forwards() + "", "<span class=\"bar\" style=\"width:" + (200 * b.forwards() / max) + "px\"></span>"}).toList());
    var a = r.actions();
    section(h, "Repeat-infringer policy (terms of service)", new String[][] {{"strikes counted", a.strikes() + ""},
        {"warnings", a.warnings() + ""}, {"acknowledgement requests", a.acknowledgementRequests() + ""}, {"suspensions", a.suspensions() + ""},
        {"null-routes", a.nullRoutes() + ""}, {"null-routes (dry run)", a.nullRoutesDryRun() + ""},
        {"null-routes refused by safety rails", a.nullRoutesRefused() + ""}, {"terminations", a.terminations() + ""},
        {"reinstatements", a.reinstatements() + ""}});
    var c = r.counterNotices();
    section(h, "Counter-notices (§512(g))", new String[][] {{"received", c.received() + ""}, {"complete", c.complete() + ""},
        {"incomplete", c.incomplete() + ""}, {"restorations", c.restorations() + ""}, {"cancelled by a court action", c.cancelledByLawsuit() + ""}});
    table(h, "Court and authority orders (law) by jurisdiction", new String[] {"jurisdiction", "received", "approved", "rejected", "revoked",
        "in force at period end", "median time to approval"}, r.ordersByJurisdiction().stream().map(o -> new String[] {o.jurisdiction(),
        o.received() + "", o.approved() + "", o.rejected() + "", o.revoked() + "", o.inForceAtEnd() + "", dur(o.medianTimeToApproval())}).toList());
    long dmax = Math.max(1, r.daily().stream().mapToLong(TransparencyReport.Day::notices).max().orElse(1));
    table(h, "Per day (UTC)", new String[] {"date", "notices", "forwards delivered", "policy actions", ""}, r.daily().stream()
        .map(d -> new String[] {d.date().toString(), d.notices() + "", d.forwardsSent() + "", d.actions() + "",
            "<span class=\"bar\" style=\"width:" + (200 * d.notices() / dmax) + "px\"></span>"}).toList());
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void section(StringBuilder h, String title, String[][] rows) {
    h.append("<h2>").append(esc(title)).append("</h2>\n<table>");
    for (String[] r : rows) h.append("<tr><th>").append(esc(r[0])).append("</th><td class=\"n\">").append(esc(r[1])).append("</td></tr>");
    h.append("</table>\n");
  }

  /** Cells are escaped, except a last column with an empty heading: the bar markup this class builds itself. */
  private static void table(StringBuilder h, String title, String[] head, List<String[]> rows) {
    h.append("<h2>").append(esc(title)).append("</h2>\n");
    if (rows.isEmpty()) {
      h.append("<p>None.</p>\n");
      return;
    }
    h.append("<table><tr>");
    for (String x : head) h.append("<th>").append(esc(x)).append("</th>");
    h.append("</tr>");
    for (String[] r : rows) {
      h.append("<tr>");
      for (int i = 0; i < r.length; i++) {
        boolean bar = i == r.length - 1 && head[i].isEmpty(); // only the bar column this class fills itself
        h.append(i == 0 ? "<td>" : "<td class=\"n\">").append(bar ? r[i] : esc(r[i])).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>\n");
  }

  private static String dur(Duration d) {
    if (d == null) return "–";
    long s = d.toSeconds();
    if (s < 120) return s + " s";
    if (s < 7200) return (s / 60) + " min";
    if (s < 172_800) return String.format(java.util.Locale.ROOT, "%.1f h", s / 3600.0);
    return String.format(java.util.Locale.ROOT, "%.1f days", s / 86400.0);
  }

  static String esc(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(ch);
      }
    }
    return b.toString();
  }
}
