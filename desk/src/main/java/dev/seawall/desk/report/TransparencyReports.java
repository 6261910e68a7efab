package dev.seawall.desk.report;

import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds transparency reports from the desk's tables (portable SQL; aggregation in Java). */
public final class TransparencyReports implements ReportService {
  private final Database db;
  private final Clock clock;
  private final String operator;

  public TransparencyReports(Database db, Clock clock, String operator) {
    this.db = db;
    this.clock = clock;
    this.operator = operator;
  }

  private static final List<TransparencyReport.Bucket> BUCKETS = List.of(
      new TransparencyReport.Bucket("≤ 5 min", Duration.ofMinutes(5), 0), new TransparencyReport.Bucket("≤ 15 min", Duration.ofMinutes(15), 0),
      new TransparencyReport.Bucket("≤ 1 h", Duration.ofHours(1), 0), new TransparencyReport.Bucket("≤ 4 h", Duration.ofHours(4), 0),
      new TransparencyReport.Bucket("≤ 24 h", Duration.ofHours(24), 0), new TransparencyReport.Bucket("> 24 h", null, 0));

  @Override
  public TransparencyReport build(Instant from, Instant until) throws SQLException {
    if (from == null || until == null || !until.isAfter(from)) throw new IllegalArgumentException("the period must end after it starts");
    try (Connection c = db.connect()) {
      // notices received in the period
      long received = 0, complete = 0, repairable = 0, invalid = 0, empty = 0, settlement = 0;
      Map<String, long[]> senders = new TreeMap<>();
      Map<String, Long> formats = new TreeMap<>();
      TreeMap<LocalDate, long[]> daily = new TreeMap<>();
      for (LocalDate d = day(from); d.atStartOfDay().toInstant(ZoneOffset.UTC).isBefore(until) && daily.size() < 4000; d = d.plusDays(1)) {
        daily.put(d, new long[3]);
      }
      List<Object[]> notices = Jdbc.query(c, "SELECT sender, completeness, primary_format, event_count, flags, received_at FROM notice"
          + " WHERE state = 'COMPLETE' AND received_at >= ? AND received_at < ?", rs -> new Object[] {rs.getString(1),
          rs.getString(2).strip(), rs.getString(3), rs.getInt(4), rs.getString(5), Jdbc.instant(rs, "received_at")}, from, until);
      for (Object[] n : notices) {
        received++;
        String v = (String) n[1];
        long[] s = senders.computeIfAbsent(sender((String) n[0]), k -> new long[4]);
        s[0]++;
        switch (v) {
          case "COMPLETE" -> { complete++; s[1]++; }
          case "REPAIRABLE" -> { repairable++; s[2]++; }
          default -> { invalid++; s[3]++; }
        }
        if ((int) n[3] == 0) empty++;
        if (n[4] != null && ((String) n[4]).contains("SETTLEMENT_OFFER")) settlement++;
        formats.merge((String) n[2], 1L, Long::sum);
        daily.computeIfAbsent(day((Instant) n[5]), k -> new long[3])[0]++;
      }
      long automated = Jdbc.count(c, "SELECT COUNT(*) FROM notice n JOIN notice_processing p ON p.notice_id = n.id"
          + " WHERE n.received_at >= ? AND n.received_at < ?", from, until);
      List<TransparencyReport.SenderRow> bySender = new ArrayList<>();
      senders.forEach((k, s) -> bySender.add(new TransparencyReport.SenderRow(k, s[0], s[1], s[2], s[3])));
      bySender.sort((a, b) -> Long.compare(b.received(), a.received()));
      List<TransparencyReport.TypeRow> byFormat = new ArrayList<>();
      formats.forEach((k, n) -> byFormat.add(new TransparencyReport.TypeRow(k, n)));
      List<TransparencyReport.TypeRow> byLocation = Jdbc.query(c, "SELECT e.location_type, COUNT(*) FROM event e JOIN notice n ON n.id = e.notice_id"
          + " WHERE n.received_at >= ? AND n.received_at < ? GROUP BY e.location_type ORDER BY e.location_type",
          rs -> new TransparencyReport.TypeRow(rs.getString(1).strip(), rs.getLong(2)), from, until);

      // events by verdict
      long events = Jdbc.count(c, "SELECT COUNT(*) FROM event e JOIN notice n ON n.id = e.notice_id WHERE n.received_at >= ? AND n.received_at < ?",
          from, until);
      Map<String, Long> verdicts = new HashMap<>();
      for (Object[] r : Jdbc.query(c, "SELECT m.verdict, COUNT(*) FROM event_match m JOIN notice n ON n.id = m.notice_id"
          + " WHERE n.received_at >= ? AND n.received_at < ? GROUP BY m.verdict", rs -> new Object[] {rs.getString(1).strip(), rs.getLong(2)},
          from, until)) {
        verdicts.put((String) r[0], (Long) r[1]);
      }
      long matched = verdicts.values().stream().mapToLong(Long::longValue).sum();
      var ev = new TransparencyReport.Events(events, verdicts.getOrDefault("CUSTOMER", 0L), verdicts.getOrDefault("SHARED_EXIT", 0L),
          verdicts.getOrDefault("NOT_OURS", 0L), verdicts.getOrDefault("UNMATCHED", 0L), events - matched);

      // mails about the period's notices
      List<Object[]> mails = Jdbc.query(c, "SELECT o.notice_id, o.purpose, o.state, o.sent_at, n.received_at FROM outbox o"
          + " JOIN notice n ON n.id = o.notice_id WHERE n.received_at >= ? AND n.received_at < ?"
          + " AND o.purpose IN ('FORWARD', 'SHARED_EXIT_ACK', 'REJECTION')", rs -> new Object[] {rs.getLong(1), rs.getString(2).strip(),
          rs.getString(3).strip(), Jdbc.instant(rs, "sent_at"), Jdbc.instant(rs, "received_at")}, from, until);
      long fwd = 0, sent = 0, failed = 0, pending = 0, acks = 0, rejections = 0;
      List<Duration> toForward = new ArrayList<>();
      Map<Long, Duration> firstAction = new HashMap<>();
      long[] buckets = new long[BUCKETS.size()];
      for (Object[] m : mails) {
        String purpose = (String) m[1], state = (String) m[2];
        Instant sentAt = (Instant) m[3];
        Duration took = sentAt == null ? null : Duration.between((Instant) m[4], sentAt);
        if (took != null) firstAction.merge((Long) m[0], took, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        switch (purpose) {
          case "FORWARD" -> {
            fwd++;
            switch (state) {
              case "SENT" -> {
                sent++;
                toForward.add(took);
                buckets[bucket(took)]++;
              }
              case "FAILED" -> failed++;
              case "PENDING" -> pending++;
              default -> { }
            }
          }
          case "SHARED_EXIT_ACK" -> acks++;
          default -> rejections++;
        }
      }
      List<TransparencyReport.Bucket> dist = new ArrayList<>();
      for (int i = 0; i < BUCKETS.size(); i++) dist.add(new TransparencyReport.Bucket(BUCKETS.get(i).label(), BUCKETS.get(i).upTo(), buckets[i]));
      for (Instant s : Jdbc.query(c, "SELECT sent_at FROM outbox WHERE purpose = 'FORWARD' AND state = 'SENT' AND sent_at >= ? AND sent_at < ?",
          rs -> Jdbc.instant(rs, "sent_at"), from, until)) {
        daily.computeIfAbsent(day(s), k -> new long[3])[1]++;
      }

      // repeat-infringer policy actions in the period
      long strikes = Jdbc.count(c, "SELECT COUNT(*) FROM strike WHERE counted_at >= ? AND counted_at < ?", from, until);
      Map<String, Long> kinds = new HashMap<>();
      for (Object[] a : Jdbc.query(c, "SELECT kind, outcome, at FROM ledger_action WHERE at >= ? AND at < ?",
          rs -> new Object[] {rs.getString(1).strip(), rs.getString(2).strip(), Jdbc.instant(rs, "at")}, from, until)) {
        String k = (String) a[0];
        if (k.equals("NULL_ROUTE")) k += "/" + (a[1].equals("DRY_RUN") || a[1].equals("REFUSED") ? a[1] : "ROUTED");
        kinds.merge(k, 1L, Long::sum);
        if (!k.equals("ACKNOWLEDGED") && !k.equals("UNSUSPEND")) daily.computeIfAbsent(day((Instant) a[2]), x -> new long[3])[2]++;
      }
      var actions = new TransparencyReport.Actions(strikes, kinds.getOrDefault("WARN", 0L), kinds.getOrDefault("REQUIRE_ACK", 0L),
          kinds.getOrDefault("SUSPEND", 0L), kinds.getOrDefault("NULL_ROUTE/ROUTED", 0L), kinds.getOrDefault("NULL_ROUTE/DRY_RUN", 0L),
          kinds.getOrDefault("NULL_ROUTE/REFUSED", 0L), kinds.getOrDefault("TERMINATE", 0L), kinds.getOrDefault("REINSTATE", 0L));

      // counter-notices
      long cnReceived = 0, cnComplete = 0, cnCancelled = 0;
      for (String s : Jdbc.query(c, "SELECT state FROM counter_notice WHERE received_at >= ? AND received_at < ?", rs -> rs.getString(1).strip(),
          from, until)) {
        cnReceived++;
        if (!s.equals("INCOMPLETE")) cnComplete++;
        if (s.equals("CANCELLED_LAWSUIT")) cnCancelled++;
      }
      long restorations = Jdbc.count(c, "SELECT COUNT(*) FROM counter_notice WHERE restored_at >= ? AND restored_at < ?", from, until);
      var counter = new TransparencyReport.CounterNotices(cnReceived, cnComplete, cnReceived - cnComplete, restorations, cnCancelled);

      // orders by jurisdiction
      Map<String, long[]> orders = new TreeMap<>();
      Map<String, List<Duration>> approvalTimes = new HashMap<>();
      for (Object[] o : Jdbc.query(c, "SELECT jurisdiction, state, created_at, decided_at FROM court_order WHERE created_at >= ? AND created_at < ?",
          rs -> new Object[] {rs.getString(1).strip(), rs.getString(2).strip(), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "decided_at")},
          from, until)) {
        long[] r = orders.computeIfAbsent((String) o[0], k -> new long[5]);
        r[0]++;
        switch ((String) o[1]) {
          case "APPROVED" -> r[1]++;
          case "REJECTED" -> r[2]++;
          case "REVOKED" -> { r[1]++; r[3]++; }
          default -> { }
        }
        if (("APPROVED".equals(o[1]) || "REVOKED".equals(o[1])) && o[3] != null) {
          approvalTimes.computeIfAbsent((String) o[0], k -> new ArrayList<>()).add(Duration.between((Instant) o[2], (Instant) o[3]));
        }
      }
      for (Object[] o : Jdbc.query(c, "SELECT jurisdiction FROM court_order WHERE state = 'APPROVED' AND effective_at <= ?"
          + " AND (expires_at IS NULL OR expires_at > ?)", rs -> new Object[] {rs.getString(1).strip()}, until, until)) {
        orders.computeIfAbsent((String) o[0], k -> new long[5])[4]++;
      }
      List<TransparencyReport.OrderRow> byJurisdiction = new ArrayList<>();
      orders.forEach((j, r) -> byJurisdiction.add(new TransparencyReport.OrderRow(j, r[0], r[1], r[2], r[3], r[4],
          median(approvalTimes.getOrDefault(j, List.of())))));

      List<TransparencyReport.Day> days = new ArrayList<>();
      daily.forEach((d, v) -> days.add(new TransparencyReport.Day(d, v[0], v[1], v[2])));
      return new TransparencyReport(from, until, Jdbc.micros(clock.instant()), operator,
          new TransparencyReport.Notices(received, complete, repairable, invalid, empty, settlement, automated), bySender, byFormat, byLocation,
          ev, new TransparencyReport.Forwards(fwd, sent, failed, pending, acks, rejections), median(toForward), percentile(toForward, 90),
          median(new ArrayList<>(firstAction.values())), dist, actions, counter, byJurisdiction, days);
    }
  }

  private static int bucket(Duration d) {
    for (int i = 0; i < BUCKETS.size() - 1; i++) if (d.compareTo(BUCKETS.get(i).upTo()) <= 0) return i;
    return BUCKETS.size() - 1;
  }

  private static LocalDate day(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** The sender's mail address in lower case (the name part varies), or the text as given. */
  static String sender(String from) {
    if (from == null || from.isBlank()) return "(no sender)";
    try {
      InternetAddress[] a = InternetAddress.parse(from, false);
      if (a.length > 0 && a[0].getAddress() != null) return a[0].getAddress().toLowerCase(Locale.ROOT);
    } catch (AddressException e) {
      // fall through: keep it as written
    }
    return from.strip();
  }

  static Duration median(List<Duration> ds) {
    if (ds.isEmpty()) return null;
    List<Duration> s = new ArrayList<>(ds);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : s.get(n / 2 - 1).plus(s.get(n / 2)).dividedBy(2);
  }

  /** Nearest-rank percentile. */
  static Duration percentile(List<Duration> ds, int p) {
    if (ds.isEmpty()) return null;
    List<Duration> s = new ArrayList<>(ds);
    Collections.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * s.size());
    return s.get(Math.max(0, rank - 1));
  }
}
