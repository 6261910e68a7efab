package dev.seawall.desk.audit;

import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The desk's append-only record of every write: who, when, what, about what, why, and which
 * notices it rests on. Nothing here updates or deletes an entry. Entries form a hash chain (each
 * hash covers the entry and the previous hash), so {@link #verify()} detects an entry changed or
 * removed in the database behind the desk's back.
 *
 * <p>Services append inside their own transaction ({@link #append(Connection, Actor, String,
 * Subject, String, java.util.Collection, String)}) so that an action and its audit line are
 * committed together or not at all. The web layer appends its own writes with {@link #append(Actor,
 * String, Subject, String, java.util.Collection, String)}.
 */
public final class AuditLog {
  private static final String ZERO = "0".repeat(64);

  private final Database db;
  private final Clock clock;

  public AuditLog(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Appends one entry in its own transaction. */
  public AuditEntry append(Actor actor, String action, Subject subject, String reason, java.util.Collection<Long> noticeIds,
      String detail) throws SQLException {
    return Jdbc.tx(db, c -> append(c, actor, action, subject, reason, noticeIds, detail));
  }

  /**
   * Appends one entry inside the caller's transaction (committed with it). Locks the chain's head
   * until that transaction ends, so appends from several desk instances are serialised.
   *
   * @param action lower-case dotted verb, e.g. {@code case.close}
   */
  public AuditEntry append(Connection c, Actor actor, String action, Subject subject, String reason,
      java.util.Collection<Long> noticeIds, String detail) throws SQLException {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(subject, "subject");
    if (action == null || !action.matches("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+")) {
      throw new IllegalArgumentException("audit action '" + action + "' is not a dotted lower-case verb like case.close");
    }
    List<Long> notices = noticeIds == null ? List.of() : List.copyOf(new TreeSet<>(noticeIds));
    Instant at = Jdbc.micros(clock.instant());
    long prevId;
    String prevHash;
    try (var ps = c.prepareStatement("SELECT last_id, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
         ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) throw new SQLException("audit_head row is missing: the audit schema is damaged");
      prevId = rs.getLong(1);
      prevHash = rs.getString(2).strip();
    }
    long id = prevId + 1;
    String reasonText = blankToNull(reason);
    String detailText = blankToNull(detail);
    String hash = hash(id, at, actor.userId(), actor.role(), action, subject.toString(), reasonText, notices, detailText, prevHash);
    Jdbc.update(c, "INSERT INTO audit_entry (id, at, actor, role, action, subject, reason, notice_ids, detail, prev_hash, hash)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        id, at, actor.userId(), actor.role(), action, subject.toString(), Jdbc.text(reasonText),
        Jdbc.text(notices.isEmpty() ? null : join(notices)), Jdbc.text(detailText), prevHash, hash);
    for (Long n : notices) Jdbc.update(c, "INSERT INTO audit_notice (entry_id, notice_id) VALUES (?,?)", id, n);
    int moved = Jdbc.update(c, "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1 AND last_id = ?", id, hash, prevId);
    if (moved != 1) throw new SQLException("audit chain moved during an append (lock not honoured)");
    return new AuditEntry(id, at, actor.userId(), actor.role(), action, subject, reasonText, notices, detailText, prevHash, hash);
  }

  public List<AuditEntry> list(AuditQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT e.* FROM audit_entry e WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (q.subject() != null) { sql.append(" AND e.subject = ?"); args.add(q.subject().toString()); }
    if (q.actor() != null) { sql.append(" AND e.actor = ?"); args.add(q.actor()); }
    if (q.actionPrefix() != null) { sql.append(" AND e.action LIKE ?"); args.add(likePrefix(q.actionPrefix())); }
    if (q.noticeId() != null) {
      sql.append(" AND e.id IN (SELECT entry_id FROM audit_notice WHERE notice_id = ?)");
      args.add(q.noticeId());
    }
    if (q.from() != null) { sql.append(" AND e.at >= ?"); args.add(q.from()); }
    if (q.until() != null) { sql.append(" AND e.at < ?"); args.add(q.until()); }
    if (q.afterId() != null) { sql.append(" AND e.id > ?"); args.add(q.afterId()); }
    if (q.beforeId() != null) { sql.append(" AND e.id < ?"); args.add(q.beforeId()); }
    sql.append(q.oldestFirst() ? " ORDER BY e.id" : " ORDER BY e.id DESC").append(" LIMIT ").append(q.limit());
    try (Connection c = db.connect()) {
      return Jdbc.query(c, sql.toString(), AuditLog::entry, args.toArray());
    }
  }

  /** What {@link #verify()} found. */
  public record Verification(long entries, boolean intact, String problem) {}

  /** Recomputes the chain from the first entry: every hash, every link, no gaps, the head at the end. */
  public Verification verify() throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (var ps = c.prepareStatement("SELECT * FROM audit_entry ORDER BY id")) {
        ps.setFetchSize(1000);
        try (ResultSet rs = ps.executeQuery()) {
          String prev = ZERO;
          long expected = 1;
          while (rs.next()) {
            AuditEntry e = entry(rs);
            if (e.id() != expected) return new Verification(expected - 1, false, "entry " + expected + " is missing (next is " + e.id() + ")");
            if (!e.prevHash().equals(prev)) return new Verification(expected - 1, false, "entry " + e.id() + " does not link to entry " + (e.id() - 1));
            String h = hash(e.id(), e.at(), e.actor(), e.role(), e.action(), e.subject().toString(), e.reason(), e.noticeIds(), e.detail(), e.prevHash());
            if (!h.equals(e.hash())) return new Verification(expected - 1, false, "entry " + e.id() + " was changed after it was written");
            prev = e.hash();
            expected++;
          }
          var head = Jdbc.one(c, "SELECT last_id, last_hash FROM audit_head WHERE id = 1", r -> new Object[] {r.getLong(1), r.getString(2).strip()});
          if (head.isEmpty()) return new Verification(expected - 1, false, "audit_head is missing");
          if ((long) head.get()[0] != expected - 1 || !head.get()[1].equals(prev)) {
            return new Verification(expected - 1, false, "the last entries were removed (head says " + head.get()[0] + ")");
          }
          return new Verification(expected - 1, true, null);
        }
      } finally {
        c.rollback();
      }
    }
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    String notices = rs.getString("notice_ids");
    List<Long> ids = new ArrayList<>();
    if (notices != null && !notices.isBlank()) for (String s : notices.split(",")) ids.add(Long.parseLong(s.strip()));
    return new AuditEntry(rs.getLong("id"), Jdbc.instant(rs, "at"), rs.getString("actor"), Role.valueOf(rs.getString("role").strip()),
        rs.getString("action"), Subject.parse(rs.getString("subject")), rs.getString("reason"), ids, rs.getString("detail"),
        rs.getString("prev_hash").strip(), rs.getString("hash").strip());
  }

  static String hash(long id, Instant at, String actor, Role role, String action, String subject, String reason,
      List<Long> notices, String detail, String prevHash) {
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    // length-prefixed fields: no two different entries serialise to the same bytes
    for (String f : new String[] {Long.toString(id), at.toString(), actor, role.name(), action, subject,
        reason == null ? "\u0000" : reason, join(notices), detail == null ? "\u0000" : detail, prevHash}) {
      byte[] b = f.getBytes(StandardCharsets.UTF_8);
      d.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
      d.update(b);
    }
    return HexFormat.of().formatHex(d.digest());
  }

  private static String join(List<Long> ids) {
    StringBuilder sb = new StringBuilder();
    for (Long n : ids) {
      if (sb.length() > 0) sb.append(',');
      sb.append(n);
    }
    return sb.toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String likePrefix(String p) {
    return p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
