package dev.seawall.desk.cases;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.AuditQuery;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.forward.Outbox;
import dev.seawall.desk.registry.ServiceKind;
import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.workflow.StoredNotice;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** Cases in the desk's database. The workflow opens them ({@link #openFor}); handlers close them. */
public final class CaseStore implements CaseService {
  private static final String REVIEW_KEY = "(review)";

  private final Database db;
  private final Outbox outbox;
  private final AuditLog audit;
  private final Clock clock;

  public CaseStore(Database db, Outbox outbox, AuditLog audit, Clock clock) {
    this.db = db;
    this.outbox = outbox;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * The open case for a customer's service, opened now if there is none; a null customer means the
   * review case (events nobody could be matched to with certainty). Runs in the caller's transaction.
   */
  public static long openFor(Connection c, String customer, String service, ServiceKind kind, Instant at) throws SQLException {
    String key = customer == null ? REVIEW_KEY : customer + "/" + service;
    Optional<Long> open = Jdbc.one(c, "SELECT id FROM desk_case WHERE open_key = ? FOR UPDATE", rs -> rs.getLong(1), key);
    if (open.isPresent()) {
      Jdbc.update(c, "UPDATE desk_case SET last_notice_at = ? WHERE id = ? AND last_notice_at < ?", Jdbc.micros(at), open.get(), Jdbc.micros(at));
      return open.get();
    }
    return Jdbc.insert(c, "INSERT INTO desk_case (customer_code, service_code, service_kind, state, opened_at, last_notice_at, open_key)"
            + " VALUES (?,?,?,?,?,?,?)",
        Jdbc.text(customer), Jdbc.text(service), kind == null ? Jdbc.NULL_TEXT : kind, CaseState.OPEN, Jdbc.micros(at), Jdbc.micros(at), key);
  }

  public static void link(Connection c, long caseId, long noticeId) throws SQLException {
    if (Jdbc.count(c, "SELECT COUNT(*) FROM case_notice WHERE case_id = ? AND notice_id = ?", caseId, noticeId) == 0) {
      Jdbc.update(c, "INSERT INTO case_notice (case_id, notice_id) VALUES (?,?)", caseId, noticeId);
    }
  }

  private static final String VIEW = "SELECT d.*,"
      + " (SELECT COUNT(*) FROM case_notice cn WHERE cn.case_id = d.id) AS notices,"
      + " (SELECT COUNT(*) FROM event_match m WHERE m.case_id = d.id) AS events,"
      + " (SELECT COUNT(*) FROM outbox o WHERE o.case_id = d.id AND o.state = 'PENDING') AS pending,"
      + " (SELECT COUNT(*) FROM outbox o WHERE o.case_id = d.id AND o.due_at IS NOT NULL AND o.due_at < ?"
      + "   AND o.state IN ('PENDING', 'FAILED')) AS late"
      + " FROM desk_case d";

  @Override
  public List<CaseView> list(CaseFilter f) throws SQLException {
    StringBuilder sql = new StringBuilder(VIEW).append(" WHERE 1=1");
    List<Object> args = new ArrayList<>();
    args.add(clock.instant());
    if (f.state() != null) { sql.append(" AND d.state = ?"); args.add(f.state()); }
    if (f.customer() != null) { sql.append(" AND d.customer_code = ?"); args.add(f.customer()); }
    if (f.overdueOnly()) {
      sql.append(" AND EXISTS (SELECT 1 FROM outbox o WHERE o.case_id = d.id AND o.due_at IS NOT NULL AND o.due_at < ?"
          + " AND o.state IN ('PENDING', 'FAILED'))");
      args.add(clock.instant());
    }
    sql.append(" ORDER BY d.last_notice_at DESC, d.id DESC LIMIT ").append(f.limit()).append(" OFFSET ").append(f.offset());
    try (Connection c = db.connect()) {
      return Jdbc.query(c, sql.toString(), CaseStore::view, args.toArray());
    }
  }

  private static CaseView view(ResultSet rs) throws SQLException {
    String kind = rs.getString("service_kind");
    return new CaseView(rs.getLong("id"), rs.getString("customer_code"), rs.getString("service_code"),
        kind == null ? null : ServiceKind.valueOf(kind.strip()), CaseState.valueOf(rs.getString("state").strip()),
        Jdbc.instant(rs, "opened_at"), Jdbc.instant(rs, "last_notice_at"), rs.getInt("notices"), rs.getInt("events"),
        rs.getInt("pending"), rs.getInt("late") > 0, Jdbc.instant(rs, "closed_at"), rs.getString("closed_by"), rs.getString("close_reason"));
  }

  private CaseView view(Connection c, long id) throws SQLException {
    return Jdbc.one(c, VIEW + " WHERE d.id = ?", CaseStore::view, clock.instant(), id)
        .orElseThrow(() -> new NoSuchElementException("no case " + id));
  }

  @Override
  public Optional<CaseDetail> find(long caseId) throws SQLException {
    try (Connection c = db.connect()) {
      Optional<CaseView> v = Jdbc.one(c, VIEW + " WHERE d.id = ?", CaseStore::view, clock.instant(), caseId);
      if (v.isEmpty()) return Optional.empty();
      List<Long> noticeIds = Jdbc.query(c, "SELECT notice_id FROM case_notice WHERE case_id = ? ORDER BY notice_id", rs -> rs.getLong(1), caseId);
      List<CaseNotice> notices = new ArrayList<>();
      for (long n : noticeIds) {
        Optional<StoredNotice> sn = StoredNotice.load(c, n);
        if (sn.isEmpty()) continue;
        Map<Long, String[]> matches = new HashMap<>();
        for (String[] m : Jdbc.query(c, "SELECT event_id, verdict, customer_code, service_code, reason FROM event_match WHERE notice_id = ?",
            rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)}, n)) {
          matches.put(Long.parseLong(m[0]), m);
        }
        List<CaseEvent> events = new ArrayList<>();
        for (StoredNotice.Event e : sn.get().events()) {
          String[] m = matches.getOrDefault(e.id(), new String[5]);
          var ev = e.event();
          events.add(new CaseEvent(e.id(), ev.ipText(), ev.port(), ev.timestamp(), ev.protocol(), ev.infohash(), ev.title(),
              m[1] == null ? null : m[1].strip(), m[2], m[3], m[4]));
        }
        StoredNotice s = sn.get();
        notices.add(new CaseNotice(s.id(), s.received(), s.sender(), s.subject(), s.messageId(), s.completeness().name(), s.missing(),
            s.flags().stream().map(Enum::name).sorted().toList(), s.settlementOffer(), events));
      }
      return Optional.of(new CaseDetail(v.get(), notices, outbox.forCase(caseId), audit.list(AuditQuery.about(Subject.of("case", caseId)))));
    }
  }

  @Override
  public Optional<byte[]> original(long noticeId) throws SQLException {
    return new NoticeStore(db).raw(noticeId);
  }

  @Override
  public CaseView close(Actor actor, long caseId, String reason) throws SQLException {
    actor.require(Role.HANDLER, "close a case");
    String why = required(reason);
    return Jdbc.tx(db, c -> {
      CaseView v = view(c, caseId);
      if (v.state() != CaseState.OPEN) throw new IllegalStateException("case " + caseId + " is already closed");
      Instant now = Jdbc.micros(clock.instant());
      Jdbc.update(c, "UPDATE desk_case SET state = ?, closed_at = ?, closed_by = ?, close_reason = ?, open_key = ? WHERE id = ?",
          CaseState.CLOSED, now, actor.userId(), why, Jdbc.NULL_TEXT, caseId);
      audit.append(c, actor, "case.close", Subject.of("case", caseId), why, noticesOf(c, caseId), null);
      return view(c, caseId);
    });
  }

  @Override
  public CaseView reopen(Actor actor, long caseId, String reason) throws SQLException {
    actor.require(Role.HANDLER, "reopen a case");
    String why = required(reason);
    return Jdbc.tx(db, c -> {
      CaseView v = view(c, caseId);
      if (v.state() != CaseState.CLOSED) throw new IllegalStateException("case " + caseId + " is open");
      String key = v.customer() == null ? REVIEW_KEY : v.customer() + "/" + v.service();
      Optional<Long> other = Jdbc.one(c, "SELECT id FROM desk_case WHERE open_key = ?", rs -> rs.getLong(1), key);
      if (other.isPresent()) throw new IllegalStateException("case " + other.get() + " is open for the same service; close it first");
      Jdbc.update(c, "UPDATE desk_case SET state = ?, closed_at = ?, closed_by = ?, close_reason = ?, open_key = ? WHERE id = ?",
          CaseState.OPEN, Jdbc.NULL_TIME, Jdbc.NULL_TEXT, Jdbc.NULL_TEXT, key, caseId);
      audit.append(c, actor, "case.reopen", Subject.of("case", caseId), why, noticesOf(c, caseId), null);
      return view(c, caseId);
    });
  }

  @Override
  public void note(Actor actor, long caseId, String text) throws SQLException {
    actor.require(Role.HANDLER, "add a note to a case");
    String t = required(text);
    Jdbc.tx(db, c -> {
      view(c, caseId);
      audit.append(c, actor, "case.note", Subject.of("case", caseId), t, List.of(), null);
      return null;
    });
  }

  private static List<Long> noticesOf(Connection c, long caseId) throws SQLException {
    return Jdbc.query(c, "SELECT notice_id FROM case_notice WHERE case_id = ?", rs -> rs.getLong(1), caseId);
  }

  private static String required(String s) {
    if (s == null || s.isBlank()) throw new IllegalArgumentException("a reason is required");
    return s.strip();
  }
}
