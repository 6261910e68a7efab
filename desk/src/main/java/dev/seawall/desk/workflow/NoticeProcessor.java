package dev.seawall.desk.workflow;

import dev.seawall.desk.agents.Contact;
import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.cases.CaseStore;
import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.exits.EnforcedExit;
import dev.seawall.desk.exits.ExitEnforcement;
import dev.seawall.desk.forward.Attachment;
import dev.seawall.desk.forward.NoticeAck;
import dev.seawall.desk.forward.OutboxStore;
import dev.seawall.desk.forward.Purpose;
import dev.seawall.desk.forward.QueuedMail;
import dev.seawall.desk.forward.Templates;
import dev.seawall.desk.ledger.LedgerAction;
import dev.seawall.desk.ledger.PolicyEngine;
import dev.seawall.desk.match.EventMatcher;
import dev.seawall.desk.match.Match;
import dev.seawall.desk.registry.ServiceKind;
import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.RegistryStore;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes each stored notice not processed yet, once, in one transaction: matches its events
 * against the registry (the match is recorded), groups them into the open case of each customer
 * service, queues the forward to the customer's designated agent or abuse contact with the SLA
 * deadline of its kind, answers the sender where the address is a shared exit (ACNS NoticeAck,
 * accepted) or not ours (NoticeAck IP_OUT_OF_RANGE), puts what cannot be attributed with certainty
 * into the review case, and counts a strike per event of a counted notice.
 */
public final class NoticeProcessor {
  static final Actor WORKFLOW = Actor.system("workflow");

  private final Database db;
  private final WorkflowConfig config;
  private final OutboxStore outbox;
  private final Templates templates;
  private final PolicyEngine policy;
  private final ExitEnforcement exits;
  private final AuditLog audit;
  private final Clock clock;

  public NoticeProcessor(Database db, WorkflowConfig config, OutboxStore outbox, Templates templates, PolicyEngine policy,
      ExitEnforcement exits, AuditLog audit, Clock clock) {
    this.db = db;
    this.config = config;
    this.outbox = outbox;
    this.templates = templates;
    this.policy = policy;
    this.exits = exits;
    this.audit = audit;
    this.clock = clock;
  }

  /** What one pass did. */
  public record Summary(int notices, int events, int forwards, int acks, int rejections, int review, int strikes, int actions,
      List<String> problems) {}

  /** Processes up to {@code limit} notices, oldest first. */
  public Summary processNew(int limit) throws SQLException {
    List<Long> ids;
    try (Connection c = db.connect()) {
      ids = Jdbc.query(c, "SELECT n.id FROM notice n WHERE n.state = 'COMPLETE' AND NOT EXISTS"
          + " (SELECT 1 FROM notice_processing p WHERE p.notice_id = n.id) ORDER BY n.id LIMIT " + limit, rs -> rs.getLong(1));
    }
    EventMatcher matcher = new EventMatcher(new RegistryStore(db).load(), config.skew());
    Tally t = new Tally();
    // a batch per transaction (one commit for many notices); if anything in it fails, one by one
    for (int from = 0; from < ids.size(); from += BATCH) {
      List<Long> part = ids.subList(from, Math.min(ids.size(), from + BATCH));
      Tally batch = new Tally();
      try {
        Jdbc.tx(db, c -> {
          for (long id : part) process(c, id, matcher, batch);
          return null;
        });
        t.add(batch);
      } catch (SQLException | RuntimeException e) {
        for (long id : part) {
          Tally one = new Tally();
          try {
            Jdbc.tx(db, c -> {
              process(c, id, matcher, one);
              return null;
            });
            t.add(one);
          } catch (SQLException | RuntimeException x) {
            if ("23505".equals(x instanceof SQLException s ? s.getSQLState() : null)) continue; // another desk instance took it
            t.problems.add("notice " + id + ": " + x.getMessage());
          }
        }
      }
    }
    return new Summary(t.notices, t.events, t.forwards, t.acks, t.rejections, t.review, t.strikes, t.actions, t.problems);
  }

  private static final int BATCH = 50;

  private static final class Tally {
    int notices, events, forwards, acks, rejections, review, strikes, actions;
    final List<String> problems = new ArrayList<>();

    void add(Tally o) {
      notices += o.notices;
      events += o.events;
      forwards += o.forwards;
      acks += o.acks;
      rejections += o.rejections;
      review += o.review;
      strikes += o.strikes;
      actions += o.actions;
      problems.addAll(o.problems);
    }
  }

  private record Matched(StoredNotice.Event event, Match match) {}

  private record Holder(String customer, String service, ServiceKind kind) {}

  private void process(Connection c, long noticeId, EventMatcher matcher, Tally t) throws SQLException {
    // claim first: a second desk instance processing the same notice fails on the primary key and rolls back
    Instant now = Jdbc.micros(clock.instant());
    Jdbc.update(c, "INSERT INTO notice_processing (notice_id, processed_at, outcome) VALUES (?,?,?)", noticeId, now, "processing");
    StoredNotice n = StoredNotice.load(c, noticeId).orElseThrow();
    Instant noticeDate = n.mailDate() != null ? n.mailDate() : n.received();

    Map<Holder, List<Matched>> customers = new LinkedHashMap<>();
    Map<Holder, List<Matched>> shared = new LinkedHashMap<>();
    List<Matched> notOurs = new ArrayList<>();
    List<Matched> review = new ArrayList<>();
    for (StoredNotice.Event e : n.events()) {
      Match m = matcher.match(e.event(), noticeDate);
      Matched x = new Matched(e, m);
      switch (m.verdict()) {
        case CUSTOMER -> customers.computeIfAbsent(holder(m), k -> new ArrayList<>()).add(x);
        case SHARED_EXIT -> shared.computeIfAbsent(holder(m), k -> new ArrayList<>()).add(x);
        case NOT_OURS -> notOurs.add(x);
        case UNMATCHED -> {
          if (unassignedThen(e.event(), m)) notOurs.add(x);
          else review.add(x);
        }
      }
    }
    List<String> outcome = new ArrayList<>();
    for (var g : customers.entrySet()) {
      long caseId = caseFor(c, n, g.getKey(), g.getValue(), now);
      forward(c, n, g.getKey(), g.getValue(), caseId, true, t);
      count(c, n, g.getKey(), g.getValue(), caseId, t);
      outcome.add("customer " + g.getKey().customer() + "/" + g.getKey().service() + " (case " + caseId + ")");
    }
    for (var g : shared.entrySet()) {
      long caseId = caseFor(c, n, g.getKey(), g.getValue(), now);
      forward(c, n, g.getKey(), g.getValue(), caseId, false, t);
      count(c, n, g.getKey(), g.getValue(), caseId, t);
      outcome.add("shared exit " + g.getKey().customer() + "/" + g.getKey().service() + " (case " + caseId + ")");
    }
    if (!shared.isEmpty()) {
      sharedExitAck(c, n, shared, notOurs);
      t.acks++;
    } else if (customers.isEmpty() && review.isEmpty() && !notOurs.isEmpty()) {
      rejection(c, n, notOurs);
      t.rejections++;
      outcome.add("not ours: rejected (IP_OUT_OF_RANGE)");
    }
    if (!review.isEmpty() || n.events().isEmpty()) {
      long caseId = CaseStore.openFor(c, null, null, null, n.received());
      CaseStore.link(c, caseId, n.id());
      for (Matched x : review) recordMatch(c, n.id(), x, caseId);
      String why = n.events().isEmpty() ? "no events could be read" : review.size() + " event(s) not attributable with certainty";
      audit.append(c, WORKFLOW, "case.review", Subject.of("case", caseId), why, List.of(n.id()), null);
      t.review++;
      outcome.add("review (case " + caseId + "): " + why);
    }
    for (Matched x : notOurs) recordMatch(c, n.id(), x, null);
    if (!notOurs.isEmpty() && (outcome.isEmpty() || !outcome.getLast().startsWith("not ours"))) outcome.add(notOurs.size() + " event(s) not ours");
    String summary = String.join("; ", outcome);
    Jdbc.update(c, "UPDATE notice_processing SET outcome = ? WHERE notice_id = ?", summary.isEmpty() ? "nothing to do" : summary, n.id());
    audit.append(c, WORKFLOW, "notice.process", Subject.of("notice", n.id()), summary.isEmpty() ? "nothing to do" : summary, List.of(n.id()),
        n.completeness().name().toLowerCase(java.util.Locale.ROOT) + (n.settlementOffer() ? ", settlement offer" : ""));
    t.notices++;
    t.events += n.events().size();
  }

  private static Holder holder(Match m) {
    return new Holder(m.holder().customer(), m.holder().service(), m.holder().kind());
  }

  /** An address with a readable time that nobody held then (or no such port): ours to say "not in range". */
  private static boolean unassignedThen(InfringementEvent e, Match m) {
    boolean timed = e.timestamp() != null || e.firstSeen() != null;
    return m.candidates().isEmpty() && e.ip().isPresent() && timed && m.reason().contains("was not assigned");
  }

  private long caseFor(Connection c, StoredNotice n, Holder h, List<Matched> events, Instant now) throws SQLException {
    long caseId = CaseStore.openFor(c, h.customer(), h.service(), h.kind(), n.received());
    CaseStore.link(c, caseId, n.id());
    for (Matched x : events) recordMatch(c, n.id(), x, caseId);
    audit.append(c, WORKFLOW, "case.notice", Subject.of("case", caseId), "notice " + n.reference() + " matched " + events.size()
        + " event(s)", List.of(n.id()), n.settlementOffer() ? "settlement offer in the notice (kept, marked)" : null);
    return caseId;
  }

  private static void recordMatch(Connection c, long noticeId, Matched x, Long caseId) throws SQLException {
    Match m = x.match();
    Jdbc.update(c, "INSERT INTO event_match (event_id, notice_id, verdict, customer_code, service_code, service_kind, reason, case_id)"
            + " VALUES (?,?,?,?,?,?,?,?)",
        x.event().id(), noticeId, m.verdict(), Jdbc.text(m.customer()), Jdbc.text(m.holder() == null ? null : m.holder().service()),
        m.holder() == null ? Jdbc.NULL_TEXT : m.holder().kind(), Jdbc.text(m.reason()), Jdbc.longOrNull(caseId));
  }

  private void forward(Connection c, StoredNotice n, Holder h, List<Matched> events, long caseId, boolean required, Tally t)
      throws SQLException {
    Optional<Contact> to = Contact.of(c, h.customer());
    if (to.isEmpty() && !required) return; // a shared exit of ours without a contact: the sender's ack is the answer
    Map<String, String> v = new HashMap<>();
    v.put("operator", config.operator().name());
    v.put("noticeRef", n.reference());
    v.put("resource", resources(events));
    v.put("caseId", String.valueOf(caseId));
    v.put("customerName", Contact.name(c, h.customer()));
    v.put("service", h.service() + ", " + h.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    v.put("policyName", policy.policy().name() + " " + policy.policy().version());
    v.put("received", n.received().toString());
    v.put("sender", n.sender() == null ? "(unknown)" : n.sender());
    v.put("subject", n.subject() == null ? "(none)" : n.subject());
    v.put("settlementBanner", n.settlementOffer() ? """

        NOTE: this notice contains a settlement offer — the sender asks for a payment. It is forwarded
        unchanged, as every notice is. You are not required to respond to the offer, and we do not
        give your identity to the sender.
        """ : "");
    v.put("events", eventLines(events));
    Templates.Text text = templates.render("forward", v);
    Instant due = n.received().plus(config.slaFor(h.kind()));
    outbox.enqueue(c, new QueuedMail(Purpose.FORWARD, caseId, n.id(), to.map(Contact::address).orElse(null),
        "customer " + h.customer() + " has no designated agent or abuse contact (nor has a reseller above it)", text.subject(),
        text.body(), true, null, null, due));
    t.forwards++;
  }

  private void count(Connection c, StoredNotice n, Holder h, List<Matched> events, long caseId, Tally t) throws SQLException {
    if (!policy.policy().counts(n.completeness())) return;
    List<PolicyEngine.StrikeInput> in = new ArrayList<>();
    for (Matched x : events) {
      InfringementEvent e = x.event().event();
      in.add(new PolicyEngine.StrikeInput(n.id(), x.event().id(), caseId, sender(n, e), n.settlementOffer(),
          e.timestamp() != null ? e.timestamp() : e.firstSeen(), e.ip().map(Object::toString).orElse(null)));
    }
    List<LedgerAction> acted = policy.count(c, h.customer(), h.kind(), n.received(), in);
    t.strikes += in.size();
    t.actions += acted.size();
  }

  private static String sender(StoredNotice n, InfringementEvent e) {
    return e.sender() != null ? e.sender() : n.sender();
  }

  private void sharedExitAck(Connection c, StoredNotice n, Map<Holder, List<Matched>> shared, List<Matched> notOurs) throws SQLException {
    List<Matched> all = new ArrayList<>();
    StringBuilder enforcement = new StringBuilder();
    for (var g : shared.entrySet()) {
      all.addAll(g.getValue());
      Instant at = firstTime(g.getValue());
      Optional<EnforcedExit> e = exits.covering(c, g.getKey().customer(), g.getKey().service(), at == null ? n.received() : at);
      if (e.isPresent()) {
        EnforcedExit x = e.get();
        boolean then = at != null && x.activeAt(at);
        enforcement.append(then
            ? "BitTorrent blocking is active on this exit (" + x.enforcer() + ", since " + x.from() + ").\n"
            : "BitTorrent blocking has been active on this exit since " + x.from() + " (" + x.enforcer() + "), after the time you reported.\n");
      }
    }
    String notes = "Shared VPN/proxy exit address: many users at once, no user logs kept; no subscriber can be identified."
        + (enforcement.isEmpty() ? "" : " " + enforcement.toString().strip().replace('\n', ' '));
    if (!notOurs.isEmpty()) notes += " " + notOurs.size() + " other reported address(es) are not in our network.";
    reply(c, n, Purpose.SHARED_EXIT_ACK, "shared-exit-ack", null, all, notes,
        Map.of("enforcement", enforcement.isEmpty() ? "" : "\n" + enforcement));
  }

  private void rejection(Connection c, StoredNotice n, List<Matched> notOurs) throws SQLException {
    reply(c, n, Purpose.REJECTION, "rejection", NoticeAck.RejectReason.IP_OUT_OF_RANGE, notOurs,
        "The reported address(es) were not part of our network at the reported time.",
        Map.of("rejectReason", "IP_OUT_OF_RANGE", "explanation",
            "The address(es) above are not part of our network, or were not assigned to anyone at the time you reported."));
  }

  private void reply(Connection c, StoredNotice n, Purpose purpose, String template, NoticeAck.RejectReason reject, List<Matched> events,
      String notes, Map<String, String> extra) throws SQLException {
    String caseId = n.senderCaseId() != null ? n.senderCaseId() : n.reference();
    String xml = NoticeAck.xml(reject, caseId, config.operator().name(), config.operator().address(), Jdbc.micros(clock.instant()), notes);
    Map<String, String> v = new HashMap<>(extra);
    v.put("operator", config.operator().name());
    v.put("noticeRef", n.reference());
    v.put("subject", n.subject() == null ? "your notice " + n.reference() : n.subject());
    v.put("received", n.received().toString());
    v.put("events", eventLines(events));
    v.put("acnsXml", "----- Start ACNS XML\n" + xml.strip() + "\n----- End ACNS XML");
    Templates.Text text = templates.render(template, v);
    String to = replyAddress(n);
    outbox.enqueue(c, new QueuedMail(purpose, null, n.id(), to, "the notice names no sender address to reply to", text.subject(),
        text.body(), false, new Attachment("NoticeAck.xml", "application/xml", xml.getBytes(StandardCharsets.UTF_8)), n.messageId(),
        null));
    audit.append(c, WORKFLOW, purpose == Purpose.REJECTION ? "notice.reject" : "notice.ack", Subject.of("notice", n.id()),
        reject == null ? "accepted: shared exit" : reject.name(), List.of(n.id()), to == null ? "no reply address" : "to " + to);
  }

  /** The mail's From, else a complainant address the notice itself gives. */
  public static String replyAddress(StoredNotice n) {
    List<String> candidates = new ArrayList<>();
    if (n.sender() != null) candidates.add(n.sender());
    for (StoredNotice.Event e : n.events()) if (e.event().sender() != null) candidates.add(e.event().sender());
    for (String s : candidates) {
      try {
        InternetAddress[] a = InternetAddress.parse(s, false);
        if (a.length > 0 && a[0].getAddress() != null && a[0].getAddress().contains("@")) return a[0].getAddress();
      } catch (AddressException e) {
        // not an address (a name, say): try the next
      }
    }
    return null;
  }

  private static Instant firstTime(List<Matched> events) {
    Instant best = null;
    for (Matched x : events) {
      InfringementEvent e = x.event().event();
      Instant t = e.firstSeen() != null ? e.firstSeen() : e.timestamp();
      if (t != null && (best == null || t.isBefore(best))) best = t;
    }
    return best;
  }

  private static String resources(List<Matched> events) {
    List<String> r = new ArrayList<>();
    for (Matched x : events) {
      InfringementEvent e = x.event().event();
      String s = e.ipText() != null ? e.ipText() : e.domain();
      if (s != null && !r.contains(s)) r.add(s);
    }
    if (r.isEmpty()) return "your service";
    return r.size() <= 3 ? String.join(", ", r) : String.join(", ", r.subList(0, 3)) + " and " + (r.size() - 3) + " more";
  }

  private static String eventLines(List<Matched> events) {
    StringBuilder sb = new StringBuilder();
    for (Matched x : events) {
      InfringementEvent e = x.event().event();
      sb.append("  - ");
      if (e.ipText() != null) sb.append(e.ipText()).append(e.port() == null ? "" : " port " + e.port());
      else if (e.domain() != null) sb.append(e.domain());
      else if (!e.urls().isEmpty()) sb.append(e.urls().getFirst());
      if (e.timestamp() != null) sb.append(" at ").append(e.timestamp());
      if (e.protocol() != null) sb.append(", ").append(e.protocol());
      if (e.title() != null) sb.append(", \"").append(e.title()).append('"');
      if (e.infohash() != null) sb.append(", info-hash ").append(e.infohash());
      if (e.fileName() != null && !e.fileName().equals(e.title())) sb.append(", file ").append(e.fileName());
      sb.append('\n');
    }
    return sb.toString();
  }
}
