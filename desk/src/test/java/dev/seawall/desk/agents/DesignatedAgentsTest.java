package dev.seawall.desk.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.PermissionDenied;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.forward.Delivery;
import dev.seawall.desk.forward.Purpose;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.RawNotice;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.workflow.Desk;
import dev.seawall.desk.workflow.MutableClock;
import dev.seawall.desk.workflow.TestDatabases;
import dev.seawall.desk.workflow.TestDesk;
import dev.seawall.desk.workflow.TestNotices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Designated agents: where a customer's forwards go, and the three-year renewal reminders. */
class DesignatedAgentsTest {
  @TempDir Path tmp;
  MutableClock clock = new MutableClock(Instant.parse("2026-03-10T12:00:00Z"));
  Database db;
  Desk desk;
  final Actor root = Actor.user("root", Role.ADMIN);

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabases.open("h2", tmp);
    TestDesk.registry(db);
    desk = Desk.open(db, TestDesk.config(tmp, 9, null), clock, null);
  }

  @AfterEach
  void tearDown() throws Exception {
    desk.close();
    db.close();
  }

  @Test
  void aCustomersAgentReceivesItsForwards() throws Exception {
    desk.agents().register(root, new DesignatedAgents.Registration("Acme Hosting Customer Inc.", "acme", "Acme DMCA Agent",
        "dmca@acme.example", "1 Rack Rd", null, "DMCA-7654321", LocalDate.parse("2025-01-15")), "from the customer's contract");
    new Importer(new NoticeStore(db), clock).run(List.of(new RawNotice("t", TestNotices.acnsMail("<ag@s.example>", "a@s.example",
        "abuse@isp.example", "A-1", "198.51.100.5", 6881, clock.instant().minusSeconds(900), "W", TestNotices.infohash(1), false)
        .getBytes(StandardCharsets.UTF_8))));
    desk.processor().processNew(10);
    long notice;
    try (Connection c = db.connect(); var rs = c.createStatement().executeQuery("SELECT id FROM notice")) {
      rs.next();
      notice = rs.getLong(1);
    }
    Delivery fwd = desk.outbox().forNotice(notice).stream().filter(d -> d.purpose() == Purpose.FORWARD).findFirst().orElseThrow();
    assertThat(fwd.recipient()).isEqualTo("dmca@acme.example"); // not the abuse contact noc@acme.example
  }

  @Test
  void renewalRemindersGoOutOncePerExpiry() throws Exception {
    DesignatedAgent a = desk.agents().register(root, new DesignatedAgents.Registration("Example Hosting LLC", null, "DMCA Agent",
        "dmca@isp.example", null, null, "DMCA-1234567", LocalDate.parse("2023-05-02")), "initial designation");
    assertThat(a.expires()).isEqualTo(LocalDate.parse("2026-05-02"));
    clock.set(Instant.parse("2026-02-20T12:00:00Z")); // 71 days before: outside the 60-day notice
    assertThat(desk.agents().remindDue()).isZero();
    clock.set(Instant.parse("2026-03-10T12:00:00Z")); // 53 days before
    assertThat(desk.agents().remindDue()).isEqualTo(1);
    assertThat(desk.agents().remindDue()).isZero();
    var reminders = desk.outbox().overdue(Instant.parse("2100-01-01T00:00:00Z")); // reminders have no deadline: never overdue
    assertThat(reminders).isEmpty();

    DesignatedAgent renewed = desk.agents().renew(root, a.id(), LocalDate.parse("2026-03-12"), "renewed online");
    assertThat(renewed.expires()).isEqualTo(LocalDate.parse("2029-03-12"));
    assertThat(desk.agents().remindDue()).isZero();
    clock.set(Instant.parse("2029-02-01T12:00:00Z"));
    assertThat(desk.agents().remindDue()).isEqualTo(1); // the next expiry gets its own reminder

    assertThatThrownBy(() -> desk.agents().renew(Actor.user("hal", Role.HANDLER), a.id(), LocalDate.parse("2029-02-01"), "x"))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> desk.agents().register(root, new DesignatedAgents.Registration("E", null, "N", "not an address", null, null,
        null, LocalDate.parse("2025-01-01")), "x")).hasMessageContaining("agent e-mail 'not an address'");
  }
}
