package dev.seawall.desk.ledger;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.registry.ServiceKind;
import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** The ledger over the desk's database; the policy itself is applied by {@link PolicyEngine}. */
public final class LedgerStore implements Ledger {
  private final Database db;
  private final PolicyEngine engine;
  private final AuditLog audit;
  private final Clock clock;

  public LedgerStore(Database db, PolicyEngine engine, AuditLog audit, Clock clock) {
    this.db = db;
    this.engine = engine;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public RepeatInfringerPolicy policy() {
    return engine.policy();
  }

  @Override
  public PartyStatus status(Party party) throws SQLException {
    try (Connection c = db.connect()) {
      return status(c, party, clock.instant());
    }
  }

  private static PartyStatus status(Connection c, Party p, Instant now) throws SQLException {
    Standings.Row s = Standings.read(c, p);
    List<Object> args = new ArrayList<>();
    String where = Standings.partyClause(p, args);
    long total = Jdbc.count(c, "SELECT COUNT(*) FROM strike WHERE " + where, args.toArray());
    args.add(now);
    long active = Jdbc.count(c, "SELECT COUNT(*) FROM strike WHERE " + where + " AND expires_at > ?", args.toArray());
    args.removeLast();
    Instant last = Jdbc.one(c, "SELECT MAX(counted_at) FROM strike WHERE " + where, rs -> Jdbc.instant(rs, 1), args.toArray()).orElse(null);
    return new PartyStatus(p, s.standing(), s.since().equals(Instant.EPOCH) ? null : s.since(), s.until(), active, total, last);
  }

  @Override
  public List<PartyStatus> parties(int limit) throws SQLException {
    if (limit <= 0 || limit > 10_000) throw new IllegalArgumentException("limit must be 1..10000, not " + limit);
    try (Connection c = db.connect()) {
      List<Party> ps = Jdbc.query(c, "SELECT customer_code, subscriber, MAX(t) AS t FROM ("
          + " SELECT customer_code, CAST(NULL AS VARCHAR(200)) AS subscriber, counted_at AS t FROM strike"
          + " UNION ALL SELECT customer_code, subscriber, counted_at AS t FROM strike WHERE subscriber IS NOT NULL"
          + " UNION ALL SELECT customer_code, subscriber, at AS t FROM ledger_action) x"
          + " GROUP BY customer_code, subscriber ORDER BY MAX(t) DESC LIMIT " + limit,
          rs -> new Party(rs.getString(1), rs.getString(2)));
      Instant now = clock.instant();
      List<PartyStatus> out = new ArrayList<>();
      for (Party p : ps) out.add(status(c, p, now));
      return out;
    }
  }

  @Override
  public List<Strike> strikes(Party party, boolean includeExpired) throws SQLException {
    List<Object> args = new ArrayList<>();
    String where = Standings.partyClause(party, args);
    if (!includeExpired) {
      where += " AND expires_at > ?";
      args.add(clock.instant());
    }
    try (Connection c = db.connect()) {
      return Jdbc.query(c, "SELECT * FROM strike WHERE " + where + " ORDER BY counted_at, id", Standings::strike, args.toArray());
    }
  }

  @Override
  public List<LedgerAction> actions(Party party) throws SQLException {
    try (Connection c = db.connect()) {
      if (party.subscriber() == null) {
        return Jdbc.query(c, "SELECT * FROM ledger_action WHERE customer_code = ? ORDER BY at, id", Standings::action, party.customer());
      }
      return Jdbc.query(c, "SELECT * FROM ledger_action WHERE customer_code = ? AND subscriber = ? ORDER BY at, id", Standings::action,
          party.customer(), party.subscriber());
    }
  }

  @Override
  public Strike attributeSubscriber(Actor actor, long strikeId, String subscriber, String reason) throws SQLException {
    actor.require(Role.HANDLER, "attribute a strike to a subscriber");
    String sub = required(subscriber, "subscriber");
    if (sub.length() > 200) throw new IllegalArgumentException("subscriber id longer than 200 characters");
    String why = required(reason, "reason");
    return Jdbc.tx(db, c -> {
      Strike s = Jdbc.one(c, "SELECT * FROM strike WHERE id = ? FOR UPDATE", Standings::strike, strikeId)
          .orElseThrow(() -> new NoSuchElementException("no strike " + strikeId));
      if (s.party().subscriber() != null) {
        if (s.party().subscriber().equals(sub)) return s;
        // a recorded attribution is evidence: it is not silently moved to someone else
        throw new IllegalStateException("strike " + strikeId + " is already attributed to subscriber " + s.party().subscriber());
      }
      Jdbc.update(c, "UPDATE strike SET subscriber = ? WHERE id = ?", sub, strikeId);
      Party p = new Party(s.party().customer(), sub);
      audit.append(c, actor, "ledger.attribute", PolicyEngine.subject(p), why, List.of(s.noticeId()), "strike " + strikeId);
      ServiceKind kind = Jdbc.one(c, "SELECT service_kind FROM strike WHERE id = ?", rs -> rs.getString(1), strikeId)
          .map(k -> ServiceKind.valueOf(k.strip())).orElse(null);
      String ip = Jdbc.one(c, "SELECT e.ip_text FROM event e JOIN strike s ON s.event_id = e.id WHERE s.id = ?", rs -> rs.getString(1), strikeId)
          .orElse(null);
      engine.evaluate(c, p, kind, strikeId, s.counted(), ip);
      return Jdbc.one(c, "SELECT * FROM strike WHERE id = ?", Standings::strike, strikeId).orElseThrow();
    });
  }

  @Override
  public PartyStatus acknowledge(Actor actor, Party party, String reason) throws SQLException {
    actor.require(Role.HANDLER, "record an acknowledgement");
    String why = required(reason, "reason");
    return Jdbc.tx(db, c -> {
      Standings.Row s = Standings.lock(c, party);
      if (!ackPending(c, party)) throw new IllegalStateException(party + " has no acknowledgement pending");
      Instant now = Jdbc.micros(clock.instant());
      if (s.standing() == Standing.ACK_REQUIRED) Standings.write(c, party, Standing.ACTIVE, now, null, s.reinstatedAt());
      long id = Standings.insertAction(c, party, ActionKind.ACKNOWLEDGED, null, now, actor.userId(), why, List.of(), Outcome.DONE, null, null, null, null);
      audit.append(c, actor, "ledger.acknowledged", PolicyEngine.subject(party), why, List.of(), "action " + id);
      return status(c, party, now);
    });
  }

  /** A REQUIRE_ACK after the last ACKNOWLEDGED. */
  private static boolean ackPending(Connection c, Party p) throws SQLException {
    String who = p.subscriber() == null ? "subscriber IS NULL" : "subscriber = ?";
    Object[] args = p.subscriber() == null ? new Object[] {p.customer()} : new Object[] {p.customer(), p.subscriber()};
    List<String> kinds = Jdbc.query(c, "SELECT kind FROM ledger_action WHERE customer_code = ? AND " + who
        + " AND kind IN ('REQUIRE_ACK', 'ACKNOWLEDGED') ORDER BY at DESC, id DESC", rs -> rs.getString(1).strip(), args);
    return !kinds.isEmpty() && kinds.getFirst().equals("REQUIRE_ACK");
  }

  @Override
  public PartyStatus liftSuspension(Actor actor, Party party, String reason) throws SQLException {
    actor.require(Role.APPROVER, "lift a suspension");
    String why = required(reason, "reason");
    return Jdbc.tx(db, c -> {
      Standings.Row s = Standings.lock(c, party);
      if (s.standing() != Standing.SUSPENDED) throw new IllegalStateException(party + " is not suspended (" + s.standing() + ")");
      Instant now = Jdbc.micros(clock.instant());
      unsuspend(c, party, s, now, actor, why);
      return status(c, party, now);
    });
  }

  private void unsuspend(Connection c, Party party, Standings.Row s, Instant now, Actor actor, String why) throws SQLException {
    Standings.write(c, party, ackPending(c, party) ? Standing.ACK_REQUIRED : Standing.ACTIVE, now, null, s.reinstatedAt());
    long id = Standings.insertAction(c, party, ActionKind.UNSUSPEND, null, now, actor.userId(), why, List.of(), Outcome.PENDING,
        null, null, now, null);
    audit.append(c, actor, "ledger.unsuspend", PolicyEngine.subject(party), why, List.of(), "action " + id + "; panel webhook pending");
  }

  /** Ends suspensions whose time ran out (run by the desk's timer); returns how many. */
  public int expireSuspensions() throws SQLException {
    Instant now = clock.instant();
    List<Party> due;
    try (Connection c = db.connect()) {
      due = Jdbc.query(c, "SELECT customer_code, subscriber_key FROM party_standing WHERE standing = 'SUSPENDED' AND until_at <= ?",
          rs -> new Party(rs.getString(1), rs.getString(2)), now);
    }
    int n = 0;
    for (Party p : due) {
      boolean ended = Jdbc.tx(db, c -> {
        Standings.Row s = Standings.lock(c, p);
        if (s.standing() != Standing.SUSPENDED || s.until() == null || s.until().isAfter(now)) return false;
        unsuspend(c, p, s, Jdbc.micros(now), PolicyEngine.POLICY, "suspension ended at " + s.until());
        return true;
      });
      if (ended) n++;
    }
    return n;
  }

  @Override
  public PartyStatus reinstate(Actor actor, Party party, String reason) throws SQLException {
    actor.require(Role.APPROVER, "reinstate a terminated account");
    String why = required(reason, "reason");
    return Jdbc.tx(db, c -> {
      Standings.Row s = Standings.lock(c, party);
      if (s.standing() != Standing.TERMINATED) throw new IllegalStateException(party + " is not terminated (" + s.standing() + ")");
      Instant now = Jdbc.micros(clock.instant());
      Standings.write(c, party, Standing.ACTIVE, now, null, now);
      long id = Standings.insertAction(c, party, ActionKind.REINSTATE, null, now, actor.userId(), why, List.of(), Outcome.PENDING, null,
          null, now, null);
      audit.append(c, actor, "ledger.reinstate", PolicyEngine.subject(party), why, List.of(), "action " + id + "; strikes kept");
      return status(c, party, now);
    });
  }

  private static String required(String s, String what) {
    if (s == null || s.isBlank()) throw new IllegalArgumentException("a " + what + " is required");
    return s.strip();
  }
}
