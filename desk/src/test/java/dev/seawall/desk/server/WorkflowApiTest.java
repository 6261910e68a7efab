package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.seawall.desk.workflow.TestNotices;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The workflow through the API, with mail to a real SMTP server (GreenMail on loopback): cases and
 * their forwards, each role's limits on cases, the ledger, counter-notices, designated agents and
 * court orders (entered by one user, approved by another — never the one who entered it).
 */
class WorkflowApiTest {
  static GreenMail mail;
  static TestDesk desk;
  static long caseId;

  @BeforeAll
  static void start() throws Exception {
    mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));
    mail.start();
    desk = TestDesk.withWorkflow(mail.getSmtp().getPort());
    dev.seawall.desk.workflow.TestDesk.registry(desk.services.db);
    Instant seen = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      String m = TestNotices.acnsMail("<wf-" + i + "@studio.example>", "antipiracy@studio.example", "abuse@isp.example", "WF-" + i,
          "198.51.100." + (2 + i), 51413, seen.plusSeconds(i), "Example Film " + i, TestNotices.infohash(i), false);
      assertThat(desk.call("POST", "/api/notices", "handler", "message/rfc822", m).status()).isEqualTo(201);
    }
    var tick = desk.server.ticker().tick();
    assertThat(tick.error()).isNull();
    assertThat(tick.processed()).isEqualTo(3);
    assertThat(mail.waitForIncomingEmail(10_000, 1)).isTrue();
    JsonNode cases = desk.get("/api/cases?customer=acme", "viewer").json().path("items");
    assertThat(cases.size()).isEqualTo(1);
    caseId = cases.get(0).path("id").asLong();
  }

  @AfterAll
  static void stop() throws Exception {
    if (desk != null) desk.close();
    if (mail != null) mail.stop();
  }

  @Test
  void caseShowsItsNoticesAndTheForwardsDelivered() throws Exception {
    JsonNode d = desk.get("/api/cases/" + caseId, "viewer").json();
    assertThat(d.path("view").path("customer").asString()).isEqualTo("acme");
    assertThat(d.path("notices").size()).isEqualTo(3);
    assertThat(d.path("notices").get(0).path("events").get(0).path("verdict").asString()).isEqualTo("CUSTOMER");
    JsonNode forwards = d.path("deliveries");
    assertThat(forwards.size()).isGreaterThanOrEqualTo(3);
    for (JsonNode f : forwards) {
      if (!f.path("purpose").asString().equals("FORWARD")) continue;
      assertThat(f.path("state").asString()).isEqualTo("SENT");
      assertThat(f.path("recipient").asString()).isEqualTo("noc@acme.example");
      assertThat(f.path("messageId").asString()).isNotBlank();
    }
    assertThat(mail.getReceivedMessagesForDomain("acme.example")).hasSizeGreaterThanOrEqualTo(3);
  }

  @Test
  void onlyHandlersChangeCasesAndEachChangeIsInTheTrail() throws Exception {
    assertThat(desk.postJson("/api/cases/" + caseId + "/notes", "viewer", "{\"text\":\"looked at it\"}").status()).isEqualTo(403);
    var note = desk.postJson("/api/cases/" + caseId + "/notes", "handler", "{\"text\":\"customer called back\"}");
    assertThat(note.status()).isEqualTo(201);
    assertThat(desk.postJson("/api/cases/" + caseId + "/close", "handler", "{}").field()).isEqualTo("reason");
    var missing = desk.postJson("/api/cases/987654/close", "handler", "{\"reason\":\"x\"}");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.message()).isEqualTo("no case 987654");

    // a second, separate case to close and reopen (keeps the first one for the other tests)
    String m = TestNotices.acnsMail("<wf-q@studio.example>", "antipiracy@studio.example", "abuse@isp.example", "WF-Q",
        "198.51.100.66", 6881, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS), "Quiet Film",
        TestNotices.infohash(99), false);
    desk.call("POST", "/api/notices", "handler", "message/rfc822", m);
    desk.server.ticker().tick();
    long quiet = desk.get("/api/cases?customer=quiet", "viewer").json().path("items").get(0).path("id").asLong();
    var close = desk.postJson("/api/cases/" + quiet + "/close", "handler2", "{\"reason\":\"customer removed the content\"}");
    assertThat(close.status()).isEqualTo(200);
    assertThat(close.json().path("state").asString()).isEqualTo("CLOSED");
    assertThat(desk.postJson("/api/cases/" + quiet + "/close", "handler2", "{\"reason\":\"again\"}").status()).isEqualTo(409);
    assertThat(desk.postJson("/api/cases/" + quiet + "/reopen", "handler", "{\"reason\":\"new evidence\"}").status()).isEqualTo(200);
    JsonNode trail = desk.get("/api/cases/" + quiet, "viewer").json().path("trail");
    assertThat(trail.toString()).contains("\"action\":\"case.close\"").contains("\"actor\":\"token:handler2\"")
        .contains("customer removed the content").contains("\"action\":\"case.reopen\"");
    // quiet has no abuse contact: its forward failed and can be retried to a corrected address
    JsonNode deliveries = desk.get("/api/cases/" + quiet, "viewer").json().path("deliveries");
    long failed = -1;
    for (JsonNode d : deliveries) if (d.path("state").asString().equals("FAILED")) failed = d.path("id").asLong();
    assertThat(failed).isPositive();
    assertThat(desk.postJson("/api/deliveries/" + failed + "/retry", "viewer", "{\"reason\":\"x\"}").status()).isEqualTo(403);
    var retry = desk.postJson("/api/deliveries/" + failed + "/retry", "handler",
        "{\"recipient\":\"abuse@quiet.example\",\"reason\":\"address from the contract\"}");
    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.json().path("recipient").asString()).isEqualTo("abuse@quiet.example");
  }

  @Test
  void courtOrdersNeedASecondUser() throws Exception {
    String order = """
        {"court": "Tribunal judiciaire de Paris", "caseNumber": "RG 26/0001", "jurisdiction": "FR", "geoScope": ["FR"],
         "domains": ["pirate-films.example", "*.pirate-films.example"], "effective": "2026-01-01T00:00:00Z"}""";
    assertThat(desk.postJson("/api/orders", "viewer", order).status()).isEqualTo(403);
    var bad = desk.postJson("/api/orders", "handler", order.replace("\"pirate-films.example\",", "\"not a domain!\","));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).contains("not a domain!");
    var created = desk.postJson("/api/orders", "handler", order);
    assertThat(created.status()).isEqualTo(201);
    long id = created.json().path("id").asLong();
    assertThat(created.json().path("state").asString()).isEqualTo("PENDING_APPROVAL");
    assertThat(created.json().path("createdBy").asString()).isEqualTo("token:handler");

    var handlerApproves = desk.postJson("/api/orders/" + id + "/approve", "handler", "{}");
    assertThat(handlerApproves.status()).isEqualTo(403);
    assertThat(handlerApproves.message()).contains("approver");
    assertThat(desk.get("/api/blocklist", "viewer").body()).doesNotContain("pirate-films.example");

    var approved = desk.postJson("/api/orders/" + id + "/approve", "approver", "{\"reason\":\"checked against the judgment\"}");
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json().path("state").asString()).isEqualTo("APPROVED");
    assertThat(approved.json().path("decidedBy").asString()).isEqualTo("token:approver");
    assertThat(desk.postJson("/api/orders/" + id + "/approve", "approver2", "{}").status()).isEqualTo(409);

    // the one who entered an order cannot approve it, whatever the role
    for (String user : new String[] {"approver", "admin"}) {
      long own = desk.postJson("/api/orders", user, order.replace("RG 26/0001", "RG 26/" + user)).json().path("id").asLong();
      var self = desk.postJson("/api/orders/" + own + "/approve", user, "{}");
      assertThat(self.status()).as(user).isEqualTo(403);
      assertThat(self.message()).contains("may not approve it too");
      assertThat(desk.postJson("/api/orders/" + own + "/reject", "approver2", "{}").field()).isEqualTo("reason");
      assertThat(desk.postJson("/api/orders/" + own + "/reject", "approver2", "{\"reason\":\"duplicate of RG 26/0001\"}").status())
          .isEqualTo(200);
    }

    var list = desk.get("/api/blocklist", "viewer");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains("pirate-films.example").contains("*.pirate-films.example");
    String etag = list.raw().headers().firstValue("ETag").orElseThrow();
    var again = desk.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(desk.url("/api/blocklist")))
        .header("Authorization", "Bearer " + desk.token("viewer")).header("If-None-Match", etag).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(desk.get("/api/blocklist?region=US", "viewer").body()).doesNotContain("pirate-films.example");

    JsonNode audit = desk.get("/api/audit?subject=order:" + id, "viewer").json().path("items");
    assertThat(audit.toString()).contains("order.create").contains("order.approve").contains("token:approver");
  }

  @Test
  void ledgerAndItsLimits() throws Exception {
    JsonNode page = desk.get("/api/ledger/acme", "viewer").json();
    assertThat(page.path("status").path("totalStrikes").asLong()).isEqualTo(3);
    assertThat(page.path("strikes").size()).isEqualTo(3);
    assertThat(page.path("actions").toString()).contains("WARN");
    assertThat(desk.get("/api/ledger/nobody-here", "viewer").status()).isEqualTo(404);
    assertThat(desk.get("/api/ledger/policy", "viewer").json().path("rules").size()).isEqualTo(5);
    // ACK is required from 3 strikes: a handler records it; reinstating needs an approver
    var ack = desk.postJson("/api/ledger/acme/acknowledge", "handler", "{\"reason\":\"signed form received\"}");
    assertThat(ack.status()).as(ack.body()).isEqualTo(200);
    assertThat(ack.json().path("standing").asString()).isEqualTo("ACTIVE");
    assertThat(desk.postJson("/api/ledger/acme/reinstate", "handler", "{\"reason\":\"x\"}").status()).isEqualTo(403);
    assertThat(desk.postJson("/api/ledger/acme/reinstate", "approver", "{\"reason\":\"x\"}").status()).isEqualTo(409);
    long strike = page.path("strikes").get(0).path("id").asLong();
    var attributed = desk.postJson("/api/ledger/strikes/" + strike + "/subscriber", "handler",
        "{\"subscriber\":\"u-17\",\"reason\":\"the customer's log\"}");
    assertThat(attributed.status()).isEqualTo(200);
    assertThat(attributed.json().path("party").path("subscriber").asString()).isEqualTo("u-17");
  }

  @Test
  void transparencyReportInEachFormat() throws Exception {
    var json = desk.get("/api/reports/transparency", "viewer");
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.json().path("notices").path("received").asLong()).isGreaterThanOrEqualTo(3);
    var csv = desk.get("/api/reports/transparency?format=csv", "viewer");
    assertThat(csv.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.body().lines().count()).isGreaterThan(5);
    var html = desk.get("/api/reports/transparency?format=html&from=2026-01-01", "viewer");
    assertThat(html.body()).startsWith("<!DOCTYPE html>").contains("Transparency report");
    // the printable page may use its own inline stylesheet, and nothing else
    assertThat(html.raw().headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
    assertThat(desk.get("/api/reports/transparency?format=pdf", "viewer").field()).isEqualTo("format");
    assertThat(desk.get("/api/reports/transparency?from=2026-02-30", "viewer").field()).isEqualTo("from");
    assertThat(desk.get("/api/reports/transparency", null).status()).isEqualTo(401);
  }

  @Test
  void metricsCountWorkflowTotalsFromTheDatabase() throws Exception {
    assertThat(TwoInstancesPostgresTest.metric(desk, "seawall_desk_forwards_total")).isGreaterThanOrEqualTo(3);
    assertThat(TwoInstancesPostgresTest.metric(desk, "seawall_desk_cases_open")).isGreaterThanOrEqualTo(1);
    assertThat(TwoInstancesPostgresTest.metric(desk, "seawall_desk_forwards_overdue")).isGreaterThanOrEqualTo(0);
    assertThat(TwoInstancesPostgresTest.metric(desk, "seawall_desk_strikes_total")).isGreaterThanOrEqualTo(3);
    assertThat(desk.get("/metrics", null).body()).contains("seawall_desk_ledger_actions_total{kind=\"warn\"}");
    var health = desk.get("/health", null).json();
    assertThat(health.path("workflow").asString()).startsWith("last round");
  }

  @Test
  void counterNoticesAndAgents() throws Exception {
    long notice = desk.get("/api/cases/" + caseId, "viewer").json().path("notices").get(0).path("noticeId").asLong();
    String form = """
        {"noticeId": %d, "customer": "acme", "subscriberName": "Pat Doe", "reason": "MISIDENTIFIED",
         "statement": "I swear under penalty of perjury that the material was removed by mistake."}""".formatted(notice);
    assertThat(desk.postJson("/api/counter-notices", "viewer", form).status()).isEqualTo(403);
    var cn = desk.postJson("/api/counter-notices", "handler", form);
    assertThat(cn.status()).isEqualTo(201);
    assertThat(cn.json().path("state").asString()).isEqualTo("INCOMPLETE");
    assertThat(cn.json().path("missing").size()).isPositive();
    assertThat(desk.postJson("/api/counter-notices", "handler", form.replace("MISIDENTIFIED", "BECAUSE")).field()).isEqualTo("reason");
    assertThat(desk.get("/api/counter-notices", "viewer").json().path("items").size()).isEqualTo(1);

    String agent = """
        {"entity": "Acme Hosting LLC", "customer": "acme", "agentName": "Acme DMCA Agent", "email": "dmca@acme.example",
         "registeredOn": "2025-02-01"}""";
    assertThat(desk.postJson("/api/agents", "approver", agent).status()).isEqualTo(403);
    var a = desk.postJson("/api/agents", "admin", agent);
    assertThat(a.status()).isEqualTo(201);
    assertThat(a.json().path("expires").asString()).isEqualTo("2028-02-01");
  }
}
