package dev.seawall.desk.api;

import dev.seawall.desk.report.ReportService;
import dev.seawall.desk.report.TransparencyReport;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The dashboard's chart series, taken from the transparency report of the last {@code days} UTC
 * days (today included), so the charts and the published report never disagree.
 */
public final class ReportCharts {
  private final ReportService reports;

  public ReportCharts(ReportService reports) {
    this.reports = reports;
  }

  /** A labelled series: {@code labels[i]} has {@code values[i]}. */
  public record Series(List<String> labels, List<Long> values) {}

  /** The three series of the report page. */
  public record Charts(Series noticesPerDay, Series timeToForward, Series actions) {}

  public Charts charts(Instant now, int days) throws SQLException {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    Instant from = today.minusDays(days - 1L).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant until = today.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    TransparencyReport r = reports.build(from, until);
    Series perDay = new Series(r.daily().stream().map(d -> d.date().toString()).toList(),
        r.daily().stream().map(TransparencyReport.Day::notices).toList());
    Series forward = new Series(r.forwardTimes().stream().map(TransparencyReport.Bucket::label).toList(),
        r.forwardTimes().stream().map(TransparencyReport.Bucket::forwards).toList());
    var a = r.actions();
    Series actions = new Series(List.of("warnings", "acknowledgement requests", "suspensions", "null-routes", "terminations",
        "reinstatements"), List.of(a.warnings(), a.acknowledgementRequests(), a.suspensions(), a.nullRoutes(), a.terminations(),
        a.reinstatements()));
    return new Charts(perDay, forward, actions);
  }
}
