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

  /** Buckets of the time from a notice's receipt to its forward's delivery. */
  public static final List<String> FORWARD_BUCKETS = List.of("< 5 min", "5–15 min", "15–60 min", "1–4 h", "4–24 h", "> 24 h");
  private static final long[] BUCKET_LIMITS_S = {300, 900, 3600, 4 * 3600, 24 * 3600};

  /** Forwards delivered in the last {@code days} days, by how long after the notice's receipt. */
  public Series timeToForward(Instant now, int days) throws SQLException {
    Instant from = now.minus(java.time.Duration.ofDays(days));
    long[] counts = new long[FORWARD_BUCKETS.size()];
    try (Connection c = db.connect();
         PreparedStatement ps = c.prepareStatement("SELECT n.received_at, o.sent_at FROM outbox o JOIN notice n ON n.id = o.notice_id"
             + " WHERE o.purpose = 'FORWARD' AND o.state = 'SENT' AND o.sent_at >= ?")) {
      ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      ps.setFetchSize(1000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long s = java.time.Duration.between(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class)).toSeconds();
          int b = 0;
          while (b < BUCKET_LIMITS_S.length && s >= BUCKET_LIMITS_S[b]) b++;
          counts[b]++;
        }
      }
    }
    List<Long> values = new ArrayList<>();
    for (long n : counts) values.add(n);
    return new Series(FORWARD_BUCKETS, values);
  }

  /** Repeat-infringer actions taken in the last {@code days} days, by kind (every kind listed, zero or not). */
  public Series actions(Instant now, int days) throws SQLException {
    Instant from = now.minus(java.time.Duration.ofDays(days));
    java.util.Map<String, Long> by = new java.util.LinkedHashMap<>();
    for (dev.seawall.desk.ledger.ActionKind k : dev.seawall.desk.ledger.ActionKind.values()) by.put(k.name(), 0L);
    try (Connection c = db.connect();
         PreparedStatement ps = c.prepareStatement("SELECT kind, COUNT(*) FROM ledger_action WHERE at >= ? GROUP BY kind")) {
      ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) by.merge(rs.getString(1).strip(), rs.getLong(2), Long::sum);
      }
    }
    return new Series(List.copyOf(by.keySet()), List.copyOf(by.values()));
  }

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
