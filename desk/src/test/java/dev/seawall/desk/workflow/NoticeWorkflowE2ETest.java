package dev.seawall.desk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditQuery;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.counter.CounterNotice;
import dev.seawall.desk.counter.CounterNoticeTest;
import dev.seawall.desk.forward.Delivery;
import dev.seawall.desk.forward.DeliveryState;
import dev.seawall.desk.forward.Purpose;
import dev.seawall.desk.intake.ImapPoller;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.ledger.ActionKind;
import dev.seawall.desk.ledger.LedgerAction;
import dev.seawall.desk.ledger.Outcome;
import dev.seawall.desk.ledger.PanelWebhook;
import dev.seawall.desk.ledger.Party;
import dev.seawall.desk.ledger.Standing;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import jakarta.mail.BodyPart;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The notice workflow end to end against a real mail server (GreenMail: SMTP and IMAP on loopback,
 * dynamic ports): senders mail notices to the abuse mailbox, the desk fetches them by IMAP, matches
 * them to the registry, forwards them by SMTP with the original attached, answers shared-exit and
 * not-ours notices with ACNS NoticeAcks, escalates the ledger at the policy's thresholds (panel
 * webhook over real HTTP), and alerts when a forward misses its deadline. Runs on H2 and PostgreSQL.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgresql"})
class NoticeWorkflowE2ETest {
  static final ServerSetup[] SETUP = ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP);

  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(SETUP);

  @Parameter String kind;
  @TempDir Path tmp;

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final String STUDIO = "antipiracy@studio.example";

  MutableClock clock = new MutableClock(T0);
  Database db;
  Desk desk;
  PanelServer panel;

  @BeforeEach
  void setUp() throws Exception {
    mail.setUser("abuse@isp.example", "abuse", "pw-abuse");
    for (String u : List.of("noc@acme.example", STUDIO, "desk-ops@isp.example", "abuse@vpnco.example")) mail.setUser(u, u, "pw");
    db = TestDatabases.open(kind, tmp);
    TestDesk.registry(db);
    panel = new PanelServer();
    Files.writeString(tmp.resolve("panel.secret"), "s3cret-panel\n");
    WorkflowConfig cfg = TestDesk.config(tmp, mail.getSmtp().getPort(),
        "\"panel\": {\"url\": \"" + panel.url() + "\", \"secretFile\": \"panel.secret\", \"timeout\": \"5s\"}");
    desk = Desk.open(db, cfg, clock, null);
    desk.exits().declare(Actor.user("root", Role.ADMIN), "vpnco", "exit-nyc", Instant.parse("2025-06-01T00:00:00Z"),
        "seawall firewall (NFQUEUE)", "exit runs the BitTorrent block since June 2025");
  }

  @AfterEach
  void tearDown() throws Exception {
    desk.close();
    panel.close();
    db.close();
  }

  private void sendToAbuseDesk(String rfc822) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", String.valueOf(mail.getSmtp().getPort()));
    MimeMessage m = new MimeMessage(Session.getInstance(p), new ByteArrayInputStream(rfc822.getBytes(StandardCharsets.UTF_8))) {
      @Override
      protected void updateMessageID() throws jakarta.mail.MessagingException {
        if (getHeader("Message-ID") == null) super.updateMessageID();
      }
    };
    Transport.send(m, new InternetAddress[] {new InternetAddress("abuse@isp.example")});
  }

  private String notice(int i, String ip, boolean settlement) {
    return TestNotices.acnsMail("<n" + i + "@studio.example>", STUDIO, "abuse@isp.example", "CASE-" + i, ip, 51413,
        clock.instant().minus(Duration.ofHours(2)).plusSeconds(i), "Example Movie " + i, TestNotices.infohash(i), settlement);
  }

  private int poll() throws Exception {
    ImapPoller poller = new ImapPoller(URI.create("imap://abuse@127.0.0.1:" + mail.getImap().getPort() + "/INBOX"), "pw-abuse", null,
        new Importer(new NoticeStore(db), clock), 10_000);
    return (int) poller.pollOnce().stored();
  }

  /** Reads a mailbox the way its owner would: over IMAP. */
  private List<MimeMessage> mailbox(String user) throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    store.connect("127.0.0.1", mail.getImap().getPort(), user, "pw");
    try {
      Folder f = store.getFolder("INBOX");
      f.open(Folder.READ_ONLY);
      List<MimeMessage> out = new ArrayList<>();
      for (Message m : f.getMessages()) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        m.writeTo(b);
        out.add(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(b.toByteArray())));
      }
      f.close(false);
      return out;
    } finally {
      store.close();
    }
  }

  private static String text(MimeMessage m) throws Exception {
    Object c = m.getContent();
    if (c instanceof String s) return s;
    return (String) ((Multipart) c).getBodyPart(0).getContent();
  }

  private static BodyPart attachment(MimeMessage m, String type) throws Exception {
    Multipart mp = (Multipart) m.getContent();
    for (int i = 1; i < mp.getCount(); i++) if (mp.getBodyPart(i).isMimeType(type)) return mp.getBodyPart(i);
    throw new AssertionError("no " + type + " attachment in " + m.getSubject());
  }

  private static byte[] bytes(BodyPart p) throws Exception {
    // message/rfc822 parts are read back as a message: write it out, which yields the bytes as sent
    Object c = p.getContent();
    if (c instanceof MimeMessage inner) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      inner.writeTo(b);
      return b.toByteArray();
    }
    try (InputStream in = p.getInputStream()) {
      return in.readAllBytes();
    }
  }

  @Test
  void noticesArriveByImapAreForwardedByIdentityAndAnswered() throws Exception {
    sendToAbuseDesk(notice(1, "198.51.100.5", true));   // acme, dedicated, with a settlement offer
    sendToAbuseDesk(notice(2, "203.0.113.20", false));  // vpnco's shared exit, enforcement on
    sendToAbuseDesk(notice(3, "192.0.2.77", false));    // not ours
    assertThat(mail.waitForIncomingEmail(10_000, 3)).isTrue();
    assertThat(poll()).isEqualTo(3);

    Desk.Tick tick = desk.tick();
    assertThat(tick.problems()).isEmpty();
    assertThat(tick.processed().notices()).isEqualTo(3);
    assertThat(tick.processed().forwards()).isEqualTo(2); // acme, and vpnco (it has a contact)
    assertThat(tick.processed().acks()).isEqualTo(1);
    assertThat(tick.processed().rejections()).isEqualTo(1);

    // the customer's mailbox has the forward, with the original attached unchanged and the offer marked
    List<MimeMessage> noc = mailbox("noc@acme.example");
    MimeMessage fwd = noc.stream().filter(m -> subject(m).contains("Copyright notice")).findFirst().orElseThrow();
    assertThat(fwd.getSubject()).contains("<n1@studio.example>").contains("198.51.100.5");
    String body = text(fwd);
    assertThat(body).contains("settlement offer").contains("198.51.100.5 port 51413").contains("Example Movie 1")
        .contains(TestNotices.infohash(1));
    long noticeId = noticeId("<n1@studio.example>");
    byte[] original = new NoticeStore(db).raw(noticeId).orElseThrow();
    assertThat(bytes(attachment(fwd, "message/rfc822"))).isEqualTo(original);
    assertThat(new String(original, StandardCharsets.UTF_8)).contains("<IP_Address>198.51.100.5</IP_Address>");

    // the delivery record proves it: message-id, time, recipient
    Delivery d = desk.outbox().forNotice(noticeId).stream().filter(x -> x.purpose() == Purpose.FORWARD).findFirst().orElseThrow();
    assertThat(d.state()).isEqualTo(DeliveryState.SENT);
    assertThat(d.recipient()).isEqualTo("noc@acme.example");
    assertThat(d.messageId()).isEqualTo(fwd.getMessageID());
    assertThat(d.sentAt()).isEqualTo(T0);
    assertThat(d.due()).isEqualTo(T0.plus(Duration.ofHours(2)));

    // the sender got a NoticeAck for the shared exit and a rejection for the address that is not ours
    List<MimeMessage> studio = mailbox(STUDIO);
    assertThat(studio).hasSize(2);
    MimeMessage ack = studio.stream().filter(m -> subject(m).contains("shared VPN exit")).findFirst().orElseThrow();
    assertThat(ack.getHeader("In-Reply-To")[0]).isEqualTo("<n2@studio.example>");
    String ackText = text(ack);
    assertThat(ackText).contains("no logs").contains("BitTorrent blocking is active on this exit (seawall firewall (NFQUEUE)");
    String ackXml = new String(bytes(attachment(ack, "application/xml")), StandardCharsets.UTF_8);
    assertThat(ackXml).contains("<NoticeAck xmlns=\"http://www.acns.net/ACNS\" Accepted=\"true\"").contains("<ID>CASE-2</ID>");
    MimeMessage reject = studio.stream().filter(m -> subject(m).contains("not our network")).findFirst().orElseThrow();
    String rejectXml = new String(bytes(attachment(reject, "application/xml")), StandardCharsets.UTF_8);
    assertThat(rejectXml).contains("Accepted=\"false\"").contains("<RejectReason>IP_OUT_OF_RANGE</RejectReason>")
        .contains("<ID>CASE-3</ID>");
    assertThat(text(reject)).contains("192.0.2.77");

    // the VPN customer was told too (the forward, and its first strike's warning: shared exits count as well);
    // a second poll + tick does nothing new (processing is once)
    assertThat(mailbox("abuse@vpnco.example")).extracting(NoticeWorkflowE2ETest::subject)
        .anyMatch(s -> s.contains("Copyright notice")).anyMatch(s -> s.contains("Warning")).hasSize(2);
    assertThat(poll()).isZero();
    assertThat(desk.tick().processed().notices()).isZero();
    assertThat(desk.audit().verify().intact()).isTrue();
  }

  @Test
  void ledgerEscalatesAtThePolicyThresholdsWithWebhookAndMail() throws Exception {
    for (int i = 1; i <= 6; i++) {
      sendToAbuseDesk(notice(10 + i, "198.51.100.5", false));
    }
    assertThat(mail.waitForIncomingEmail(10_000, 6)).isTrue();
    assertThat(poll()).isEqualTo(6);
    Desk.Tick tick = desk.tick();
    assertThat(tick.processed().strikes()).isEqualTo(6);
    // warn at 1, acknowledgement at 3, suspend at 4, null-route at 5 (no netctl here: recorded as failed), terminate at 6
    assertThat(tick.processed().actions()).isEqualTo(5);

    Party acme = Party.customer("acme");
    List<LedgerAction> actions = desk.ledger().actions(acme);
    assertThat(actions).extracting(LedgerAction::kind)
        .containsExactly(ActionKind.WARN, ActionKind.REQUIRE_ACK, ActionKind.SUSPEND, ActionKind.NULL_ROUTE, ActionKind.TERMINATE);
    assertThat(actions.get(2).outcome()).isEqualTo(Outcome.DONE);
    assertThat(actions.get(2).detail()).contains("answered HTTP 200");
    assertThat(actions.get(3).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(actions.get(3).detail()).contains("no netctl configured");
    assertThat(actions.get(4).outcome()).isEqualTo(Outcome.DONE);
    assertThat(actions.get(4).noticeIds()).hasSize(6);
    assertThat(desk.ledger().status(acme).standing()).isEqualTo(Standing.TERMINATED);
    assertThat(desk.ledger().status(acme).activeStrikes()).isEqualTo(6);

    // the panel got signed POSTs for the suspension and the termination
    assertThat(panel.posts).hasSize(2);
    for (PanelServer.Post p : panel.posts) {
      assertThat(p.header("X-Seawall-Signature")).isEqualTo("sha256=" + PanelWebhook.sign("s3cret-panel", p.body()));
    }
    assertThat(panel.posts.get(0).body()).contains("\"event\":\"suspend\"").contains("\"customer\":\"acme\"");
    assertThat(panel.posts.get(1).body()).contains("\"event\":\"terminate\"");

    // the customer received six forwards and the policy's mails
    List<String> subjects = mailbox("noc@acme.example").stream().map(NoticeWorkflowE2ETest::subject).toList();
    assertThat(subjects.stream().filter(s -> s.contains("Copyright notice"))).hasSize(6);
    assertThat(subjects).anyMatch(s -> s.contains("Warning under our repeat-infringer policy"))
        .anyMatch(s -> s.contains("acknowledge our repeat-infringer policy"))
        .anyMatch(s -> s.contains("suspension of the service"))
        .anyMatch(s -> s.contains("termination of the account"));
    assertThat(desk.audit().list(new AuditQuery(null, "system:policy", "ledger.", null, null, null, null, null, true, 100)))
        .extracting(e -> e.action()).contains("ledger.warn", "ledger.terminate", "ledger.suspend-done", "ledger.terminate-done");
  }

  @Test
  void aForwardWithoutAContactIsOverdueAndAlerted() throws Exception {
    sendToAbuseDesk(notice(30, "198.51.100.70", false)); // customer "quiet" has no abuse contact
    assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
    poll();
    desk.tick();
    long id = noticeId("<n30@studio.example>");
    Delivery d = desk.outbox().forNotice(id).getFirst();
    assertThat(d.state()).isEqualTo(DeliveryState.FAILED);
    assertThat(d.lastError()).contains("quiet has no designated agent or abuse contact");
    assertThat(desk.outbox().overdueCount(clock.instant())).isZero();

    clock.advance(Duration.ofHours(3)); // past the 2 h SLA for dedicated servers
    assertThat(desk.outbox().overdue(clock.instant())).extracting(Delivery::id).containsExactly(d.id());
    Desk.Tick t = desk.tick();
    assertThat(t.overdueAlerted()).isEqualTo(1);
    assertThat(desk.tick().overdueAlerted()).isZero(); // once per overdue delivery
    List<MimeMessage> ops = mailbox("desk-ops@isp.example");
    assertThat(ops).hasSize(1);
    assertThat(text(ops.getFirst())).contains("delivery " + d.id()).contains("no recipient");

    // a handler supplies the address; the retry delivers it
    Delivery fixed = desk.outbox().retry(Actor.user("hana", Role.HANDLER), d.id(), "noc@quiet.example", "address from the contract");
    assertThat(fixed.state()).isEqualTo(DeliveryState.PENDING);
    mail.setUser("noc@quiet.example", "noc@quiet.example", "pw");
    desk.tick();
    assertThat(desk.outbox().forNotice(id).getFirst().state()).isEqualTo(DeliveryState.SENT);
    assertThat(mailbox("noc@quiet.example")).hasSize(1);
  }

  @Test
  void aCounterNoticeIsCopiedToTheComplainantAndRestorationFallsOnTheRightBusinessDay() throws Exception {
    // Friday 18 December 2026, 09:00 in New York: Christmas (Fri 25) and New Year's Day (Fri 1) are not business days
    clock.set(Instant.parse("2026-12-18T14:00:00Z"));
    sendToAbuseDesk(notice(40, "198.51.100.5", false));
    assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
    poll();
    desk.tick();
    long id = noticeId("<n40@studio.example>");
    CounterNotice cn = desk.counterNotices().submit(Actor.user("hana", Role.HANDLER), CounterNoticeTest.complete(id, clock.instant()));
    assertThat(cn.restoreEarliest()).isEqualTo(java.time.LocalDate.parse("2027-01-05"));
    assertThat(cn.restoreLatest()).isEqualTo(java.time.LocalDate.parse("2027-01-11"));
    desk.tick();
    MimeMessage copy = mailbox(STUDIO).stream().filter(m -> subject(m).contains("Counter-notice")).findFirst().orElseThrow();
    assertThat(copy.getHeader("In-Reply-To")[0]).isEqualTo("<n40@studio.example>");
    assertThat(text(copy)).contains("on or after 2027-01-05 and by 2027-01-11").contains("/s/ Sam Subscriber");

    clock.set(Instant.parse("2027-01-05T13:59:59Z")); // a second before ten full business days have passed
    assertThat(desk.tick().restored()).isEmpty();
    clock.set(Instant.parse("2027-01-05T14:00:00Z"));
    assertThat(desk.tick().restored()).hasSize(1);
    assertThat(mailbox("noc@acme.example")).extracting(NoticeWorkflowE2ETest::subject).anyMatch(s -> s.contains("Restoration after counter-notice"));
  }

  private long noticeId(String messageId) throws Exception {
    try (Connection c = db.connect(); var ps = c.prepareStatement("SELECT id FROM notice WHERE message_id = ?")) {
      ps.setString(1, messageId);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
