package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.VIEWER;

import dev.seawall.desk.report.ReportFormats;
import dev.seawall.desk.report.ReportService;
import dev.seawall.desk.report.TransparencyReport;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** {@code /api/reports}: the transparency report (JSON, CSV, printable HTML) and the dashboard's chart series. */
public final class ReportsApi {
  private final ReportService reports;
  private final ReportCharts charts;
  private final Clock clock;

  public ReportsApi(ReportService reports, Clock clock) {
    this.reports = reports;
    this.charts = new ReportCharts(reports);
    this.clock = clock;
  }

  public void register(ApiRoutes r) {
    r.get("/api/reports/charts", ApiDoc.of("reports", "Chart series: notices per day, time to forward, repeat-infringer actions", VIEWER)
        .query("days", "integer", "how many UTC days back, today included, 1..366 (default 30)").response("Charts").errors(400),
        this::charts);
    r.get("/api/reports/transparency", ApiDoc.of("reports", "Transparency report (DMCA and EU DSA Art. 15 figures) for a period", VIEWER)
        .describe("Notices received, valid and invalid by sender and type; forwards and their times (median, p90, distribution); "
            + "strikes, warnings, suspensions, null-routes, terminations; counter-notices and restorations; court orders by "
            + "jurisdiction; per day. `format=html` is a self-contained page that prints on A4.")
        .query("from", "string", "first day (UTC), default: 30 days before today")
        .query("until", "string", "last day (UTC, included), default: today")
        .query("format", "string", "json (default), csv or html")
        .response("TransparencyReport").errors(400), this::transparency);
  }

  private void charts(Context ctx) throws SQLException {
    Integer d = Params.optInt(ctx, "days");
    int days = d == null ? 30 : d;
    if (days < 1 || days > 366) throw ApiError.badRequest("days", "'days' must be between 1 and 366");
    ctx.json(charts.charts(clock.instant(), days));
  }

  private void transparency(Context ctx) throws SQLException {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate first = day(ctx, "from", today.minusDays(30));
    LocalDate last = day(ctx, "until", today);
    if (last.isBefore(first)) throw ApiError.badRequest("until", "'until' is before 'from'");
    if (first.plusYears(5).isBefore(last)) throw ApiError.badRequest("until", "a report covers at most five years");
    Instant from = first.atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant until = last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    TransparencyReport r = reports.build(from, until);
    String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
    String name = "transparency-" + first + "-" + last;
    switch (format) {
      case "json" -> ctx.contentType("application/json").result(ReportFormats.json(r));
      case "csv" -> {
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(ReportFormats.csv(r));
      }
      case "html" -> {
        // the printable page carries its own stylesheet and nothing else
        ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        ctx.contentType("text/html; charset=utf-8").result(ReportFormats.html(r));
      }
      default -> throw ApiError.badRequest("format", "'format' must be json, csv or html");
    }
  }

  private static LocalDate day(Context ctx, String name, LocalDate fallback) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) return fallback;
    try {
      return LocalDate.parse(s.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiError.badRequest(name, "'" + name + "' must be a date such as 2026-01-31");
    }
  }
}
