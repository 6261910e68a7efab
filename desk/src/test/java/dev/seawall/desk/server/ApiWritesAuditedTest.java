package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.workflow.TestNotices;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every write the API offers, taken once for real, leaves an entry in the audit log by the token
 * that made it. The list of writes is the served OpenAPI document's, so a new write operation
 * fails this test until it is taken here too. (The null-route writes need netctl and a network
 * namespace: NullRouteApiTest checks their entries.) Mail goes to a closed port: nothing leaves,
 * and what is queued stays pending, which the retry and cancel operations need.
 */
class ApiWritesAuditedTest {
  static TestDesk desk;
  static final Set<String> TAKEN = new TreeSet<>();
  static final Set<String> ELSEWHERE = Set.of("POST /api/nullroutes", "DELETE /api/nullroutes/{address}");

  @BeforeAll
  static void start() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    desk = TestDesk.withWorkflow(closedPort);
  }

  @AfterAll
  static void stop() throws Exception {
    if (desk != null) desk.close();
  }

  /** The id of the newest audit entry (0 when there is none). */
  static long newest() throws Exception {
    JsonNode items = desk.get("/api/audit?limit=1", "viewer").json().path("items");
    return items.isEmpty() ? 0 : items.get(0).path("id").asLong();
  }

  /**
   * Makes the call as {@code user} and checks it succeeded and that the audit log gained an entry
   * by that token whose action starts with {@code action}. Returns the answer.
   */
  static TestDesk.Answer write(String route, String user, String path, String contentType, String body, String action)
      throws Exception {
    long before = newest();
    String method = route.substring(0, route.indexOf(' '));
    TestDesk.Answer a = desk.call(method, path, user, contentType, body);
    assertThat(a.status()).as(route + ": " + a.body()).isBetween(200, 299);
    List<String> mine = new ArrayList<>();
    for (JsonNode e : desk.get("/api/audit?limit=50&actor=token:" + user, "viewer").json().path("items")) {
      if (e.path("id").asLong() > before) mine.add(e.path("action").asString());
    }
    assertThat(mine).as(route + " audited as token:" + user).anyMatch(x -> x.startsWith(action));
    TAKEN.add(route);
    return a;
  }

  static TestDesk.Answer json(String route, String user, String path, String body, String action) throws Exception {
    return write(route, user, path, "application/json", body, action);
  }

  static String notice(String ref, String ip, int i) {
    return TestNotices.acnsMail("<" + ref + "@studio.example>", "antipiracy@studio.example", "abuse@isp.example", ref, ip, 51413,
        Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).plusSeconds(i), "Audit Film " + i,
        TestNotices.infohash(i), false);
  }

  static void tick() {
    assertThat(desk.server.ticker().tick().error()).isNull();
  }

  static String standing(String customer) throws Exception {
    return desk.get("/api/ledger/" + customer, "viewer").json().path("status").path("standing").asString();
  }

  @Test
  void everyWriteIsAuditedWithWhoMadeIt() throws Exception {
    write("POST /api/registry", "admin", "/api/registry", "text/csv", dev.seawall.desk.workflow.TestDesk.REGISTRY, "registry.import");
    // acme: three strikes (acknowledgement required); quiet, which has no abuse contact: six (terminated)
    for (int i = 0; i < 3; i++) {
      write("POST /api/notices", "handler", "/api/notices", "message/rfc822", notice("AU-A" + i, "198.51.100." + (2 + i), i),
          "notice.import");
    }
    for (int i = 0; i < 6; i++) {
      desk.call("POST", "/api/notices", "handler2", "message/rfc822", notice("AU-Q" + i, "198.51.100.66", 10 + i));
    }
    tick();
    assertThat(standing("acme")).isEqualTo("ACK_REQUIRED");
    assertThat(standing("quiet")).isEqualTo("TERMINATED");

    // the ledger
    json("POST /api/ledger/{customer}/acknowledge", "handler", "/api/ledger/acme/acknowledge", "{\"reason\":\"signed form\"}", "ledger.");
    desk.call("POST", "/api/notices", "handler", "message/rfc822", notice("AU-A3", "198.51.100.5", 3));
    tick();
    assertThat(standing("acme")).isEqualTo("SUSPENDED");
    json("POST /api/ledger/{customer}/lift-suspension", "approver", "/api/ledger/acme/lift-suspension",
        "{\"reason\":\"content removed, customer called\"}", "ledger.");
    json("POST /api/ledger/{customer}/reinstate", "approver", "/api/ledger/quiet/reinstate",
        "{\"reason\":\"court found the notices mistaken\"}", "ledger.reinstate");
    long strike = desk.get("/api/ledger/acme", "viewer").json().path("strikes").get(0).path("id").asLong();
    json("POST /api/ledger/strikes/{id}/subscriber", "handler", "/api/ledger/strikes/" + strike + "/subscriber",
        "{\"subscriber\":\"u-1\",\"reason\":\"the customer's log\"}", "ledger.attribute");

    // cases and their mail
    long acmeCase = desk.get("/api/cases?customer=acme", "viewer").json().path("items").get(0).path("id").asLong();
    json("POST /api/cases/{id}/notes", "handler", "/api/cases/" + acmeCase + "/notes", "{\"text\":\"called\"}", "case.note");
    json("POST /api/cases/{id}/close", "handler", "/api/cases/" + acmeCase + "/close", "{\"reason\":\"content removed\"}",
        "case.close");
    json("POST /api/cases/{id}/reopen", "handler2", "/api/cases/" + acmeCase + "/reopen", "{\"reason\":\"new evidence\"}",
        "case.reopen");
    long quietCase = desk.get("/api/cases?customer=quiet", "viewer").json().path("items").get(0).path("id").asLong();
    long failed = -1;
    for (JsonNode d : desk.get("/api/cases/" + quietCase, "viewer").json().path("deliveries")) {
      if (d.path("state").asString().equals("FAILED")) failed = d.path("id").asLong();
    }
    assertThat(failed).as("quiet's forward has no recipient").isPositive();
    json("POST /api/deliveries/{id}/retry", "handler", "/api/deliveries/" + failed + "/retry",
        "{\"recipient\":\"abuse@quiet.example\",\"reason\":\"address from the contract\"}", "mail.retry");
    json("POST /api/deliveries/{id}/cancel", "handler2", "/api/deliveries/" + failed + "/cancel", "{\"reason\":\"sent by hand\"}",
        "mail.cancel");

    // a counter-notice, then the complainant's lawsuit
    long noticeId = desk.get("/api/cases/" + acmeCase, "viewer").json().path("notices").get(0).path("noticeId").asLong();
    String form = """
        {"noticeId": %d, "customer": "acme", "subscriberName": "Sam Subscriber", "address": "1 Main St, Springfield, IL 62701",
         "phone": "+1 217 555 0199", "email": "sam@customer.example", "material": "the file Film.mkv",
         "priorLocation": "198.51.100.2", "reason": "MISIDENTIFIED", "signature": "/s/ Sam Subscriber",
         "statement": "I swear, under penalty of perjury, that I have a good faith belief that the material was removed or disabled as a result of mistake or misidentification of the material to be removed or disabled. I consent to the jurisdiction of the Federal District Court for the judicial district in which my address is located, and I will accept service of process from the person who provided the notification."}
        """.formatted(noticeId);
    JsonNode cn = json("POST /api/counter-notices", "handler", "/api/counter-notices", form, "counter.submit").json();
    assertThat(cn.path("state").asString()).isEqualTo("SCHEDULED");
    json("POST /api/counter-notices/{id}/lawsuit", "handler2", "/api/counter-notices/" + cn.path("id").asLong() + "/lawsuit",
        "{\"court\":\"N.D. Cal.\",\"caseNumber\":\"3:26-cv-01\",\"reason\":\"complaint served\"}", "counter.lawsuit");

    // designated agents and enforced exits
    long agent = json("POST /api/agents", "admin", "/api/agents", """
        {"entity": "Acme Hosting LLC", "customer": "acme", "agentName": "Pat Agent", "email": "dmca@acme.example",
         "registeredOn": "2024-02-01"}""", "agent.register").json().path("id").asLong();
    json("POST /api/agents/{id}/renew", "admin", "/api/agents/" + agent + "/renew", "{\"reason\":\"filed again\"}", "agent.renew");
    json("POST /api/agents/{id}/retire", "admin", "/api/agents/" + agent + "/retire", "{\"reason\":\"customer left\"}", "agent.retire");
    long exit = json("POST /api/exits", "admin", "/api/exits", "{\"customer\":\"vpnco\",\"service\":\"exit-nyc\",\"enforcer\":\"firewall\"}",
        "exit.enforce").json().path("id").asLong();
    json("POST /api/exits/{id}/end", "admin", "/api/exits/" + exit + "/end", "{\"reason\":\"exit retired\"}", "exit.enforce-end");

    // court orders: entered, approved, revoked; another rejected
    String order = """
        {"court": "High Court", "caseNumber": "HC-%s", "jurisdiction": "GB", "domains": ["audit-films.example"],
         "effective": "2026-01-01T00:00:00Z"}""";
    long o1 = json("POST /api/orders", "handler", "/api/orders", order.formatted("1"), "order.create").json().path("id").asLong();
    json("POST /api/orders/{id}/approve", "approver", "/api/orders/" + o1 + "/approve", "{\"reason\":\"checked\"}", "order.approve");
    json("POST /api/orders/{id}/revoke", "approver2", "/api/orders/" + o1 + "/revoke", "{\"reason\":\"set aside on appeal\"}",
        "order.revoke");
    long o2 = desk.postJson("/api/orders", "handler2", order.formatted("2")).json().path("id").asLong();
    json("POST /api/orders/{id}/reject", "approver", "/api/orders/" + o2 + "/reject", "{\"reason\":\"duplicate\"}", "order.reject");

    // every write operation of the API was taken above (or is checked elsewhere)
    Set<String> writes = new TreeSet<>();
    for (Map.Entry<String, JsonNode> p : desk.get("/api/openapi.json", null).json().path("paths").properties()) {
      for (String method : p.getValue().propertyNames()) {
        if (!method.equals("get")) writes.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey());
      }
    }
    Set<String> expected = new TreeSet<>(writes);
    expected.removeAll(ELSEWHERE);
    assertThat(TAKEN).isEqualTo(expected);
    assertThat(writes).containsAll(ELSEWHERE);

    // and the log they went into is intact
    JsonNode verify = desk.get("/api/audit/verify", "admin").json();
    assertThat(verify.path("intact").asBoolean()).isTrue();
  }
}
