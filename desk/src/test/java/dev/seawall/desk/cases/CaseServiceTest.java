package dev.seawall.desk.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditEntry;
import dev.seawall.desk.audit.PermissionDenied;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.forward.Delivery;
import dev.seawall.desk.forward.Purpose;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.RawNotice;
import dev.seawall.desk.registry.ServiceKind;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.store.RegistryStore;
import dev.seawall.desk.registry.RegistryCsv;
import dev.seawall.desk.workflow.Desk;
import dev.seawall.desk.workflow.MutableClock;
import dev.seawall.desk.workflow.TestDatabases;
import dev.seawall.desk.workflow.TestDesk;
import dev.seawall.desk.workflow.TestNotices;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Cases: grouping per customer service, the case page, closing and reopening, the review case, overdue queue. H2 and PostgreSQL. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgresql"})
class CaseServiceTest {
  @Parameter String kind;
  @TempDir Path tmp;

  MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
  Database db;
  Desk desk;
  int serial;
  final Actor hana = Actor.user("hana", Role.HANDLER);

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabases.open(kind, tmp);
    TestDesk.registry(db);
    // an address leased to two customers at once: not attributable with certainty
    var rows = RegistryCsv.read(new StringReader("""
        customer,name,reseller,abuse_contact,service,kind,resource,ports,origin_ip,valid_from,valid_until
        twin-a,Twin A,,a@twin.example,s,dedicated,198.51.100.200,,,2020-01-01,
        twin-b,Twin B,,b@twin.example,s,dedicated,198.51.100.200,,,2020-01-01,
        """), "twins.csv");
    new RegistryStore(db).importRows(rows.customers(), rows.assignments());
    desk = Desk.open(db, TestDesk.config(tmp, 9, null), clock, null);
  }

  @AfterEach
  void tearDown() throws Exception {
    desk.close();
    db.close();
  }

  private void receive(String ip) throws Exception {
    int n = ++serial;
    new Importer(new NoticeStore(db), clock).run(List.of(new RawNotice("t" + n, TestNotices.acnsMail("<k" + n + "@s.example>",
        "a@s.example", "abuse@isp.example", "K-" + n, ip, 6881, clock.instant().minusSeconds(900), "Work " + n, TestNotices.infohash(n),
        false).getBytes(StandardCharsets.UTF_8))));
    desk.processor().processNew(100);
  }

  @Test
  void noticesAboutOneServiceShareAnOpenCaseWithItsPage() throws Exception {
    receive("198.51.100.5");
    receive("198.51.100.6");
    List<CaseView> open = desk.cases().list(CaseFilter.open(10));
    assertThat(open).singleElement().satisfies(v -> {
      assertThat(v.customer()).isEqualTo("acme");
      assertThat(v.service()).isEqualTo("srv-1");
      assertThat(v.kind()).isEqualTo(ServiceKind.DEDICATED);
      assertThat(v.notices()).isEqualTo(2);
      assertThat(v.events()).isEqualTo(2);
      assertThat(v.pendingForwards()).isEqualTo(2);
      assertThat(v.overdue()).isFalse();
    });
    long id = open.getFirst().id();
    CaseDetail d = desk.cases().find(id).orElseThrow();
    assertThat(d.notices()).hasSize(2);
    assertThat(d.notices().getFirst().events()).singleElement().satisfies(e -> {
      assertThat(e.ip()).isEqualTo("198.51.100.5");
      assertThat(e.verdict()).isEqualTo("CUSTOMER");
      assertThat(e.customer()).isEqualTo("acme");
      assertThat(e.infohash()).isEqualTo(TestNotices.infohash(1));
    });
    assertThat(d.deliveries()).extracting(Delivery::purpose).containsOnly(Purpose.FORWARD).hasSize(2);
    assertThat(d.trail()).extracting(AuditEntry::action).containsExactly("case.notice", "case.notice");
    assertThat(new String(desk.cases().original(d.notices().getFirst().noticeId()).orElseThrow(), StandardCharsets.UTF_8))
        .contains("<k1@s.example>");

    // overdue once the 2 h SLA passes without delivery (no SMTP server in this test)
    clock.advance(Duration.ofHours(3));
    assertThat(desk.cases().list(new CaseFilter(null, null, true, 10, 0))).extracting(CaseView::id).containsExactly(id);

    assertThatThrownBy(() -> desk.cases().close(Actor.user("v", Role.VIEWER), id, "done")).isInstanceOf(PermissionDenied.class);
    assertThatThrownBy(() -> desk.cases().close(hana, id, " ")).hasMessageContaining("reason");
    desk.cases().note(hana, id, "customer says the server was compromised");
    CaseView closed = desk.cases().close(hana, id, "customer removed the content");
    assertThat(closed.state()).isEqualTo(CaseState.CLOSED);
    assertThat(closed.closedBy()).isEqualTo("hana");

    receive("198.51.100.5"); // after closing: a new case
    CaseView second = desk.cases().list(CaseFilter.open(10)).getFirst();
    assertThat(second.id()).isNotEqualTo(id);
    assertThatThrownBy(() -> desk.cases().reopen(hana, id, "more to do")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("case " + second.id() + " is open for the same service");
    desk.cases().close(hana, second.id(), "duplicate of " + id);
    assertThat(desk.cases().reopen(hana, id, "more to do").state()).isEqualTo(CaseState.OPEN);
    assertThat(desk.cases().find(id).orElseThrow().trail()).extracting(AuditEntry::action)
        .containsExactly("case.notice", "case.notice", "case.note", "case.close", "case.reopen");
  }

  @Test
  void whatCannotBeAttributedWithCertaintyGoesToReview() throws Exception {
    receive("198.51.100.200");
    CaseView review = desk.cases().list(CaseFilter.open(10)).getFirst();
    assertThat(review.customer()).isNull();
    assertThat(review.events()).isEqualTo(1);
    CaseEvent e = desk.cases().find(review.id()).orElseThrow().notices().getFirst().events().getFirst();
    assertThat(e.verdict()).isEqualTo("UNMATCHED");
    assertThat(e.reason()).contains("several holders").contains("twin-a/s").contains("twin-b/s");
    // nobody was mailed: neither twin is told about a notice that may not concern it, and the sender gets no rejection
    assertThat(desk.outbox().forNotice(desk.cases().find(review.id()).orElseThrow().notices().getFirst().noticeId())).isEmpty();
  }
}
