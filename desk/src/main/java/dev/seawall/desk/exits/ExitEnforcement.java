package dev.seawall.desk.exits;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Which shared exits run Seawall's BitTorrent enforcement, and since when: what lets the desk
 * tell a sender "BitTorrent blocking is active on that exit" truthfully — only when a record
 * covers the time of the reported infringement (or says since when it runs, if it began later).
 */
public final class ExitEnforcement {
  private final Database db;
  private final AuditLog audit;
  private final Clock clock;

  public ExitEnforcement(Database db, AuditLog audit, Clock clock) {
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  /** Records that enforcement runs on a shared service from {@code from} (admin). */
  public EnforcedExit declare(Actor actor, String customer, String service, Instant from, String enforcer, String reason)
      throws SQLException {
    actor.require(Role.ADMIN, "record exit enforcement");
    if (enforcer == null || enforcer.isBlank()) throw new IllegalArgumentException("name the enforcer (e.g. \"seawall firewall (NFQUEUE)\")");
    if (from == null) throw new IllegalArgumentException("give the time enforcement started");
    return Jdbc.tx(db, c -> {
      Optional<String> kind = Jdbc.one(c, "SELECT s.kind FROM service s JOIN customer cu ON cu.id = s.customer_id WHERE cu.code = ? AND s.code = ?",
          rs -> rs.getString(1).strip(), customer, service);
      if (kind.isEmpty()) throw new NoSuchElementException("no service " + customer + "/" + service + " in the registry");
      if (!kind.get().equals("VPN_EXIT_POOL") && !kind.get().equals("SOCKS5_PROXY")) {
        throw new IllegalArgumentException(customer + "/" + service + " is " + kind.get() + ", not a shared exit (vpn-exit or socks5)");
      }
      Instant now = Jdbc.micros(clock.instant());
      long id = Jdbc.insert(c, "INSERT INTO exit_enforcement (customer_code, service_code, active_from, enforcer, recorded_by, recorded_at)"
          + " VALUES (?,?,?,?,?,?)", customer, service, Jdbc.micros(from), enforcer.strip(), actor.userId(), now);
      audit.append(c, actor, "exit.enforce", Subject.of("service", customer + "/" + service), reason, List.of(),
          enforcer.strip() + " from " + from);
      return get(c, id);
    });
  }

  /** Records that enforcement stopped at {@code until} (admin). */
  public EnforcedExit end(Actor actor, long id, Instant until, String reason) throws SQLException {
    actor.require(Role.ADMIN, "record the end of exit enforcement");
    if (reason == null || reason.isBlank()) throw new IllegalArgumentException("a reason is required");
    return Jdbc.tx(db, c -> {
      EnforcedExit e = get(c, id);
      if (e.until() != null) throw new IllegalStateException("enforcement record " + id + " already ended at " + e.until());
      if (!until.isAfter(e.from())) throw new IllegalArgumentException("end " + until + " is not after the start " + e.from());
      Jdbc.update(c, "UPDATE exit_enforcement SET active_until = ? WHERE id = ?", Jdbc.micros(until), id);
      audit.append(c, actor, "exit.enforce-end", Subject.of("service", e.customer() + "/" + e.service()), reason, List.of(), "until " + until);
      return get(c, id);
    });
  }

  public List<EnforcedExit> list() throws SQLException {
    try (Connection c = db.connect()) {
      return Jdbc.query(c, "SELECT * FROM exit_enforcement ORDER BY customer_code, service_code, active_from", ExitEnforcement::row);
    }
  }

  /** The record covering {@code at}, else the earliest one starting after it (enforcement began later), else empty. */
  public Optional<EnforcedExit> covering(Connection c, String customer, String service, Instant at) throws SQLException {
    List<EnforcedExit> all = Jdbc.query(c, "SELECT * FROM exit_enforcement WHERE customer_code = ? AND service_code = ? ORDER BY active_from",
        ExitEnforcement::row, customer, service);
    for (EnforcedExit e : all) if (e.activeAt(at)) return Optional.of(e);
    for (EnforcedExit e : all) if (e.from().isAfter(at) && e.until() == null) return Optional.of(e);
    return Optional.empty();
  }

  private static EnforcedExit get(Connection c, long id) throws SQLException {
    return Jdbc.one(c, "SELECT * FROM exit_enforcement WHERE id = ?", ExitEnforcement::row, id)
        .orElseThrow(() -> new NoSuchElementException("no exit enforcement record " + id));
  }

  private static EnforcedExit row(ResultSet rs) throws SQLException {
    return new EnforcedExit(rs.getLong("id"), rs.getString("customer_code"), rs.getString("service_code"),
        Jdbc.instant(rs, "active_from"), Jdbc.instant(rs, "active_until"), rs.getString("enforcer"), rs.getString("recorded_by"),
        Jdbc.instant(rs, "recorded_at"));
  }
}
