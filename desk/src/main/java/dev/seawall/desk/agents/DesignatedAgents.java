package dev.seawall.desk.agents;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.forward.OutboxStore;
import dev.seawall.desk.forward.Purpose;
import dev.seawall.desk.forward.QueuedMail;
import dev.seawall.desk.forward.Templates;
import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Designated-agent records with renewal reminders: {@link #remindDue()} queues one reminder per
 * expiry date to the operator, {@code notice} before the three years run out.
 */
public final class DesignatedAgents {
  private final Database db;
  private final OutboxStore outbox;
  private final Templates templates;
  private final AuditLog audit;
  private final Clock clock;
  private final ZoneId zone;
  private final Duration notice;
  private final String operatorAddress;

  public DesignatedAgents(Database db, OutboxStore outbox, Templates templates, AuditLog audit, Clock clock, ZoneId zone,
      Duration notice, String operatorAddress) {
    this.db = db;
    this.outbox = outbox;
    this.templates = templates;
    this.audit = audit;
    this.clock = clock;
    this.zone = zone;
    this.notice = notice;
    this.operatorAddress = operatorAddress;
  }

  /** What a new record says; {@code customer} null for the operator's own agent. */
  public record Registration(String entity, String customer, String agentName, String email, String address, String phone,
      String registrationNumber, LocalDate registeredOn) {}

  /** Records a designation (admin). A customer's active agent becomes where its notices are forwarded. */
  public DesignatedAgent register(Actor actor, Registration r, String reason) throws SQLException {
    actor.require(Role.ADMIN, "record a designated agent");
    need(r.entity(), "entity");
    need(r.agentName(), "agent name");
    String email;
    try {
      email = new InternetAddress(need(r.email(), "e-mail"), true).getAddress();
    } catch (AddressException e) {
      throw new IllegalArgumentException("agent e-mail '" + r.email() + "' is not a mail address: " + e.getMessage());
    }
    if (r.registeredOn() == null) throw new IllegalArgumentException("registeredOn (the filing date) is required");
    if (r.registeredOn().isAfter(LocalDate.now(clock.withZone(zone)))) {
      throw new IllegalArgumentException("registeredOn " + r.registeredOn() + " is in the future");
    }
    return Jdbc.tx(db, c -> {
      if (r.customer() != null && Jdbc.count(c, "SELECT COUNT(*) FROM customer WHERE code = ?", r.customer()) == 0) {
        throw new NoSuchElementException("no customer '" + r.customer() + "' in the registry");
      }
      long id = Jdbc.insert(c, "INSERT INTO designated_agent (entity, customer_code, agent_name, email, address, phone,"
              + " registration_number, registered_on, active) VALUES (?,?,?,?,?,?,?,?,?)",
          r.entity().strip(), Jdbc.text(r.customer()), r.agentName().strip(), email, Jdbc.text(r.address()), Jdbc.text(r.phone()),
          Jdbc.text(r.registrationNumber()), r.registeredOn(), true);
      audit.append(c, actor, "agent.register", Subject.of("agent", id), reason, List.of(), r.entity() + ": " + r.agentName() + " <" + email + ">");
      return get(c, id);
    });
  }

  /** Records a renewal filed on {@code renewedOn} (admin): the three years start again. */
  public DesignatedAgent renew(Actor actor, long id, LocalDate renewedOn, String reason) throws SQLException {
    actor.require(Role.ADMIN, "record a designated agent renewal");
    if (renewedOn == null) throw new IllegalArgumentException("the renewal's filing date is required");
    return Jdbc.tx(db, c -> {
      DesignatedAgent a = get(c, id);
      if (renewedOn.isBefore(a.lastFiled())) throw new IllegalArgumentException("renewal " + renewedOn + " is before the last filing " + a.lastFiled());
      Jdbc.update(c, "UPDATE designated_agent SET renewed_on = ? WHERE id = ?", renewedOn, id);
      audit.append(c, actor, "agent.renew", Subject.of("agent", id), reason, List.of(), "filed " + renewedOn + ", expires " + renewedOn.plusYears(3));
      return get(c, id);
    });
  }

  /** Retires a record (admin), e.g. when a customer leaves; kept for the history. */
  public DesignatedAgent retire(Actor actor, long id, String reason) throws SQLException {
    actor.require(Role.ADMIN, "retire a designated agent");
    need(reason, "reason");
    return Jdbc.tx(db, c -> {
      get(c, id);
      Jdbc.update(c, "UPDATE designated_agent SET active = ? WHERE id = ?", false, id);
      audit.append(c, actor, "agent.retire", Subject.of("agent", id), reason, List.of(), null);
      return get(c, id);
    });
  }

  public List<DesignatedAgent> list() throws SQLException {
    try (Connection c = db.connect()) {
      return Jdbc.query(c, "SELECT * FROM designated_agent ORDER BY id", DesignatedAgents::row);
    }
  }

  /** The customer's active agent (the latest filed), if it has one. */
  public static Optional<DesignatedAgent> forCustomer(Connection c, String customer) throws SQLException {
    List<DesignatedAgent> all = Jdbc.query(c, "SELECT * FROM designated_agent WHERE customer_code = ? AND active = ? ORDER BY id DESC",
        DesignatedAgents::row, customer, true);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
  }

  /** Active agents whose expiry is within the notice period (or past), not reminded for that expiry yet. */
  public List<DesignatedAgent> dueForRenewal() throws SQLException {
    LocalDate today = LocalDate.now(clock.withZone(zone));
    return list().stream().filter(a -> a.active() && !a.expires().isAfter(today.plusDays(notice.toDays()))
        && !a.expires().equals(a.remindedFor())).toList();
  }

  /** Queues a reminder to the operator for each agent due; returns how many. */
  public int remindDue() throws SQLException {
    List<DesignatedAgent> due = dueForRenewal();
    for (DesignatedAgent a : due) {
      Jdbc.tx(db, c -> {
        Templates.Text t = templates.render("agent-renewal", Map.of("entity", a.entity(), "expires", a.expires().toString(),
            "agentName", a.agentName(), "email", a.email(), "lastFiled", a.lastFiled().toString(),
            "registration", a.registrationNumber() == null ? "" : ", " + a.registrationNumber()));
        outbox.enqueue(c, new QueuedMail(Purpose.AGENT_RENEWAL_REMINDER, null, null, operatorAddress, null, t.subject(), t.body(),
            false, null, null, null));
        Jdbc.update(c, "UPDATE designated_agent SET reminded_for = ? WHERE id = ?", a.expires(), a.id());
        audit.append(c, Actor.system("agents"), "agent.remind", Subject.of("agent", a.id()), "expires " + a.expires(), List.of(), null);
        return null;
      });
    }
    return due.size();
  }

  private static DesignatedAgent get(Connection c, long id) throws SQLException {
    return Jdbc.one(c, "SELECT * FROM designated_agent WHERE id = ?", DesignatedAgents::row, id)
        .orElseThrow(() -> new NoSuchElementException("no designated agent " + id));
  }

  private static DesignatedAgent row(ResultSet rs) throws SQLException {
    return new DesignatedAgent(rs.getLong("id"), rs.getString("entity"), rs.getString("customer_code"), rs.getString("agent_name"),
        rs.getString("email"), rs.getString("address"), rs.getString("phone"), rs.getString("registration_number"),
        Jdbc.localDate(rs, "registered_on"), Jdbc.localDate(rs, "renewed_on"), Jdbc.localDate(rs, "reminded_for"),
        rs.getBoolean("active"));
  }

  private static String need(String s, String what) {
    if (s == null || s.isBlank()) throw new IllegalArgumentException("the " + what + " is required");
    return s.strip();
  }
}
