package dev.seawall.desk.ledger;

import dev.seawall.desk.agents.Contact;
import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.forward.OutboxStore;
import dev.seawall.desk.forward.Purpose;
import dev.seawall.desk.forward.QueuedMail;
import dev.seawall.desk.forward.Templates;
import dev.seawall.desk.registry.ServiceKind;
import dev.seawall.desk.sql.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Counts strikes and applies the repeat-infringer policy, inside the transaction that processes a
 * notice: the strike, the actions it triggers, their mails and their audit lines commit together.
 * Effects outside the desk (panel webhook, null-route) are recorded PENDING here and carried out
 * by {@link ActionRunner}.
 */
public final class PolicyEngine {
  static final Actor POLICY = Actor.system("policy");
  private static final int LINKED_NOTICES = 500;

  private final RepeatInfringerPolicy policy;
  private final OutboxStore outbox;
  private final Templates templates;
  private final AuditLog audit;
  private final Clock clock;
  private final String operator;
  private final boolean panel;
  private final boolean netctl;

  public PolicyEngine(RepeatInfringerPolicy policy, OutboxStore outbox, Templates templates, AuditLog audit, Clock clock, String operator,
      boolean panelConfigured, boolean netctlConfigured) {
    this.policy = policy;
    this.outbox = outbox;
    this.templates = templates;
    this.audit = audit;
    this.clock = clock;
    this.operator = operator;
    this.panel = panelConfigured;
    this.netctl = netctlConfigured;
  }

  public RepeatInfringerPolicy policy() {
    return policy;
  }

  /** One event of a counted notice. */
  public record StrikeInput(long noticeId, long eventId, Long caseId, String sender, boolean settlementOffer, Instant observed,
      String ip) {}

  /**
   * Records one strike per event for the customer (events already counted are skipped: processing
   * twice counts once) and applies the policy after each. Returns the actions taken.
   */
  public List<LedgerAction> count(Connection c, String customer, ServiceKind kind, Instant received, List<StrikeInput> events)
      throws SQLException {
    List<LedgerAction> out = new ArrayList<>();
    Instant counted = Jdbc.micros(received);
    Instant expires = counted.plus(policy.strikeLifetime());
    for (StrikeInput e : events) {
      if (Jdbc.count(c, "SELECT COUNT(*) FROM strike WHERE event_id = ?", e.eventId()) > 0) continue;
      long id = Jdbc.insert(c, "INSERT INTO strike (customer_code, notice_id, event_id, case_id, service_kind, sender, settlement_offer,"
              + " observed_at, counted_at, expires_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
          customer, e.noticeId(), e.eventId(), Jdbc.longOrNull(e.caseId()), kind, Jdbc.text(e.sender()), e.settlementOffer(),
          Jdbc.time(e.observed() == null ? null : Jdbc.micros(e.observed())), counted, expires);
      out.addAll(evaluate(c, Party.customer(customer), kind, id, counted, e.ip()));
    }
    return out;
  }

  /**
   * Applies every rule to the party as of the strike {@code strikeId} counted at {@code t}.
   *
   * @param ip the address of the strike's event (what a null-route would blackhole), or null
   */
  public List<LedgerAction> evaluate(Connection c, Party party, ServiceKind kind, long strikeId, Instant t, String ip) throws SQLException {
    Standings.Row standing = Standings.lock(c, party);
    List<LedgerAction> out = new ArrayList<>();
    if (standing.standing() == Standing.TERMINATED) return out; // counted, and stays terminated: nothing more to escalate
    for (RepeatInfringerPolicy.Rule rule : policy.rules()) {
      if (!rule.appliesTo(party, kind)) continue;
      Instant from = t.minus(rule.window());
      long n = Standings.countInWindow(c, party, from, t, t);
      if (n < rule.strikes()) continue;
      if (!due(c, party, rule, t, standing.reinstatedAt())) continue;
      out.add(act(c, party, kind, rule, n, Standings.noticesInWindow(c, party, from, t, t, LINKED_NOTICES), ip, strikeId));
      standing = Standings.lock(c, party);
      if (standing.standing() == Standing.TERMINATED) break;
    }
    return out;
  }

  /**
   * Whether the rule fires on this strike: it never fired for the party (or not since the party's
   * reinstatement), the strike that made it fire last is outside the window now, or
   * {@code repeatEvery} strikes were counted after that one.
   */
  private boolean due(Connection c, Party party, RepeatInfringerPolicy.Rule rule, Instant t, Instant reinstated) throws SQLException {
    List<Object> args = new ArrayList<>();
    String who = party.subscriber() == null ? "a.subscriber IS NULL" : "a.subscriber = ?";
    args.add(party.customer());
    if (party.subscriber() != null) args.add(party.subscriber());
    args.add(rule.name());
    Optional<Object[]> last = Jdbc.one(c, "SELECT a.at, s.counted_at, s.id FROM ledger_action a JOIN strike s ON s.id = a.strike_id"
        + " WHERE a.customer_code = ? AND " + who + " AND a.rule_name = ? ORDER BY a.id DESC LIMIT 1",
        rs -> new Object[] {Jdbc.instant(rs, 1), Jdbc.instant(rs, 2), rs.getLong(3)}, args.toArray());
    if (last.isEmpty()) return true;
    Instant firedAt = (Instant) last.get()[0];
    Instant triggerCounted = (Instant) last.get()[1];
    long triggerId = (Long) last.get()[2];
    if (reinstated != null && firedAt.isBefore(reinstated)) return true;
    Instant from = t.minus(rule.window());
    if (!triggerCounted.isAfter(from)) return true;
    return rule.repeatEvery() > 0 && Standings.countAfter(c, party, triggerId, from, t, t) >= rule.repeatEvery();
  }

  private LedgerAction act(Connection c, Party party, ServiceKind kind, RepeatInfringerPolicy.Rule rule, long count, List<Long> notices,
      String ip, long strikeId) throws SQLException {
    Instant now = Jdbc.micros(clock.instant());
    String reason = "rule " + rule.name() + ": " + count + " strike(s) within " + days(rule.window()) + " (policy " + policy.name()
        + " " + policy.version() + ")";
    Instant until = rule.duration() == null ? null : now.plus(rule.duration());
    Standings.Row st = Standings.lock(c, party);
    Outcome outcome = Outcome.DONE;
    String detail;
    Instant next = null;
    switch (rule.action()) {
      case WARN -> detail = mail(c, party, rule, count, notices, "warning", Purpose.WARNING, Map.of());
      case REQUIRE_ACK -> {
        detail = mail(c, party, rule, count, notices, "ack-request", Purpose.ACK_REQUEST, Map.of());
        if (st.standing() == Standing.ACTIVE) Standings.write(c, party, Standing.ACK_REQUIRED, now, null, st.reinstatedAt());
      }
      case SUSPEND -> {
        Instant keep = st.standing() == Standing.SUSPENDED && st.until() != null && st.until().isAfter(until) ? st.until() : until;
        Standings.write(c, party, Standing.SUSPENDED, st.standing() == Standing.SUSPENDED ? st.since() : now, keep, st.reinstatedAt());
        until = keep;
        String m = mail(c, party, rule, count, notices, "sanction", Purpose.SANCTION_NOTICE,
            Map.of("measure", "suspension of the service", "until", " until " + keep));
        if (panel) {
          outcome = Outcome.PENDING;
          next = now;
          detail = m + "; panel webhook pending";
        } else {
          outcome = Outcome.FAILED;
          detail = m + "; no panel webhook configured: suspend the service by hand";
        }
      }
      case NULL_ROUTE -> {
        if (ip == null) {
          outcome = Outcome.FAILED;
          detail = "the strike's event has no IP address to null-route";
        } else if (!netctl) {
          outcome = Outcome.FAILED;
          detail = "no netctl configured: null-route " + ip + " by hand";
        } else {
          outcome = Outcome.PENDING;
          next = now;
          detail = ip;
        }
      }
      case TERMINATE -> {
        Standings.write(c, party, Standing.TERMINATED, now, null, st.reinstatedAt());
        String m = mail(c, party, rule, count, notices, "sanction", Purpose.SANCTION_NOTICE,
            Map.of("measure", "termination of the account", "until", ""));
        if (panel) {
          outcome = Outcome.PENDING;
          next = now;
          detail = m + "; panel webhook pending";
        } else {
          outcome = Outcome.FAILED;
          detail = m + "; no panel webhook configured: terminate the account by hand";
        }
      }
      default -> throw new IllegalStateException(rule.action().toString());
    }
    long id = Standings.insertAction(c, party, rule.action().kind(), rule.name(), now, POLICY.userId(), reason, notices, outcome, detail,
        until, next, strikeId);
    audit.append(c, POLICY, "ledger." + rule.action().label(), subject(party), reason, notices,
        "action " + id + " (" + outcome.name().toLowerCase(java.util.Locale.ROOT) + "): " + detail + "; strike " + strikeId
            + (kind == null ? "" : ", " + kind));
    return Jdbc.one(c, "SELECT * FROM ledger_action WHERE id = ?", Standings::action, id).orElseThrow();
  }

  private String mail(Connection c, Party party, RepeatInfringerPolicy.Rule rule, long count, List<Long> notices, String template,
      Purpose purpose, Map<String, String> extra) throws SQLException {
    Optional<Contact> to = Contact.of(c, party.customer());
    Map<String, String> v = new HashMap<>(extra);
    v.put("operator", operator);
    v.put("customerName", Contact.name(c, party.customer()));
    v.put("party", party.subscriber() == null ? "your account " + party.customer() : "subscriber " + party.subscriber() + " of " + party.customer());
    v.put("count", String.valueOf(count));
    v.put("window", days(rule.window()));
    v.put("policyName", policy.name() + " " + policy.version());
    v.put("policyAt", policy.publishedAt() == null ? "" : " (" + policy.publishedAt() + ")");
    v.put("rule", rule.name());
    v.put("notices", notices.isEmpty() ? "-" : String.join(", ", notices.stream().map(n -> "#" + n).toList()));
    v.put("ladder", ladder());
    Templates.Text t = templates.render(template, v);
    long d = outbox.enqueue(c, new QueuedMail(purpose, null, notices.isEmpty() ? null : notices.getFirst(), to.map(Contact::address).orElse(null),
        "customer " + party.customer() + " has no abuse contact or designated agent", t.subject(), t.body(), false, null, null, null));
    return to.isPresent() ? "mail queued (delivery " + d + ") to " + to.get().address() : "no contact for " + party.customer() + " (delivery " + d + " failed)";
  }

  private String ladder() {
    List<String> steps = new ArrayList<>();
    for (RepeatInfringerPolicy.Rule r : policy.rules()) steps.add(r.action().label() + " at " + r.strikes() + " in " + days(r.window()));
    return String.join(", ", steps);
  }

  static String days(Duration d) {
    return d.toHours() % 24 == 0 ? d.toDays() + " days" : d.toHours() + " hours";
  }

  static Subject subject(Party p) {
    return p.subscriber() == null ? Subject.of("customer", p.customer()) : Subject.of("subscriber", p.customer() + "/" + p.subscriber());
  }
}
