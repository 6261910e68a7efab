package dev.seawall.desk.counter;

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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** §512(g) counter-notices: element checks, copy to the complainant, the restoration timer, lawsuits. H2 and PostgreSQL. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgresql"})
public class CounterNoticeTest {
  @Parameter String kind;
  @TempDir Path tmp;

  // Wednesday 18 Nov 2026, 15:30 in New York: the 10th business day after is Thu 3 Dec (Thanksgiving skipped)
  static final Instant RECEIVED = Instant.parse("2026-11-18T20:30:00Z");
  MutableClock clock = new MutableClock(RECEIVED.minus(Duration.ofDays(2)));
  Database db;
  Desk desk;
  long noticeId;
  final Actor hana = Actor.user("hana", Role.HANDLER);

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabases.open(kind, tmp);
    TestDesk.registry(db);
    desk = Desk.open(db, TestDesk.config(tmp, 9, null), clock, null);
    new Importer(new NoticeStore(db), clock).run(List.of(new RawNotice("t", TestNotices.acnsMail("<cn1@studio.example>",
        "antipiracy@studio.example", "abuse@isp.example", "K-9", "198.51.100.9", 6881, clock.instant().minusSeconds(7200), "Film",
        TestNotices.infohash(9), false).getBytes(StandardCharsets.UTF_8))));
    desk.processor().processNew(10);
    try (Connection c = db.connect(); var rs = c.createStatement().executeQuery("SELECT id FROM notice")) {
      rs.next();
      noticeId = rs.getLong(1);
    }
    clock.set(RECEIVED.plusSeconds(60));
  }

  @AfterEach
  void tearDown() throws Exception {
    desk.close();
    db.close();
  }

  public static CounterNoticeForm complete(long noticeId, Instant received) {
    return new CounterNoticeForm(noticeId, null, "Sam Subscriber", "1 Main St, Springfield, IL 62701", "+1 217 555 0199",
        "sam@customer.example", "the file Film.mkv", "ftp://198.51.100.9/pub/Film.mkv", CounterNoticeForm.Reason.MISIDENTIFIED,
        "I swear, under penalty of perjury, that I have a good faith belief that the material was removed or disabled as a result of"
            + " mistake or misidentification of the material to be removed or disabled. I consent to the jurisdiction of the Federal"
            + " District Court for the judicial district in which my address is located, and I will accept service of process from"
            + " the person who provided the notification or an agent of such person.",
        "/s/ Sam Subscriber", received);
  }

  @Test
  void aCompleteCounterNoticeIsCopiedAndRestoredOnTheTenthBusinessDay() throws Exception {
    CounterNotice cn = desk.counterNotices().submit(hana, complete(noticeId, RECEIVED));
    assertThat(cn.state()).isEqualTo(CounterState.SCHEDULED);
    assertThat(cn.missing()).isEmpty();
    assertThat(cn.customer()).isEqualTo("acme");
    assertThat(cn.restoreEarliest()).isEqualTo(LocalDate.parse("2026-12-03"));
    assertThat(cn.restoreLatest()).isEqualTo(LocalDate.parse("2026-12-09"));
    assertThat(cn.restoreAt()).isEqualTo(Instant.parse("2026-12-03T20:30:00Z")); // 15:30 New York, ten full business days
    assertThat(cn.complainant()).isEqualTo("antipiracy@studio.example");
    Delivery copy = desk.outbox().forNotice(noticeId).stream().filter(d -> d.purpose() == Purpose.COUNTER_NOTICE_COPY).findFirst().orElseThrow();
    assertThat(copy.recipient()).isEqualTo("antipiracy@studio.example");
    assertThat(desk.outbox().body(copy.id()).orElseThrow()).contains("on or after 2026-12-03 and by 2026-12-09")
        .contains("under penalty of perjury").contains("Sam Subscriber");

    clock.set(cn.restoreAt().minusSeconds(1));
    assertThat(desk.tick().restored()).isEmpty();
    clock.set(cn.restoreAt());
    assertThat(desk.tick().restored()).extracting(CounterNotice::id).containsExactly(cn.id());
    CounterNotice done = desk.counterNotices().find(cn.id()).orElseThrow();
    assertThat(done.state()).isEqualTo(CounterState.RESTORED);
    assertThat(done.restoredAt()).isEqualTo(cn.restoreAt());
    assertThat(desk.outbox().forNotice(noticeId)).extracting(Delivery::purpose).contains(Purpose.RESTORATION_NOTICE);
    assertThat(desk.tick().restored()).isEmpty(); // once
  }

  @Test
  void aLawsuitReportedInTimeCancelsTheRestoration() throws Exception {
    CounterNotice cn = desk.counterNotices().submit(hana, complete(noticeId, RECEIVED));
    clock.set(cn.restoreAt().minus(Duration.ofDays(1)));
    CounterNotice cancelled = desk.counterNotices().reportLawsuit(hana, cn.id(), "S.D.N.Y.", "1:26-cv-04711", "complainant's letter of 2 Dec");
    assertThat(cancelled.state()).isEqualTo(CounterState.CANCELLED_LAWSUIT);
    assertThat(cancelled.lawsuit()).isEqualTo("S.D.N.Y., case 1:26-cv-04711");
    clock.set(cn.restoreAt().plus(Duration.ofDays(10)));
    assertThat(desk.tick().restored()).isEmpty();
    assertThat(desk.counterNotices().find(cn.id()).orElseThrow().state()).isEqualTo(CounterState.CANCELLED_LAWSUIT);
    assertThatThrownBy(() -> desk.counterNotices().reportLawsuit(hana, cn.id(), "x", "y", "z")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anIncompleteCounterNoticeNamesWhatIsMissingAndRunsNoTimer() throws Exception {
    CounterNoticeForm f = complete(noticeId, RECEIVED);
    CounterNoticeForm bad = new CounterNoticeForm(f.noticeId(), null, f.subscriberName(), f.address(), null, f.email(), f.material(), null,
        f.reason(), "I think this was a mistake. Please restore my file.", null, f.receivedAt());
    CounterNotice cn = desk.counterNotices().submit(hana, bad);
    assertThat(cn.state()).isEqualTo(CounterState.INCOMPLETE);
    assertThat(cn.missing()).containsExactly(CounterElement.SIGNATURE, CounterElement.MATERIAL, CounterElement.GOOD_FAITH_UNDER_PERJURY,
        CounterElement.CONTACT, CounterElement.CONSENT_TO_JURISDICTION, CounterElement.ACCEPTS_SERVICE);
    assertThat(cn.restoreAt()).isNull();
    assertThat(desk.outbox().forNotice(noticeId)).extracting(Delivery::purpose).doesNotContain(Purpose.COUNTER_NOTICE_COPY);
    clock.advance(Duration.ofDays(60));
    assertThat(desk.tick().restored()).isEmpty();
  }

  @Test
  void rolesAndBadInput() {
    assertThatThrownBy(() -> desk.counterNotices().submit(Actor.user("v", Role.VIEWER), complete(noticeId, RECEIVED)))
        .isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> desk.counterNotices().submit(hana, complete(noticeId + 1000, RECEIVED)))
        .isInstanceOf(java.util.NoSuchElementException.class).hasMessageContaining("no notice");
    assertThatThrownBy(() -> desk.counterNotices().submit(hana, complete(noticeId, clock.instant().plusSeconds(3600))))
        .hasMessageContaining("in the future");
  }
}
