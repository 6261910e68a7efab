package dev.seawall.desk.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.counter.CounterNoticeTest;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.RawNotice;
import dev.seawall.desk.orders.CourtOrder;
import dev.seawall.desk.orders.CourtOrderDraft;
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
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The transparency report over a small, known history (mail delivered to GreenMail over SMTP). H2 and PostgreSQL. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgresql"})
class TransparencyReportTest {
  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @Parameter String kind;
  @TempDir Path tmp;

  static final Instant T0 = Instant.parse("2026-04-06T09:00:00Z");
  MutableClock clock = new MutableClock(T0);
  Database db;
  Desk desk;
  int serial;

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabases.open(kind, tmp);
    TestDesk.registry(db);
    desk = Desk.open(db, TestDesk.config(tmp, mail.getSmtp().getPort(), null), clock, null);
  }

  @AfterEach
  void tearDown() throws Exception {
    desk.close();
    db.close();
  }

  private void receive(String from, String ip, boolean settlement) throws Exception {
    int n = ++serial;
    String m = TestNotices.acnsMail("<r" + n + "@x.example>", from, "abuse@isp.example", "R-" + n, ip, 6881,
        clock.instant().minusSeconds(3600), "Title " + n, TestNotices.infohash(n), settlement);
    new Importer(new NoticeStore(db), clock).run(List.of(new RawNotice("r" + n, m.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void reportsTheDmcaAndDsaFigures() throws Exception {
    receive("antipiracy@studio.example", "198.51.100.5", false);
    receive("antipiracy@studio.example", "198.51.100.6", false);
    receive("notices@settle.example", "198.51.100.7", true);
    receive("notices@settle.example", "203.0.113.20", false);
    receive("x@evil.example", "192.0.2.1", false);
    desk.processor().processNew(100);
    clock.advance(Duration.ofMinutes(10));
    desk.tick(); // forwards delivered ten minutes after receipt
    clock.advance(Duration.ofDays(1));
    receive("antipiracy@studio.example", "198.51.100.5", false);
    desk.processor().processNew(100);
    clock.advance(Duration.ofHours(3));
    desk.tick(); // this one took three hours

    CourtOrder o = desk.orders().create(Actor.user("hana", Role.HANDLER), new CourtOrderDraft("Tribunale di Milano", "R.G. 1/2026", null, "IT",
        List.of("IT"), List.of("pirate.example"), List.of(), List.of(), T0, null, null, null, null));
    clock.advance(Duration.ofHours(2));
    desk.orders().approve(Actor.user("ann", Role.APPROVER), o.id(), "ok");
    long anyNotice;
    try (Connection c = db.connect(); var rs = c.createStatement().executeQuery("SELECT MIN(id) FROM notice")) {
      rs.next();
      anyNotice = rs.getLong(1);
    }
    desk.counterNotices().submit(Actor.user("hana", Role.HANDLER), CounterNoticeTest.complete(anyNotice, clock.instant()));

    TransparencyReport r = desk.reports().build(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(7)));
    assertThat(r.notices().received()).isEqualTo(6);
    assertThat(r.notices().complete()).isEqualTo(6);
    assertThat(r.notices().settlementOffers()).isEqualTo(1);
    assertThat(r.notices().processedAutomatically()).isEqualTo(6);
    assertThat(r.bySender()).extracting(TransparencyReport.SenderRow::sender, TransparencyReport.SenderRow::received)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("antipiracy@studio.example", 3L),
            org.assertj.core.groups.Tuple.tuple("notices@settle.example", 2L), org.assertj.core.groups.Tuple.tuple("x@evil.example", 1L));
    assertThat(r.events()).isEqualTo(new TransparencyReport.Events(6, 4, 1, 1, 0, 0));
    assertThat(r.forwards().forwards()).isEqualTo(5); // 4 to acme, 1 to the VPN customer
    assertThat(r.forwards().forwardsSent()).isEqualTo(5);
    assertThat(r.forwards().sharedExitAcks()).isEqualTo(1);
    assertThat(r.forwards().rejections()).isEqualTo(1);
    assertThat(r.medianReceiptToForward()).isEqualTo(Duration.ofMinutes(10));
    assertThat(r.p90ReceiptToForward()).isEqualTo(Duration.ofHours(3));
    assertThat(r.medianReceiptToAction()).isEqualTo(Duration.ofMinutes(10));
    assertThat(r.forwardTimes()).extracting(TransparencyReport.Bucket::forwards).containsExactly(0L, 4L, 0L, 1L, 0L, 0L);
    assertThat(r.actions().strikes()).isEqualTo(5); // 4 acme + 1 VPN customer (not the rejected one)
    assertThat(r.actions().warnings()).isEqualTo(2);
    assertThat(r.actions().suspensions()).isEqualTo(1);
    assertThat(r.counterNotices().received()).isEqualTo(1);
    assertThat(r.ordersByJurisdiction()).singleElement().satisfies(row -> {
      assertThat(row.jurisdiction()).isEqualTo("IT");
      assertThat(row.approved()).isEqualTo(1);
      assertThat(row.inForceAtEnd()).isEqualTo(1);
      assertThat(row.medianTimeToApproval()).isEqualTo(Duration.ofHours(2));
    });
    assertThat(r.daily()).hasSize(9); // 5 Apr 09:00 to 13 Apr 09:00 touches nine UTC days
    assertThat(r.daily().get(1).notices()).isEqualTo(5);
    assertThat(r.daily().get(2).notices()).isEqualTo(1);

    JsonNode json = JsonMapper.builder().build().readTree(ReportFormats.json(r));
    assertThat(json.get("notices").get("received").asInt()).isEqualTo(6);
    assertThat(json.get("medianReceiptToForwardSeconds").asLong()).isEqualTo(600);
    assertThat(json.get("from").asString()).isEqualTo("2026-04-05T09:00:00Z");
    assertThat(json.get("ordersByJurisdiction").get(0).get("jurisdiction").asString()).isEqualTo("IT");

    String csv = ReportFormats.csv(r);
    assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo("section,item,metric,value");
    assertThat(csv).contains("notices,,received,6").contains("bySender,antipiracy@studio.example,received,3")
        .contains("report,,medianReceiptToForwardSeconds,600").contains("daily,2026-04-06,notices,5");

    String html = ReportFormats.html(r);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("@media print").contains("<td>x@evil.example</td>")
        .contains("median receipt → forward</th><td class=\"n\">10 min").doesNotContain("<script");
  }

  @Test
  void untrustedTextIsEscapedInTheHtml() {
    String evil = "<script>alert(1)</script>";
    TransparencyReport r = new TransparencyReport(T0, T0.plusSeconds(60), T0, evil,
        new TransparencyReport.Notices(1, 1, 0, 0, 0, 0, 1), List.of(new TransparencyReport.SenderRow(evil, 1, 1, 0, 0)),
        List.of(new TransparencyReport.TypeRow(evil, 1)), List.of(), new TransparencyReport.Events(0, 0, 0, 0, 0, 0),
        new TransparencyReport.Forwards(0, 0, 0, 0, 0, 0), null, null, null, List.of(), new TransparencyReport.Actions(0, 0, 0, 0, 0, 0, 0, 0, 0),
        new TransparencyReport.CounterNotices(0, 0, 0, 0, 0), List.of(new TransparencyReport.OrderRow(evil, 1, 0, 0, 0, 0, null)), List.of());
    String html = ReportFormats.html(r);
    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(ReportFormats.csv(r)).contains("bySender,<script>alert(1)</script>,received,1");
  }
}
