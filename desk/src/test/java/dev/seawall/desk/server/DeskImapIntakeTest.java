package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.seawall.desk.workflow.TestNotices;
import jakarta.mail.Flags;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code seawall desk} fetches the abuse mailbox by itself: a real IMAP server (GreenMail on
 * loopback, dynamic ports) receives a notice over SMTP, the desk's own rounds (every 300 ms) take
 * it in, and it shows in the REST API; /health and /metrics show the polls. With the mail server
 * gone, rounds go on (a notice sent to the API is still worked), /health shows the error, and
 * intake resumes when the server is back.
 */
class DeskImapIntakeTest {
  static final String MAILBOX_USER = "notices@isp.example";
  static final String PASSWORD = "imap s3cret";
  /** The infringer's address in the fixture: never in /health or /metrics. */
  static final String FIXTURE_IP = "198.51.100.23";

  GreenMail mail;
  TestDesk desk;

  @AfterEach
  void stop() throws Exception {
    if (desk != null) desk.close();
    if (mail != null) mail.stop();
  }

  static GreenMail mailServer(ServerSetup[] setup) {
    GreenMail g = new GreenMail(setup).withConfiguration(GreenMailConfiguration.aConfig().withUser(MAILBOX_USER, "notices", PASSWORD));
    g.start();
    return g;
  }

  static void send(GreenMail g, Path eml) throws Exception {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", String.valueOf(g.getSmtp().getPort()));
    // keep the sender's Message-ID (jakarta.mail would replace it on send; a real MTA does not)
    MimeMessage m = new MimeMessage(Session.getInstance(p), new ByteArrayInputStream(Files.readAllBytes(eml))) {
      @Override
      protected void updateMessageID() throws jakarta.mail.MessagingException {
        if (getHeader("Message-ID") == null) super.updateMessageID();
      }
    };
    Transport.send(m, new InternetAddress[] {new InternetAddress(MAILBOX_USER)});
  }

  static Path fixture(String name) throws Exception {
    return Path.of(DeskImapIntakeTest.class.getResource("/notices/" + name).toURI());
  }

  /** Polls {@code condition} every 100 ms for at most {@code seconds}. */
  static void await(String what, int seconds, Callable<Boolean> condition) throws Exception {
    Instant end = Instant.now().plusSeconds(seconds);
    while (!condition.call()) {
      if (Instant.now().isAfter(end)) throw new AssertionError("not within " + seconds + " s: " + what);
      Thread.sleep(100);
    }
  }

  private static boolean seen(jakarta.mail.Message m) {
    try {
      return m.getFlags().contains(Flags.Flag.SEEN);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean listed(String messageId) throws Exception {
    for (JsonNode n : desk.get("/api/notices", "viewer").json().path("items")) {
      if (messageId.equals(n.path("messageId").asString())) return true;
    }
    return false;
  }

  double metric(String name) throws Exception {
    String body = desk.get("/metrics", null).body();
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
    assertThat(m.find()).as(name + " in /metrics").isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void theServiceTakesTheMailboxInEachRoundAndSurvivesItsOutage() throws Exception {
    ServerSetup[] setup = ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP);
    mail = mailServer(setup);
    int imapPort = mail.getImap().getPort();
    int smtpPort = mail.getSmtp().getPort();
    var box = new DeskConfig.Mailbox(URI.create("imap://notices@127.0.0.1:" + imapPort + "/INBOX"), PASSWORD);
    Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    desk = TestDesk.withMailbox(smtpPort, box, Duration.ofMillis(300));
    dev.seawall.desk.workflow.TestDesk.registry(desk.services.db);
    assertThat(metric("seawall_desk_imap_poll_failures_total")).isZero();

    // a real notice arrives in the mailbox; nobody calls the API or the CLI to fetch it
    send(mail, fixture("acns-two-inline-qp-pgp.eml"));
    await("the notice fetched by the desk's rounds is listed by the API", 20, () -> listed("<sw-1001@rights.example>"));
    // (the workflow's own mail goes to this server too: pick the notice by its Message-ID)
    // (marked seen right after it is stored, so possibly a moment after the API lists it)
    await("the message is marked seen once stored", 10, () -> java.util.Arrays.stream(mail.getReceivedMessages())
        .filter(m -> "<sw-1001@rights.example>".equals(uncheckedId(m))).allMatch(m -> seen(m)));
    assertThat(java.util.Arrays.stream(mail.getReceivedMessages())
        .filter(m -> "<sw-1001@rights.example>".equals(uncheckedId(m)))).singleElement();
    await("the fetched message is counted", 10, () -> metric("seawall_desk_imap_messages_fetched_total") == 1.0);

    // the round that fetched the notice may still be processing it: its status comes when it ends
    await("/health shows a finished round", 20,
        () -> desk.get("/health", null).json().path("workflow").asString().startsWith("last round "));
    TestDesk.Answer health = desk.get("/health", null);
    assertThat(health.status()).isEqualTo(200);
    JsonNode mb = health.json().path("mailbox");
    assertThat(Instant.parse(mb.path("lastPoll").asString())).isAfterOrEqualTo(started);
    assertThat(mb.path("error").isNull()).as(health.body()).isTrue();
    assertThat(health.body()).doesNotContain(FIXTURE_IP).doesNotContain("rights.example");

    // the mail server goes away
    mail.stop();
    Instant down = Instant.now();
    await("/health shows the failed poll", 20, () -> {
      JsonNode m = desk.get("/health", null).json().path("mailbox");
      return !m.path("error").isNull() && Instant.parse(m.path("lastPoll").asString()).isAfter(down);
    });
    health = desk.get("/health", null);
    assertThat(health.status()).as("the desk still serves").isEqualTo(200);
    assertThat(health.json().path("mailbox").path("error").asString()).contains("onnect");
    assertThat(health.json().path("workflow").asString()).startsWith("last round ");
    assertThat(metric("seawall_desk_imap_poll_failures_total")).isGreaterThanOrEqualTo(1.0);

    // rounds go on while the mailbox is down: a notice given to the API is worked into a case
    Instant seen = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    String viaApi = TestNotices.acnsMail("<during-outage@studio.example>", "antipiracy@studio.example", MAILBOX_USER, "OUT-1",
        "198.51.100.2", 51413, seen, "Example Film", TestNotices.infohash(1), false);
    assertThat(desk.call("POST", "/api/notices", "handler", "message/rfc822", viaApi).status()).isEqualTo(201);
    await("a round after the failure opens the case", 20,
        () -> desk.get("/api/cases?customer=acme", "viewer").json().path("items").size() == 1);
    Instant a = desk.server.ticker().last().at();
    await("the timer keeps running", 10, () -> desk.server.ticker().last().at().isAfter(a));
    assertThat(desk.server.ticker().last().error()).isNull();

    // the mail server comes back on the same ports: intake resumes and the error clears
    mail = mailServer(new ServerSetup[] {setup[0].port(smtpPort), setup[1].port(imapPort)});
    send(mail, fixture("iodef-gzip.eml"));
    String iodefId = messageId(fixture("iodef-gzip.eml"));
    await("the notice sent after the outage is listed", 20, () -> listed(iodefId));
    await("/health shows a good poll again", 10, () -> desk.get("/health", null).json().path("mailbox").path("error").isNull());
    await("both messages counted", 10, () -> metric("seawall_desk_imap_messages_fetched_total") == 2.0);
    String metrics = desk.get("/metrics", null).body();
    assertThat(metrics).doesNotContain(FIXTURE_IP).doesNotContain("rights.example");
  }

  static String uncheckedId(MimeMessage m) {
    try {
      return m.getMessageID();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String messageId(Path eml) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(Files.readAllBytes(eml))).getMessageID();
  }
}
