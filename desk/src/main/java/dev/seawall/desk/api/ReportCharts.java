package dev.seawall.desk.api;

import dev.seawall.desk.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's chart series, by UTC day over the last {@code days} days. Counted in Java from
 * the rows' timestamps, so the SQL stays the same on H2 and PostgreSQL.
 */
public final class ReportCharts {
  private final Database db;

  public ReportCharts(Database db) {
    this.db = db;
  }

  /** A labelled series: {@code labels[i]} has {@code values[i]}. */
  public record Series(List<String> labels, List<Long> values) {}

  /** Notices received per day (by the time the desk received them), oldest day first, today last. */
  public Series noticesPerDay(Instant now, int days) throws SQLException {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    LocalDate first = today.minusDays(days - 1L);
    long[] counts = new long[days];
    try (Connection c = db.connect();
         PreparedStatement ps = c.prepareStatement("SELECT received_at FROM notice WHERE received_at >= ?")) {
      ps.setObject(1, OffsetDateTime.of(first.atStartOfDay(), ZoneOffset.UTC));
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LocalDate d = rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
          int i = (int) (d.toEpochDay() - first.toEpochDay());
          if (i >= 0 && i < days) counts[i]++;
        }
      }
    }
    List<String> labels = new ArrayList<>(days);
    List<Long> values = new ArrayList<>(days);
    for (int i = 0; i < days; i++) {
      labels.add(first.plusDays(i).toString());
      values.add(counts[i]);
    }
    return new Series(labels, values);
  }
}
