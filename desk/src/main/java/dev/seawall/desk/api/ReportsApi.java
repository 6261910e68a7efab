package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.VIEWER;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/reports}: the series behind the dashboard's charts. */
public final class ReportsApi {
  private final ReportCharts charts;
  private final Clock clock;

  public ReportsApi(ReportCharts charts, Clock clock) {
    this.charts = charts;
    this.clock = clock;
  }

  public void register(ApiRoutes r) {
    r.get("/api/reports/charts", ApiDoc.of("reports", "Chart series: notices per day, time to forward, repeat-infringer actions", VIEWER)
        .query("days", "integer", "how many days back, 1..366 (default 30)").response("Charts").errors(400), this::charts);
  }

  private void charts(Context ctx) throws SQLException {
    Integer d = Params.optInt(ctx, "days");
    int days = d == null ? 30 : d;
    if (days < 1 || days > 366) throw ApiError.badRequest("days", "'days' must be between 1 and 366");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("noticesPerDay", charts.noticesPerDay(clock.instant(), days));
    out.put("timeToForward", charts.timeToForward(clock.instant(), days));
    out.put("actions", charts.actions(clock.instant(), days));
    ctx.json(out);
  }
}
