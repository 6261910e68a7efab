package dev.seawall.desk.forward;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.workflow.WorkflowConfig;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The outbox in the database, delivered by {@link SmtpMailer}. A delivery is claimed (its next
 * attempt pushed {@link #LEASE} ahead) before it is sent, so several desk instances never send the
 * same mail at once, and a crash mid-send retries it after the lease.
 */
public final class OutboxStore implements Outbox {
  static final Duration LEASE = Duration.ofMinutes(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database db;
  private final NoticeStore notices;
  private final SmtpMailer mailer;
  private final WorkflowConfig config;
  private final Templates templates;
  private final AuditLog audit;
  private final Clock clock;

  public OutboxStore(Database db, SmtpMailer mailer, WorkflowConfig config, Templates templates, AuditLog audit, Clock clock) {
    this.db = db;
    this.notices = new NoticeStore(db);
    this.mailer = mailer;
    this.config = config;
    this.templates = templates;
    this.audit = audit;
    this.clock = clock;
  }

  /** Queues a mail inside the caller's transaction; returns its delivery id. */
  public long enqueue(Connection c, QueuedMail m) throws SQLException {
    Instant now = Jdbc.micros(clock.instant());
    String recipient = m.recipient();
    String problem = m.problem();
    if (recipient != null) {
      try {
        recipient = new InternetAddress(recipient, true).getAddress();
      } catch (AddressException e) {
        problem = "'" + recipient + "' is not a usable mail address: " + e.getMessage();
        recipient = null;
      }
    }
    boolean sendable = recipient != null;
    Attachment x = m.extra();
    return Jdbc.insert(c, "INSERT INTO outbox (purpose, case_id, notice_id, recipient, subject, body, attach_notice, attachment_name,"
            + " attachment_type, attachment, in_reply_to, message_id, state, attempts, created_at, due_at, next_attempt_at, last_error)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        m.purpose(), Jdbc.longOrNull(m.caseId()), Jdbc.longOrNull(m.noticeId()), Jdbc.text(recipient), m.subject(), m.body(),
        m.attachNotice(), Jdbc.text(x == null ? null : x.fileName()), Jdbc.text(x == null ? null : x.contentType()),
        Jdbc.text(x == null ? null : new String(x.bytes(), StandardCharsets.UTF_8)), Jdbc.text(m.inReplyTo()), newMessageId(),
        sendable ? DeliveryState.PENDING : DeliveryState.FAILED, 0, now, Jdbc.time(m.due()), Jdbc.time(sendable ? now : null),
        Jdbc.text(sendable ? null : (problem == null ? "no recipient" : problem)));
  }

  private String newMessageId() {
    String from = config.operator().address();
    String domain = from.contains("@") ? from.substring(from.indexOf('@') + 1) : "seawall.invalid";
    byte[] r = new byte[12];
    RANDOM.nextBytes(r);
    return "<seawall." + HexFormat.of().formatHex(r) + "@" + domain + ">";
  }

  @Override
  public DeliveryRound deliverDue() throws SQLException {
    Instant now = clock.instant();
    List<Long> due;
    try (Connection c = db.connect()) {
      due = Jdbc.query(c, "SELECT id FROM outbox WHERE state = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 500",
          rs -> rs.getLong(1), now);
    }
    int sent = 0, retried = 0, failed = 0;
    List<String> problems = new ArrayList<>();
    List<Row> claimed = new ArrayList<>();
    for (int from = 0; from < due.size(); from += 100) claimed.addAll(claim(due.subList(from, Math.min(due.size(), from + 100)), now));
    int done = 0;
    try (SmtpMailer.Connection smtp = mailer.connect()) {
      for (Row r : claimed) {
        done++;
        long id = r.id;
        try {
          smtp.send(mail(r));
          Instant at = Jdbc.micros(clock.instant());
          Jdbc.tx(db, c -> {
            Jdbc.update(c, "UPDATE outbox SET state = 'SENT', attempts = attempts + 1, sent_at = ?, next_attempt_at = ?, last_error = ?"
                + " WHERE id = ?", at, Jdbc.NULL_TIME, Jdbc.NULL_TEXT, id);
            audit.append(c, Actor.system("outbox"), "mail.sent", Subject.of("delivery", id), r.purpose.name().toLowerCase(java.util.Locale.ROOT),
                r.noticeId == null ? List.of() : List.of(r.noticeId), "to " + r.recipient + ", Message-ID " + r.messageId);
            return null;
          });
          sent++;
        } catch (SmtpMailer.SendFailure e) {
          int attempts = r.attempts + 1;
          boolean giveUp = e.permanent() || attempts >= config.retry().maxAttempts();
          Instant next = giveUp ? null : Jdbc.micros(clock.instant().plus(config.retry().delayAfter(attempts)));
          Jdbc.tx(db, c -> {
            Jdbc.update(c, "UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                giveUp ? DeliveryState.FAILED : DeliveryState.PENDING, attempts, Jdbc.time(next), e.getMessage(), id);
            if (giveUp) {
              audit.append(c, Actor.system("outbox"), "mail.failed", Subject.of("delivery", id), e.permanent() ? "refused" : "attempts exhausted",
                  r.noticeId == null ? List.of() : List.of(r.noticeId), e.getMessage());
            }
            return null;
          });
          if (giveUp) failed++;
          else retried++;
          problems.add("delivery " + id + " to " + r.recipient + ": " + e.getMessage());
          // the server is down or refuses for now: the rest waits for the next round, its attempts unspent
          if (!e.permanent()) break;
        }
      }
    }
    List<Row> unsent = claimed.subList(done, claimed.size());
    if (!unsent.isEmpty()) {
      Jdbc.tx(db, c -> {
        for (Row r : unsent) Jdbc.update(c, "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND state = 'PENDING'", Jdbc.micros(now), r.id);
        return null;
      });
    }
    return new DeliveryRound(sent, retried, failed, problems);
  }

  /** Claims what is still due of these (in one transaction): pushes their next attempt a lease ahead. */
  private List<Row> claim(List<Long> ids, Instant now) throws SQLException {
    return Jdbc.tx(db, c -> {
      List<Row> out = new ArrayList<>();
      for (long id : ids) {
        int n = Jdbc.update(c, "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND state = 'PENDING' AND next_attempt_at <= ?",
            Jdbc.micros(now.plus(LEASE)), id, now);
        if (n == 1) Jdbc.one(c, "SELECT * FROM outbox WHERE id = ?", OutboxStore::row, id).ifPresent(out::add);
      }
      return out;
    });
  }

  private OutgoingMail mail(Row r) throws SQLException, SmtpMailer.SendFailure {
    List<Attachment> att = new ArrayList<>();
    if (r.attachNotice && r.noticeId != null) {
      byte[] raw = notices.raw(r.noticeId).orElseThrow(() -> new SmtpMailer.SendFailure("notice " + r.noticeId + " is not stored", true, null));
      att.add(originalAttachment(r.noticeId, raw));
    }
    if (r.attachmentName != null) {
      att.add(new Attachment(r.attachmentName, r.attachmentType, r.attachment.getBytes(StandardCharsets.UTF_8)));
    }
    return new OutgoingMail(config.operator().name(), config.operator().address(), r.recipient, r.subject, r.body, r.messageId,
        r.inReplyTo, att);
  }

  /** A mail goes as message/rfc822 (readers show it inline); bare XML, JSON or a spreadsheet as a file. */
  static Attachment originalAttachment(long noticeId, byte[] raw) {
    String head = new String(raw, 0, Math.min(raw.length, 4096), StandardCharsets.ISO_8859_1);
    String trimmed = head.stripLeading();
    if (trimmed.startsWith("<")) return new Attachment("notice-" + noticeId + ".xml", "application/xml", raw);
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) return new Attachment("notice-" + noticeId + ".json", "application/json", raw);
    if (head.matches("(?s)^[A-Za-z][A-Za-z0-9-]*:.*") && head.contains("\n")) {
      return new Attachment("notice-" + noticeId + ".eml", "message/rfc822", raw);
    }
    return new Attachment("notice-" + noticeId + ".bin", "application/octet-stream", raw);
  }

  @Override
  public List<Delivery> forNotice(long noticeId) throws SQLException {
    try (Connection c = db.connect()) {
      return Jdbc.query(c, "SELECT * FROM outbox WHERE notice_id = ? ORDER BY id", rs -> delivery(row(rs)), noticeId);
    }
  }

  @Override
  public List<Delivery> forCase(long caseId) throws SQLException {
    try (Connection c = db.connect()) {
      return Jdbc.query(c, "SELECT * FROM outbox WHERE case_id = ? ORDER BY id", rs -> delivery(row(rs)), caseId);
    }
  }

  public Optional<Delivery> find(long id) throws SQLException {
    try (Connection c = db.connect()) {
      return Jdbc.one(c, "SELECT * FROM outbox WHERE id = ?", rs -> delivery(row(rs)), id);
    }
  }

  @Override
  public List<Delivery> overdue(Instant now) throws SQLException {
    try (Connection c = db.connect()) {
      return Jdbc.query(c, "SELECT * FROM outbox WHERE due_at IS NOT NULL AND due_at < ? AND state IN ('PENDING', 'FAILED') ORDER BY due_at, id",
          rs -> delivery(row(rs)), now);
    }
  }

  @Override
  public long overdueCount(Instant now) throws SQLException {
    try (Connection c = db.connect()) {
      return Jdbc.count(c, "SELECT COUNT(*) FROM outbox WHERE due_at IS NOT NULL AND due_at < ? AND state IN ('PENDING', 'FAILED')", now);
    }
  }

  @Override
  public int alertOverdue(Instant now) throws SQLException {
    return Jdbc.tx(db, c -> {
      List<Row> late = Jdbc.query(c, "SELECT * FROM outbox WHERE due_at IS NOT NULL AND due_at < ? AND state IN ('PENDING', 'FAILED')"
          + " AND alerted_at IS NULL ORDER BY due_at, id FOR UPDATE", OutboxStore::row, now);
      if (late.isEmpty()) return 0;
      StringBuilder list = new StringBuilder();
      for (Row r : late) {
        list.append("  delivery ").append(r.id).append(r.caseId == null ? "" : ", case " + r.caseId)
            .append(r.noticeId == null ? "" : ", notice " + r.noticeId).append(": due ").append(r.due).append(", ")
            .append(r.recipient == null ? "no recipient" : "to " + r.recipient).append(", ").append(r.state.name().toLowerCase(java.util.Locale.ROOT))
            .append(r.attempts > 0 ? " after " + r.attempts + " attempt(s)" : "")
            .append(r.lastError == null ? "" : " — " + r.lastError).append('\n');
      }
      Templates.Text t = templates.render("overdue-alert", Map.of("count", String.valueOf(late.size()), "list", list.toString(),
          "operator", config.operator().name()));
      enqueue(c, new QueuedMail(Purpose.OVERDUE_ALERT, null, null, config.operator().alertsTo(), null, t.subject(), t.body(), false,
          null, null, null));
      for (Row r : late) Jdbc.update(c, "UPDATE outbox SET alerted_at = ? WHERE id = ?", Jdbc.micros(now), r.id);
      audit.append(c, Actor.system("outbox"), "mail.overdue-alert", Subject.of("operator", config.operator().alertsTo()),
          late.size() + " overdue", late.stream().filter(r -> r.noticeId != null).map(r -> r.noticeId).toList(), null);
      return late.size();
    });
  }

  @Override
  public Delivery retry(Actor actor, long deliveryId, String newRecipient, String reason) throws SQLException {
    actor.require(Role.HANDLER, "retry a delivery");
    String why = required(reason, "reason");
    String to = null;
    if (newRecipient != null && !newRecipient.isBlank()) {
      try {
        to = new InternetAddress(newRecipient.strip(), true).getAddress();
      } catch (AddressException e) {
        throw new IllegalArgumentException("recipient '" + newRecipient + "' is not a mail address: " + e.getMessage());
      }
    }
    String recipient = to;
    return Jdbc.tx(db, c -> {
      Row r = Jdbc.one(c, "SELECT * FROM outbox WHERE id = ? FOR UPDATE", OutboxStore::row, deliveryId)
          .orElseThrow(() -> new NoSuchElementException("no delivery " + deliveryId));
      if (r.state != DeliveryState.FAILED && r.state != DeliveryState.PENDING) {
        throw new IllegalStateException("delivery " + deliveryId + " is " + r.state.name().toLowerCase(java.util.Locale.ROOT) + "; only pending or failed ones can be retried");
      }
      String target = recipient != null ? recipient : r.recipient;
      if (target == null) throw new IllegalArgumentException("delivery " + deliveryId + " has no recipient: give one");
      Instant now = Jdbc.micros(clock.instant());
      Jdbc.update(c, "UPDATE outbox SET state = 'PENDING', recipient = ?, attempts = 0, next_attempt_at = ?, alerted_at = ? WHERE id = ?",
          target, now, Jdbc.NULL_TIME, deliveryId);
      audit.append(c, actor, "mail.retry", Subject.of("delivery", deliveryId), why, r.noticeId == null ? List.of() : List.of(r.noticeId),
          recipient == null ? null : "recipient " + r.recipient + " -> " + recipient);
      return Jdbc.one(c, "SELECT * FROM outbox WHERE id = ?", rs -> delivery(row(rs)), deliveryId).orElseThrow();
    });
  }

  @Override
  public Delivery cancel(Actor actor, long deliveryId, String reason) throws SQLException {
    actor.require(Role.HANDLER, "cancel a delivery");
    String why = required(reason, "reason");
    return Jdbc.tx(db, c -> {
      Row r = Jdbc.one(c, "SELECT * FROM outbox WHERE id = ? FOR UPDATE", OutboxStore::row, deliveryId)
          .orElseThrow(() -> new NoSuchElementException("no delivery " + deliveryId));
      if (r.state != DeliveryState.FAILED && r.state != DeliveryState.PENDING) {
        throw new IllegalStateException("delivery " + deliveryId + " is already " + r.state.name().toLowerCase(java.util.Locale.ROOT));
      }
      Jdbc.update(c, "UPDATE outbox SET state = 'CANCELLED', next_attempt_at = ? WHERE id = ?", Jdbc.NULL_TIME, deliveryId);
      audit.append(c, actor, "mail.cancel", Subject.of("delivery", deliveryId), why, r.noticeId == null ? List.of() : List.of(r.noticeId), null);
      return Jdbc.one(c, "SELECT * FROM outbox WHERE id = ?", rs -> delivery(row(rs)), deliveryId).orElseThrow();
    });
  }

  static String required(String s, String what) {
    if (s == null || s.isBlank()) throw new IllegalArgumentException("a " + what + " is required");
    return s.strip();
  }

  private record Row(long id, Purpose purpose, Long caseId, Long noticeId, String recipient, String subject, String body,
      boolean attachNotice, String attachmentName, String attachmentType, String attachment, String inReplyTo, String messageId,
      DeliveryState state, int attempts, Instant created, Instant due, Instant next, Instant sent, String lastError) {}

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(rs.getLong("id"), Purpose.valueOf(rs.getString("purpose").strip()), Jdbc.nullableLong(rs, "case_id"),
        Jdbc.nullableLong(rs, "notice_id"), rs.getString("recipient"), rs.getString("subject"), rs.getString("body"),
        rs.getBoolean("attach_notice"), rs.getString("attachment_name"), rs.getString("attachment_type"), rs.getString("attachment"),
        rs.getString("in_reply_to"), rs.getString("message_id"), DeliveryState.valueOf(rs.getString("state").strip()),
        rs.getInt("attempts"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "due_at"), Jdbc.instant(rs, "next_attempt_at"),
        Jdbc.instant(rs, "sent_at"), rs.getString("last_error"));
  }

  private static Delivery delivery(Row r) {
    return new Delivery(r.id, r.purpose, r.caseId, r.noticeId, r.recipient, r.subject, r.state, r.attempts, r.created, r.due,
        r.next, r.sent, r.messageId, r.lastError);
  }

  /** The mail's body as queued (for the case page). */
  public Optional<String> body(long deliveryId) throws SQLException {
    try (Connection c = db.connect()) {
      return Jdbc.one(c, "SELECT body FROM outbox WHERE id = ?", rs -> rs.getString(1), deliveryId);
    }
  }
}
