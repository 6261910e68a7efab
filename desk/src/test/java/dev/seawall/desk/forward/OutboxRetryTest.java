package dev.seawall.desk.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.AuditQuery;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.workflow.MutableClock;
import dev.seawall.desk.workflow.TestDatabases;
import dev.seawall.desk.workflow.TestDesk;
import dev.seawall.desk.workflow.WorkflowConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivery retries: an SMTP server that is down is retried with doubling delays, then given up, all recorded. */
class OutboxRetryTest {
  @TempDir Path tmp;
  Database db;

  @AfterEach
  void close() throws Exception {
    if (db != null) db.close();
  }

  @Test
  void retriesWithBackoffThenFails() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort(); // nothing listens here once the socket is closed
    }
    db = TestDatabases.open("h2", tmp);
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    WorkflowConfig cfg = TestDesk.config(tmp, closedPort, null); // retry: 3 attempts, 1 min doubling, at most 10 min
    AuditLog audit = new AuditLog(db, clock);
    OutboxStore outbox = new OutboxStore(db, new SmtpMailer(cfg.smtp()), cfg, new Templates(null), audit, clock);
    long id = Jdbc.tx(db, c -> outbox.enqueue(c, new QueuedMail(Purpose.WARNING, null, null, "noc@acme.example", null, "s", "b", false,
        null, null, null)));

    DeliveryRound r1 = outbox.deliverDue();
    assertThat(r1.retried()).isEqualTo(1);
    assertThat(r1.problems().getFirst()).contains("SMTP 127.0.0.1:" + closedPort);
    Delivery d1 = outbox.find(id).orElseThrow();
    assertThat(d1.state()).isEqualTo(DeliveryState.PENDING);
    assertThat(d1.attempts()).isEqualTo(1);
    assertThat(d1.nextAttempt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
    assertThat(outbox.deliverDue().sent() + outbox.deliverDue().retried()).isZero(); // not due yet

    clock.advance(Duration.ofMinutes(1));
    outbox.deliverDue();
    Delivery d2 = outbox.find(id).orElseThrow();
    assertThat(d2.attempts()).isEqualTo(2);
    assertThat(d2.nextAttempt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));

    clock.advance(Duration.ofMinutes(2));
    assertThat(outbox.deliverDue().failed()).isEqualTo(1);
    Delivery d3 = outbox.find(id).orElseThrow();
    assertThat(d3.state()).isEqualTo(DeliveryState.FAILED);
    assertThat(d3.attempts()).isEqualTo(3);
    assertThat(d3.lastError()).contains("SMTP 127.0.0.1:" + closedPort);
    assertThat(audit.list(AuditQuery.latest(10))).extracting(e -> e.action()).contains("mail.failed");

    // cancelling a failed delivery needs a reason and is audited
    Delivery cancelled = outbox.cancel(Actor.user("hana", Role.HANDLER), id, "customer left; no longer relevant");
    assertThat(cancelled.state()).isEqualTo(DeliveryState.CANCELLED);
  }

  @Test
  void aServerOutageSpendsOneAttemptPerRoundNotOnePerMail() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    db = TestDatabases.open("h2", tmp);
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
    WorkflowConfig cfg = TestDesk.config(tmp, closedPort, null);
    OutboxStore outbox = new OutboxStore(db, new SmtpMailer(cfg.smtp()), cfg, new Templates(null), new AuditLog(db, clock), clock);
    long[] ids = new long[3];
    for (int i = 0; i < 3; i++) {
      ids[i] = Jdbc.tx(db, c -> outbox.enqueue(c, new QueuedMail(Purpose.WARNING, null, null, "noc@acme.example", null, "s", "b", false,
          null, null, null)));
    }
    DeliveryRound r = outbox.deliverDue();
    assertThat(r.retried()).isEqualTo(1);
    assertThat(outbox.find(ids[0]).orElseThrow().attempts()).isEqualTo(1);
    for (int i = 1; i < 3; i++) {
      Delivery d = outbox.find(ids[i]).orElseThrow();
      assertThat(d.attempts()).isZero();
      assertThat(d.nextAttempt()).isEqualTo(clock.instant()); // released at once, not held for the claim's lease
    }
  }

  @Test
  void aRoundSendsEveryMailOnceOverReusedConnections() throws Exception {
    GreenMail mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));
    mail.start();
    try {
      db = TestDatabases.open("h2", tmp);
      MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
      WorkflowConfig cfg = TestDesk.config(tmp, mail.getSmtp().getPort(), null);
      OutboxStore outbox = new OutboxStore(db, new SmtpMailer(cfg.smtp()), cfg, new Templates(null), new AuditLog(db, clock), clock);
      int count = SmtpMailer.PER_CONNECTION * 2 + 7; // crosses the reconnect twice
      for (int i = 0; i < count; i++) {
        String subject = "s" + i;
        Jdbc.tx(db, c -> outbox.enqueue(c, new QueuedMail(Purpose.WARNING, null, null, "noc@acme.example", null, subject, "b", false,
            null, null, null)));
      }
      DeliveryRound r = outbox.deliverDue();
      assertThat(r.sent()).isEqualTo(count);
      assertThat(r.problems()).isEmpty();
      assertThat(mail.getReceivedMessages()).extracting(m -> m.getSubject()).doesNotHaveDuplicates().hasSize(count);
      assertThat(outbox.deliverDue().sent()).isZero();
    } finally {
      mail.stop();
    }
  }

  @Test
  void retryDelaysDoubleUpToTheMaximum() {
    var r = new WorkflowConfig.Retry(10, Duration.ofMinutes(1), Duration.ofMinutes(10));
    assertThat(r.delayAfter(1)).isEqualTo(Duration.ofMinutes(1));
    assertThat(r.delayAfter(2)).isEqualTo(Duration.ofMinutes(2));
    assertThat(r.delayAfter(4)).isEqualTo(Duration.ofMinutes(8));
    assertThat(r.delayAfter(5)).isEqualTo(Duration.ofMinutes(10));
    assertThat(r.delayAfter(9)).isEqualTo(Duration.ofMinutes(10));
  }
}
