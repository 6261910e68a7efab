package dev.seawall.desk.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditQuery;
import dev.seawall.desk.audit.PermissionDenied;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.forward.Delivery;
import dev.seawall.desk.forward.Purpose;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.RawNotice;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.workflow.Desk;
import dev.seawall.desk.workflow.MutableClock;
import dev.seawall.desk.workflow.PanelServer;
import dev.seawall.desk.workflow.TestDatabases;
import dev.seawall.desk.workflow.TestDesk;
import dev.seawall.desk.workflow.TestNotices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a court asks about a repeat-infringer policy (§512(i); BMG v. Cox, UMG v. Grande): every
 * notice counts (no per-day or per-sender caps), senders with settlement offers are processed like
 * any other, strikes do not reset except by the documented time rule, and a terminated customer
 * stays terminated unless reinstated by an approver with a recorded reason. Runs on H2 and PostgreSQL.
 */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgresql"})
class RepeatInfringerPolicyCourtTest {
  @Parameter String kind;
  @TempDir Path tmp;

  static final Instant DAY = Instant.parse("2026-03-02T08:00:00Z");
  MutableClock clock = new MutableClock(DAY);
  Database db;
  Desk desk;
  PanelServer panel;
  int serial;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabases.open(kind, tmp);
    TestDesk.registry(db);
    panel = new PanelServer();
    Files.writeString(tmp.resolve("panel.secret"), "x");
    // no mail is delivered in these tests (port 9 is never contacted): the outbox records what would go out
    desk = Desk.open(db, TestDesk.config(tmp, 9, "\"panel\": {\"url\": \"" + panel.url() + "\", \"secretFile\": \"panel.secret\"}"),
        clock, null);
  }

  @AfterEach
  void tearDown() throws Exception {
    desk.close();
    panel.close();
    db.close();
  }

  /** Notices about {@code ip} from {@code sender}, received now, then processed. */
  private void receive(int count, String ip, String sender, boolean settlement) throws Exception {
    List<RawNotice> raws = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = ++serial;
      raws.add(new RawNotice("test#" + n, TestNotices.acnsMail("<c" + n + "@" + sender.substring(sender.indexOf('@') + 1) + ">", sender,
          "abuse@isp.example", "K-" + n, ip, 6881, clock.instant().minus(Duration.ofHours(3)).plusSeconds(n), "Title " + n,
          TestNotices.infohash(n), settlement).getBytes(StandardCharsets.UTF_8)));
    }
    new Importer(new NoticeStore(db), clock).run(raws);
    desk.processor().processNew(1000);
    desk.tick();
  }

  @Test
  void twentyNoticesForOneCustomerInOneDayAreTwentyStrikes() throws Exception {
    for (int hour = 0; hour < 20; hour++) {
      receive(1, "198.51.100.9", "antipiracy@studio.example", false);
      clock.advance(Duration.ofMinutes(30)); // all within one day
    }
    Party acme = Party.customer("acme");
    assertThat(desk.ledger().strikes(acme, false)).hasSize(20);
    assertThat(desk.ledger().strikes(acme, false)).extracting(Strike::noticeId).doesNotHaveDuplicates();
    assertThat(desk.ledger().status(acme).activeStrikes()).isEqualTo(20);
    // so the ladder ran its full course the same day: warn 1, acknowledgement 3, suspend 4, null-route 5, terminate 6
    assertThat(desk.ledger().actions(acme)).extracting(LedgerAction::kind).containsExactly(ActionKind.WARN, ActionKind.REQUIRE_ACK,
        ActionKind.SUSPEND, ActionKind.NULL_ROUTE, ActionKind.TERMINATE);
    assertThat(desk.ledger().status(acme).standing()).isEqualTo(Standing.TERMINATED);
  }

  @Test
  void noCapPerSenderAndSettlementOffersAreProcessed() throws Exception {
    receive(3, "198.51.100.9", "notices@rightscorp.example", true);
    receive(1, "198.51.100.9", "antipiracy@studio.example", false);
    Party acme = Party.customer("acme");
    List<Strike> strikes = desk.ledger().strikes(acme, false);
    assertThat(strikes).hasSize(4);
    assertThat(strikes).filteredOn(Strike::settlementOffer).hasSize(3)
        .allSatisfy(s -> assertThat(s.sender()).contains("rightscorp.example"));
    // each was forwarded like any other notice, with the offer marked, not dropped
    for (Strike s : strikes) {
      List<Delivery> ds = desk.outbox().forNotice(s.noticeId());
      assertThat(ds).filteredOn(d -> d.purpose() == Purpose.FORWARD).hasSize(1);
    }
    long settled = strikes.stream().filter(Strike::settlementOffer).findFirst().orElseThrow().noticeId();
    Delivery fwd = desk.outbox().forNotice(settled).getFirst();
    assertThat(desk.outbox().body(fwd.id()).orElseThrow()).contains("NOTE: this notice contains a settlement offer");
    assertThat(desk.ledger().actions(acme)).extracting(LedgerAction::kind).containsExactly(ActionKind.WARN, ActionKind.REQUIRE_ACK,
        ActionKind.SUSPEND);
  }

  @Test
  void strikesExpireOnlyByTheDocumentedTimeRule() throws Exception {
    receive(2, "198.51.100.9", "antipiracy@studio.example", false);
    Party acme = Party.customer("acme");
    Instant counted = desk.ledger().strikes(acme, false).getFirst().counted();
    assertThat(desk.ledger().strikes(acme, false)).allSatisfy(s -> assertThat(s.expires()).isEqualTo(s.counted().plus(Duration.ofDays(365))));

    clock.set(counted.plus(Duration.ofDays(365)).minusSeconds(1)); // a day short of a year: still counting
    desk.tick();
    assertThat(desk.ledger().status(acme).activeStrikes()).isEqualTo(2);
    clock.set(counted.plus(Duration.ofDays(365)).plusSeconds(10)); // the lifetime has passed
    desk.tick();
    assertThat(desk.ledger().status(acme).activeStrikes()).isZero();
    // expired is not deleted: the history keeps every strike
    assertThat(desk.ledger().status(acme).totalStrikes()).isEqualTo(2);
    assertThat(desk.ledger().strikes(acme, true)).hasSize(2);
    // nothing a handler can call resets strikes; lifting a suspension or reinstating keeps them (below)
  }

  @Test
  void strikesInTheWindowStillCountAfterASuspensionEndsAndIsLifted() throws Exception {
    receive(4, "198.51.100.9", "antipiracy@studio.example", false);
    Party acme = Party.customer("acme");
    assertThat(desk.ledger().status(acme).standing()).isEqualTo(Standing.SUSPENDED);
    Instant until = desk.ledger().status(acme).until();
    assertThat(until).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
    clock.set(until.plusSeconds(1));
    desk.tick(); // the suspension ends by itself; the panel is told
    assertThat(desk.ledger().status(acme).standing()).isEqualTo(Standing.ACK_REQUIRED); // the acknowledgement is still owed
    assertThat(panel.posts).extracting(PanelServer.Post::body).anyMatch(b -> b.contains("\"event\":\"unsuspend\""));
    assertThat(desk.ledger().status(acme).activeStrikes()).isEqualTo(4);
    // the 5th strike in the window null-routes (the 4 earlier strikes were not reset by the suspension's end)
    receive(1, "198.51.100.9", "antipiracy@studio.example", false);
    assertThat(desk.ledger().actions(acme)).extracting(LedgerAction::kind).contains(ActionKind.NULL_ROUTE);
  }

  @Test
  void aTerminatedCustomerStaysTerminatedUnlessReinstatedWithAReason() throws Exception {
    receive(6, "198.51.100.9", "antipiracy@studio.example", false);
    Party acme = Party.customer("acme");
    assertThat(desk.ledger().status(acme).standing()).isEqualTo(Standing.TERMINATED);
    // time passing and new notices do not bring it back
    clock.advance(Duration.ofDays(30));
    receive(2, "198.51.100.9", "antipiracy@studio.example", false);
    desk.tick();
    assertThat(desk.ledger().status(acme).standing()).isEqualTo(Standing.TERMINATED);
    assertThat(desk.ledger().status(acme).activeStrikes()).isEqualTo(8);

    assertThatThrownBy(() -> desk.ledger().reinstate(Actor.user("hal", Role.HANDLER), acme, "customer asked"))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> desk.ledger().reinstate(Actor.user("ann", Role.APPROVER), acme, "  "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
    assertThat(desk.ledger().status(acme).standing()).isEqualTo(Standing.TERMINATED);

    PartyStatus back = desk.ledger().reinstate(Actor.user("ann", Role.APPROVER), acme, "court found the notices misdirected (ticket 4411)");
    assertThat(back.standing()).isEqualTo(Standing.ACTIVE);
    assertThat(back.activeStrikes()).isEqualTo(8); // reinstatement is not a reset
    assertThat(desk.audit().list(AuditQuery.about(Subject.of("customer", "acme")))).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo("ledger.reinstate");
      assertThat(e.actor()).isEqualTo("ann");
      assertThat(e.reason()).isEqualTo("court found the notices misdirected (ticket 4411)");
    });
    desk.tick();
    assertThat(panel.posts).extracting(PanelServer.Post::body).anyMatch(b -> b.contains("\"event\":\"reinstate\""));
    assertThatThrownBy(() -> desk.ledger().reinstate(Actor.user("ann", Role.APPROVER), acme, "again"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not terminated");

    // with the count still over the threshold, the next notice terminates again
    receive(1, "198.51.100.9", "antipiracy@studio.example", false);
    assertThat(desk.ledger().status(acme).standing()).isEqualTo(Standing.TERMINATED);
  }

  @Test
  void subscribersReportedByTheCustomerHaveTheirOwnCount() throws Exception {
    receive(2, "198.51.100.9", "antipiracy@studio.example", false);
    Party acme = Party.customer("acme");
    List<Strike> s = desk.ledger().strikes(acme, false);
    Actor hal = Actor.user("hal", Role.HANDLER);
    desk.ledger().attributeSubscriber(hal, s.get(0).id(), "user-17", "customer's reply of 2026-03-02");
    desk.ledger().attributeSubscriber(hal, s.get(1).id(), "user-17", "customer's reply of 2026-03-02");
    Party u17 = new Party("acme", "user-17");
    assertThat(desk.ledger().status(u17).activeStrikes()).isEqualTo(2);
    assertThat(desk.ledger().status(acme).activeStrikes()).isEqualTo(2); // still the customer's too
    assertThat(desk.ledger().actions(u17)).extracting(LedgerAction::kind).containsExactly(ActionKind.WARN);
    assertThatThrownBy(() -> desk.ledger().attributeSubscriber(hal, s.get(0).id(), "user-99", "changed my mind"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("already attributed to subscriber user-17");

    receive(1, "198.51.100.9", "antipiracy@studio.example", false);
    assertThat(desk.ledger().status(acme).standing()).isEqualTo(Standing.ACK_REQUIRED);
    assertThatThrownBy(() -> desk.ledger().acknowledge(Actor.user("vera", Role.VIEWER), acme, "signed"))
        .isInstanceOf(PermissionDenied.class);
    assertThat(desk.ledger().acknowledge(hal, acme, "signed acknowledgement received by mail").standing()).isEqualTo(Standing.ACTIVE);
  }

  @Test
  void policyFileErrorsNameTheField() {
    assertThatThrownBy(() -> RepeatInfringerPolicy.parse("{\"name\":\"p\",\"version\":\"1\",\"strikeLifetime\":\"365d\",\"rules\":"
        + "[{\"strikes\":5,\"window\":\"30d\",\"action\":\"null-route\",\"duration\":\"1d\"}]}", "policy.json"))
        .hasMessageContaining("policy.json.rules[0]: null-route may not apply to shared exits");
    assertThatThrownBy(() -> RepeatInfringerPolicy.parse("{\"name\":\"p\",\"version\":\"1\",\"strikeLifetime\":\"90d\",\"rules\":"
        + "[{\"strikes\":2,\"window\":\"180d\",\"action\":\"warn\"}]}", "policy.json"))
        .hasMessageContaining("policy.json.rules[0].window PT4320H is longer than strikeLifetime");
    assertThatThrownBy(() -> RepeatInfringerPolicy.parse("{\"name\":\"p\",\"version\":\"1\",\"strikeLifetime\":\"90d\",\"rules\":"
        + "[{\"strikes\":2,\"window\":\"30d\",\"action\":\"warn\",\"cap\":10}]}", "policy.json"))
        .hasMessageContaining("unknown field 'cap'");
    assertThatThrownBy(() -> RepeatInfringerPolicy.parse("{\"name\":\"p\",", "policy.json")).hasMessageContaining("line 1");
    assertThat(RepeatInfringerPolicy.parse(TestDesk.POLICY, "t").rules()).hasSize(5);
  }
}
