package dev.seawall.desk.ledger;

import dev.seawall.desk.sql.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The ledger's tables, read and written inside a caller's transaction. */
final class Standings {
  private Standings() {}

  record Row(Standing standing, Instant since, Instant until, Instant reinstatedAt) {}

  static String key(Party p) {
    return p.subscriber() == null ? "" : p.subscriber();
  }

  /** The party's standing row, locked for this transaction; ACTIVE since the epoch when it has none. */
  static Row lock(Connection c, Party p) throws SQLException {
    var r = Jdbc.one(c, "SELECT * FROM party_standing WHERE customer_code = ? AND subscriber_key = ? FOR UPDATE", Standings::row,
        p.customer(), key(p));
    return r.orElse(new Row(Standing.ACTIVE, Instant.EPOCH, null, null));
  }

  static Row read(Connection c, Party p) throws SQLException {
    return Jdbc.one(c, "SELECT * FROM party_standing WHERE customer_code = ? AND subscriber_key = ?", Standings::row, p.customer(), key(p))
        .orElse(new Row(Standing.ACTIVE, Instant.EPOCH, null, null));
  }

  static void write(Connection c, Party p, Standing s, Instant since, Instant until, Instant reinstatedAt) throws SQLException {
    int n = Jdbc.update(c, "UPDATE party_standing SET standing = ?, since = ?, until_at = ?, reinstated_at = ? WHERE customer_code = ?"
        + " AND subscriber_key = ?", s, Jdbc.micros(since), Jdbc.time(until), Jdbc.time(reinstatedAt), p.customer(), key(p));
    if (n == 0) {
      Jdbc.update(c, "INSERT INTO party_standing (customer_code, subscriber_key, standing, since, until_at, reinstated_at) VALUES (?,?,?,?,?,?)",
          p.customer(), key(p), s, Jdbc.micros(since), Jdbc.time(until), Jdbc.time(reinstatedAt));
    }
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(Standing.valueOf(rs.getString("standing").strip()), Jdbc.instant(rs, "since"), Jdbc.instant(rs, "until_at"),
        Jdbc.instant(rs, "reinstated_at"));
  }

  /** Strike filter for a party: a customer's strikes include those attributed to its subscribers. */
  static String partyClause(Party p, List<Object> args) {
    args.add(p.customer());
    if (p.subscriber() == null) return "customer_code = ?";
    args.add(p.subscriber());
    return "customer_code = ? AND subscriber = ?";
  }

  static long countInWindow(Connection c, Party p, Instant from, Instant to, Instant at) throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = partyClause(p, args);
    args.add(from);
    args.add(to);
    args.add(at);
    return Jdbc.count(c, "SELECT COUNT(*) FROM strike WHERE " + where + " AND counted_at > ? AND counted_at <= ? AND expires_at > ?",
        args.toArray());
  }

  static List<Long> noticesInWindow(Connection c, Party p, Instant from, Instant to, Instant at, int limit) throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = partyClause(p, args);
    args.add(from);
    args.add(to);
    args.add(at);
    return Jdbc.query(c, "SELECT DISTINCT notice_id FROM strike WHERE " + where + " AND counted_at > ? AND counted_at <= ?"
        + " AND expires_at > ? ORDER BY notice_id DESC LIMIT " + limit, rs -> rs.getLong(1), args.toArray());
  }

  /** @param strikeId the strike that made a policy rule fire, or null for a person's action */
  static long insertAction(Connection c, Party p, ActionKind kind, String rule, Instant at, String actor, String reason,
      List<Long> notices, Outcome outcome, String detail, Instant until, Instant nextAttempt, Long strikeId) throws SQLException {
    return Jdbc.insert(c, "INSERT INTO ledger_action (customer_code, subscriber, kind, rule_name, at, actor, reason, notice_ids, outcome,"
            + " detail, until_at, attempts, next_attempt_at, strike_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        p.customer(), Jdbc.text(p.subscriber()), kind, Jdbc.text(rule), Jdbc.micros(at), actor, reason,
        Jdbc.text(notices.isEmpty() ? null : String.join(",", notices.stream().map(String::valueOf).toList())), outcome,
        Jdbc.text(detail), Jdbc.time(until), 0, Jdbc.time(nextAttempt), Jdbc.longOrNull(strikeId));
  }

  /** Strikes of the party after strike {@code afterId} counted in (from, to] and not expired at {@code at}. */
  static long countAfter(Connection c, Party p, long afterId, Instant from, Instant to, Instant at) throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = partyClause(p, args);
    args.add(afterId);
    args.add(from);
    args.add(to);
    args.add(at);
    return Jdbc.count(c, "SELECT COUNT(*) FROM strike WHERE " + where + " AND id > ? AND counted_at > ? AND counted_at <= ?"
        + " AND expires_at > ?", args.toArray());
  }

  static LedgerAction action(ResultSet rs) throws SQLException {
    String n = rs.getString("notice_ids");
    List<Long> ids = new ArrayList<>();
    if (n != null) for (String s : n.split(",")) if (!s.isBlank()) ids.add(Long.parseLong(s.strip()));
    String rule = rs.getString("rule_name");
    return new LedgerAction(rs.getLong("id"), new Party(rs.getString("customer_code"), rs.getString("subscriber")),
        ActionKind.valueOf(rs.getString("kind").strip()), rule, Jdbc.instant(rs, "at"), rs.getString("actor"), rs.getString("reason"),
        ids, Outcome.valueOf(rs.getString("outcome").strip()), rs.getString("detail"), Jdbc.instant(rs, "until_at"));
  }

  static Strike strike(ResultSet rs) throws SQLException {
    return new Strike(rs.getLong("id"), new Party(rs.getString("customer_code"), rs.getString("subscriber")), rs.getLong("notice_id"),
        rs.getLong("event_id"), Jdbc.nullableLong(rs, "case_id"), rs.getString("sender"), rs.getBoolean("settlement_offer"),
        Jdbc.instant(rs, "observed_at"), Jdbc.instant(rs, "counted_at"), Jdbc.instant(rs, "expires_at"));
  }
}
