package dev.seawall.desk.ops;

import dev.seawall.desk.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Totals read from the database for the metrics: the same numbers on every instance that shares
 * the database (so do not sum them across instances). Read at most once per {@code maxAge}, so a
 * busy scraper does not load the database; a query that fails leaves the last values in place.
 */
public final class DatabaseGauges {
  private final Database db;
  private final Clock clock;
  private final Duration maxAge;
  private final Map<String, String> queries = new LinkedHashMap<>();
  private Map<String, Double> values = Map.of();
  private Instant read = Instant.MIN;

  public DatabaseGauges(Database db, Clock clock, Duration maxAge) {
    this.db = db;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** A named single-number query; registered before the first read. */
  public DatabaseGauges add(String name, String sql) {
    queries.put(name, sql);
    return this;
  }

  public synchronized double value(String name) {
    Instant now = clock.instant();
    if (read.plus(maxAge).isBefore(now)) {
      read = now;
      Map<String, Double> next = new LinkedHashMap<>(values);
      try (Connection c = db.connect(); Statement st = c.createStatement()) {
        for (Map.Entry<String, String> q : queries.entrySet()) {
          try (ResultSet rs = st.executeQuery(q.getValue())) {
            next.put(q.getKey(), rs.next() ? rs.getDouble(1) : 0);
          }
        }
      } catch (SQLException e) {
        System.getLogger(DatabaseGauges.class.getName()).log(System.Logger.Level.WARNING,
            "metrics: cannot read totals from the database: " + e.getMessage());
      }
      values = next;
    }
    return values.getOrDefault(name, Double.NaN);
  }
}
