package dev.seawall.desk.counter;

import dev.seawall.desk.agents.Contact;
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
import dev.seawall.desk.workflow.NoticeProcessor;
import dev.seawall.desk.workflow.StoredNotice;
import dev.seawall.netctl.NullRoute;
import dev.seawall.netctl.NullRouteService;
import dev.seawall.netctl.RemoveRequest;
import dev.seawall.netctl.RemoveResult;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Counter-notices in the desk's database. A complete one queues the copy to the complainant and
 * schedules restoration at the 10th US business day after receipt (same local time of day, so ten
 * full business days pass), never later than the 14th; {@link #restoreDue} carries it out: the
 * customer is told it may restore, and null-routes that rested on the notice are lifted.
 */
public final class CounterNoticeStore implements CounterNoticeService {
  private final Database db;
  private final OutboxStore outbox;
  private final Templates templates;
  private final AuditLog audit;
  private final Clock clock;
  private final ZoneId zone;
  private final String operator;
  private final NullRouteService netctl;
  private final boolean dryRun;
  private final UsBusinessCalendar calendar = new UsBusinessCalendar();

  /** @param netctl null when null-routing is not configured; {@code dryRun}: lifting routes is only reported */
  public CounterNoticeStore(Database db, OutboxStore outbox, Templates templates, AuditLog audit, Clock clock, ZoneId zone, String operator,
      NullRouteService netctl, boolean dryRun) {
    this.db = db;
    this.outbox = outbox;
    this.templates = templates;
    this.audit = audit;
    this.clock = clock;
    this.zone = zone;
    this.operator = operator;
    this.netctl = netctl;
    this.dryRun = dryRun;
  }

  public UsBusinessCalendar calendar() {
    return calendar;
  }

  @Override
  public CounterNotice submit(Actor actor, CounterNoticeForm form) throws SQLException {
    actor.require(Role.HANDLER, "record a counter-notice");
    if (form.receivedAt() == null) throw new IllegalArgumentException("receivedAt is required (the §512(g) days count from receipt)");
    if (form.receivedAt().isAfter(clock.instant())) throw new IllegalArgumentException("receivedAt " + form.receivedAt() + " is in the future");
    List<CounterElement> missing = CounterNoticeCheck.missing(form);
    return Jdbc.tx(db, c -> {
      StoredNotice n = StoredNotice.load(c, form.noticeId()).orElseThrow(() -> new NoSuchElementException("no notice " + form.noticeId()));
      Instant received = Jdbc.micros(form.receivedAt());
      Instant now = Jdbc.micros(clock.instant());
      String complainant = NoticeProcessor.replyAddress(n);
      boolean complete = missing.isEmpty();
      LocalDate receiptDay = received.atZone(zone).toLocalDate();
      LocalDate earliest = complete ? calendar.businessDaysAfter(receiptDay, 10) : null;
      LocalDate latest = complete ? calendar.businessDaysAfter(receiptDay, 14) : null;
      Instant restoreAt = complete ? ZonedDateTime.of(earliest, received.atZone(zone).toLocalTime(), zone).toInstant() : null;
      String customer = form.customer() != null ? form.customer()
          : Jdbc.one(c, "SELECT customer_code FROM event_match WHERE notice_id = ? AND customer_code IS NOT NULL ORDER BY event_id",
              rs -> rs.getString(1), n.id()).orElse(null);
      long id = Jdbc.insert(c, "INSERT INTO counter_notice (notice_id, customer_code, subscriber_name, address, phone, email, material,"
              + " prior_location, reason, statement, signature, received_at, state, missing, restore_earliest, restore_latest, restore_at,"
              + " complainant, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
          n.id(), Jdbc.text(customer), Jdbc.text(form.subscriberName()), Jdbc.text(form.address()), Jdbc.text(form.phone()),
          Jdbc.text(form.email()), Jdbc.text(form.material()), Jdbc.text(form.priorLocation()),
          form.reason() == null ? Jdbc.NULL_TEXT : form.reason(), Jdbc.text(form.statement()), Jdbc.text(form.signature()), received,
          complete ? CounterState.SCHEDULED : CounterState.INCOMPLETE,
          Jdbc.text(missing.isEmpty() ? null : String.join(",", missing.stream().map(Enum::name).toList())), Jdbc.date(earliest),
          Jdbc.date(latest), Jdbc.time(restoreAt), Jdbc.text(complainant), actor.userId(), now);
      if (complete) {
        Map<String, String> v = new HashMap<>();
        v.put("operator", operator);
        v.put("noticeRef", n.reference());
        v.put("noticeSubject", n.subject() == null ? "" : n.subject());
        v.put("received", received.toString());
        v.put("restoreEarliest", earliest.toString());
        v.put("restoreLatest", latest.toString());
        v.put("subscriberName", or(form.subscriberName()));
        v.put("address", or(form.address()));
        v.put("phone", or(form.phone()));
        v.put("email", or(form.email()));
        v.put("material", or(form.material()));
        v.put("priorLocation", or(form.priorLocation()));
        v.put("reason", form.reason() == null ? "-" : form.reason().name());
        v.put("signature", or(form.signature()));
        v.put("statement", or(form.statement()));
        Templates.Text t = templates.render("counter-notice-copy", v);
        long d = outbox.enqueue(c, new QueuedMail(Purpose.COUNTER_NOTICE_COPY, null, n.id(), complainant,
            "the notice names no complainant address", t.subject(), t.body(), false, null, n.messageId(), null));
        Jdbc.update(c, "UPDATE counter_notice SET copy_delivery_id = ? WHERE id = ?", d, id);
      }
      audit.append(c, actor, "counter.submit", Subject.of("counter-notice", id),
          complete ? "complete: restoration on " + earliest + " (latest " + latest + ")" : "incomplete: missing " + missing,
          List.of(n.id()), form.reason() == null ? null : "reason " + form.reason());
      return get(c, id);
    });
  }

  @Override
  public CounterNotice reportLawsuit(Actor actor, long id, String court, String caseNumber, String reason) throws SQLException {
    actor.require(Role.HANDLER, "record a complainant's court action");
    if (court == null || court.isBlank() || caseNumber == null || caseNumber.isBlank()) {
      throw new IllegalArgumentException("the court and the case number of the action are required");
    }
    return Jdbc.tx(db, c -> {
      CounterNotice cn = Jdbc.one(c, "SELECT * FROM counter_notice WHERE id = ? FOR UPDATE", CounterNoticeStore::row, id)
          .orElseThrow(() -> new NoSuchElementException("no counter-notice " + id));
      if (cn.state() != CounterState.SCHEDULED) {
        throw new IllegalStateException("counter-notice " + id + " is " + cn.state().name().toLowerCase(java.util.Locale.ROOT)
            + "; only a scheduled restoration can be cancelled");
      }
      String what = court.strip() + ", case " + caseNumber.strip();
      Jdbc.update(c, "UPDATE counter_notice SET state = ?, lawsuit = ? WHERE id = ?", CounterState.CANCELLED_LAWSUIT, what, id);
      audit.append(c, actor, "counter.lawsuit", Subject.of("counter-notice", id), reason, List.of(cn.noticeId()), what);
      return get(c, id);
    });
  }

  @Override
  public List<CounterNotice> list(CounterState state) throws SQLException {
    try (Connection c = db.connect()) {
      if (state == null) return Jdbc.query(c, "SELECT * FROM counter_notice ORDER BY id", CounterNoticeStore::row);
      return Jdbc.query(c, "SELECT * FROM counter_notice WHERE state = ? ORDER BY id", CounterNoticeStore::row, state);
    }
  }

  @Override
  public Optional<CounterNotice> find(long id) throws SQLException {
    try (Connection c = db.connect()) {
      return Jdbc.one(c, "SELECT * FROM counter_notice WHERE id = ?", CounterNoticeStore::row, id);
    }
  }

  @Override
  public List<CounterNotice> restoreDue(Instant now) throws SQLException {
    List<Long> due;
    try (Connection c = db.connect()) {
      due = Jdbc.query(c, "SELECT id FROM counter_notice WHERE state = 'SCHEDULED' AND restore_at <= ? ORDER BY restore_at",
          rs -> rs.getLong(1), now);
    }
    List<CounterNotice> out = new ArrayList<>();
    for (long id : due) {
      Optional<CounterNotice> r = Jdbc.tx(db, c -> restore(c, id, now));
      r.ifPresent(out::add);
    }
    return out;
  }

  private Optional<CounterNotice> restore(Connection c, long id, Instant now) throws SQLException {
    CounterNotice cn = Jdbc.one(c, "SELECT * FROM counter_notice WHERE id = ? FOR UPDATE", CounterNoticeStore::row, id).orElseThrow();
    if (cn.state() != CounterState.SCHEDULED || cn.restoreAt().isAfter(now)) return Optional.empty();
    StoredNotice n = StoredNotice.load(c, cn.noticeId()).orElseThrow();
    List<String> lifted = new ArrayList<>();
    if (netctl != null) {
      for (NullRoute r : netctl.list()) {
        if (!r.notices().contains("notice-" + n.id())) continue;
        RemoveResult x = netctl.remove(new RemoveRequest(r.prefix(), "counter-notice " + id + ": restoration under 17 U.S.C. 512(g)",
            "desk:system:counter-notices", dryRun));
        lifted.add(r.prefix() + " " + x.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT));
      }
    }
    Instant at = Jdbc.micros(now);
    Jdbc.update(c, "UPDATE counter_notice SET state = ?, restored_at = ? WHERE id = ?", CounterState.RESTORED, at, id);
    if (cn.customer() != null) {
      Optional<Contact> to = Contact.of(c, cn.customer());
      Templates.Text t = templates.render("restoration", Map.of("operator", operator, "counterId", String.valueOf(id),
          "noticeRef", n.reference(), "customerName", Contact.name(c, cn.customer()), "restoreEarliest", cn.restoreEarliest().toString(),
          "material", or(cn.form().material()) + (cn.form().priorLocation() == null ? "" : " (" + cn.form().priorLocation() + ")")));
      outbox.enqueue(c, new QueuedMail(Purpose.RESTORATION_NOTICE, null, n.id(), to.map(Contact::address).orElse(null),
          "customer " + cn.customer() + " has no abuse contact or designated agent", t.subject(), t.body(), false, null, null, null));
    }
    audit.append(c, Actor.system("counter-notices"), "counter.restore", Subject.of("counter-notice", id),
        "10 business days after receipt (" + cn.restoreEarliest() + "), no court action reported", List.of(n.id()),
        lifted.isEmpty() ? null : "null-routes lifted: " + String.join(", ", lifted));
    return Optional.of(get(c, id));
  }

  private static CounterNotice get(Connection c, long id) throws SQLException {
    return Jdbc.one(c, "SELECT * FROM counter_notice WHERE id = ?", CounterNoticeStore::row, id)
        .orElseThrow(() -> new NoSuchElementException("no counter-notice " + id));
  }

  private static CounterNotice row(ResultSet rs) throws SQLException {
    String reason = rs.getString("reason");
    CounterNoticeForm form = new CounterNoticeForm(rs.getLong("notice_id"), rs.getString("customer_code"), rs.getString("subscriber_name"),
        rs.getString("address"), rs.getString("phone"), rs.getString("email"), rs.getString("material"), rs.getString("prior_location"),
        reason == null ? null : CounterNoticeForm.Reason.valueOf(reason.strip()), rs.getString("statement"), rs.getString("signature"),
        Jdbc.instant(rs, "received_at"));
    String missing = rs.getString("missing");
    List<CounterElement> m = missing == null ? List.of() : Arrays.stream(missing.split(",")).map(String::strip).map(CounterElement::valueOf).toList();
    return new CounterNotice(rs.getLong("id"), rs.getLong("notice_id"), rs.getString("customer_code"), form,
        CounterState.valueOf(rs.getString("state").strip()), m, Jdbc.instant(rs, "received_at"), Jdbc.localDate(rs, "restore_earliest"),
        Jdbc.localDate(rs, "restore_latest"), Jdbc.instant(rs, "restore_at"), Jdbc.instant(rs, "restored_at"), rs.getString("complainant"),
        Jdbc.nullableLong(rs, "copy_delivery_id"), rs.getString("lawsuit"), rs.getString("created_by"));
  }

  private static String or(String s) {
    return s == null || s.isBlank() ? "-" : s.strip();
  }
}
