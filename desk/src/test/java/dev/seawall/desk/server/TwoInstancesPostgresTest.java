package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.auth.SessionCookie;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.seawall.desk.store.TestPostgres;
import dev.seawall.desk.workflow.TestNotices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two desk instances on one real PostgreSQL database, as behind a load balancer: a login made on
 * one is good on the other (signed cookie, shared secret), the same notices sent to both at once
 * are stored once each, both instances' writes go into one intact audit chain, and a registry
 * change made through one is seen by the other.
 */
@Timeout(180)
class TwoInstancesPostgresTest {
  static final String[] NOTICES = {"acns-two-inline-qp-pgp.eml", "acns-attachment-broken.eml", "text-table-two-rows.eml",
      "xarf3-copyright.json", "forward-nested-rfc822.eml", "iodef-gzip.eml"};

  @Test
  void twoInstancesServeOneDesk() throws Exception {
    String url = TestPostgres.newDatabase();
    byte[] secret = SessionCookie.randomSecret();
    try (TestDesk a = TestDesk.start(url, secret, null); TestDesk b = TestDesk.start(url, secret, null)) {
      // log in on A, use the session on B
      String cookie = login(a, "handler");
      var me = send(b, HttpRequest.newBuilder(URI.create(b.url("/api/me"))).header("Cookie", cookie).GET());
      assertThat(me.statusCode()).isEqualTo(200);
      assertThat(me.body()).contains("\"name\":\"handler\"").contains("\"via\":\"session\"");

      // a change with the session needs the CSRF token, which B's page hands out and A accepts
      String mail = ApiAccessTest.resource("/notices/" + NOTICES[0]);
      var noToken = send(a, HttpRequest.newBuilder(URI.create(a.url("/api/notices"))).header("Cookie", cookie)
          .POST(HttpRequest.BodyPublishers.ofString(mail)));
      assertThat(noToken.statusCode()).isEqualTo(403);
      assertThat(noToken.body()).contains("CSRF");
      String page = send(b, HttpRequest.newBuilder(URI.create(b.url("/queue"))).header("Cookie", cookie).GET()).body();
      Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
      assertThat(m.find()).isTrue();
      var withToken = send(a, HttpRequest.newBuilder(URI.create(a.url("/api/notices"))).header("Cookie", cookie)
          .header("X-CSRF-Token", m.group(1)).POST(HttpRequest.BodyPublishers.ofString(mail)));
      assertThat(withToken.statusCode()).isEqualTo(201);

      // the same notices sent to both instances at once, four times each: each stored once
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<TestDesk.Answer>> answers = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
          for (String n : NOTICES) {
            String body = ApiAccessTest.resource("/notices/" + n);
            for (TestDesk d : new TestDesk[] {a, b}) {
              answers.add(pool.submit(() -> d.call("POST", "/api/notices", "handler2", "message/rfc822", body)));
            }
          }
        }
        int created = 0;
        for (Future<TestDesk.Answer> f : answers) {
          TestDesk.Answer ans = f.get();
          assertThat(ans.status()).as(ans.body()).isIn(200, 201);
          if (ans.status() == 201) created++;
        }
        assertThat(created).isEqualTo(NOTICES.length - 1); // the first was already in
      } finally {
        pool.shutdownNow();
      }
      long total = 0;
      for (TestDesk d : new TestDesk[] {a, b}) {
        var list = d.get("/api/notices?limit=1000", "viewer").json().path("items");
        assertThat(list.size()).isEqualTo(NOTICES.length);
        total = list.size();
      }
      assertThat(total).isEqualTo(NOTICES.length);
      var imports = a.get("/api/audit?action=notice.import&limit=1000", "viewer").json().path("items");
      assertThat(imports.size()).isEqualTo(NOTICES.length);
      var verify = b.get("/api/audit/verify", "admin").json();
      assertThat(verify.path("intact").asBoolean()).as(verify.toString()).isTrue();

      // B answers from its registry cache; a registry import on A reaches B within the cache's age (10 s)
      String lookup = "/api/registry/lookup?ip=198.51.100.23&at=2024-03-01T10:15:30Z";
      assertThat(b.get(lookup, "viewer").json().path("verdict").asString()).isEqualTo("not-ours");
      assertThat(a.call("POST", "/api/registry", "admin", "text/csv", ApiAccessTest.resource("/desk-web/registry.csv")).status())
          .isEqualTo(200);
      assertThat(a.get(lookup, "viewer").json().path("customer").asString()).isEqualTo("acme");
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      String seen = null;
      while (System.nanoTime() < deadline) {
        seen = b.get(lookup, "viewer").json().path("customer").asString();
        if ("acme".equals(seen)) break;
        Thread.sleep(500);
      }
      assertThat(seen).isEqualTo("acme");

      // the totals in /metrics come from the database: the same on both
      assertThat(metric(a, "seawall_desk_notices_received_total")).isEqualTo(metric(b, "seawall_desk_notices_received_total"))
          .isEqualTo(NOTICES.length);
    }
  }

  @Test
  void twoInstancesRunTheWorkflowOnceBetweenThem() throws Exception {
    String url = TestPostgres.newDatabase();
    GreenMail mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));
    mail.start();
    Path dirA = Files.createTempDirectory("desk-a"), dirB = Files.createTempDirectory("desk-b");
    byte[] secret = SessionCookie.randomSecret();
    try (TestDesk a = TestDesk.start(url, secret, dirA, null, dev.seawall.desk.workflow.TestDesk.config(dirA, mail.getSmtp().getPort(), null));
         TestDesk b = TestDesk.start(url, secret, dirB, null, dev.seawall.desk.workflow.TestDesk.config(dirB, mail.getSmtp().getPort(), null))) {
      dev.seawall.desk.workflow.TestDesk.registry(a.services.db);
      Instant seen = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
      int notices = 12;
      for (int i = 0; i < notices; i++) {
        String m = TestNotices.acnsMail("<two-" + i + "@studio.example>", "antipiracy@studio.example", "abuse@isp.example", "TWO-" + i,
            "198.51.100." + (1 + i % 4), 6881 + i, seen.plusSeconds(i), "Film " + i, TestNotices.infohash(i), false);
        TestDesk d = i % 2 == 0 ? a : b;
        assertThat(d.call("POST", "/api/notices", "handler", "message/rfc822", m).status()).isEqualTo(201);
      }
      // both instances' workflow rounds at once, several times: every notice processed and forwarded once
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<WorkflowTicker.Status>> rounds = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
          rounds.add(pool.submit(() -> a.server.ticker().tick()));
          rounds.add(pool.submit(() -> b.server.ticker().tick()));
        }
        int processed = 0;
        for (var f : rounds) {
          assertThat(f.get().error()).isNull();
          processed += f.get().processed();
        }
        assertThat(processed).isEqualTo(notices);
      } finally {
        pool.shutdownNow();
      }
      var cases = a.get("/api/cases?customer=acme", "viewer").json().path("items");
      assertThat(cases.size()).isEqualTo(1); // one open case per service, whichever instance processed the notice
      assertThat(cases.get(0).path("notices").asInt()).isEqualTo(notices);
      assertThat(mail.waitForIncomingEmail(15_000, notices)).isTrue();
      Thread.sleep(500);
      // every mail once (no Message-ID twice), and exactly one forward per notice
      List<String> ids = new ArrayList<>();
      int forwards = 0;
      for (var msg : mail.getReceivedMessagesForDomain("acme.example")) {
        ids.add(msg.getMessageID());
        if (msg.getSubject().contains("Copyright notice")) forwards++;
      }
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(forwards).isEqualTo(notices);
      assertThat(b.get("/api/ledger/acme", "viewer").json().path("status").path("totalStrikes").asLong()).isEqualTo(notices);

      // an order entered on A is decided once: two approvers on A and B at the same time, one wins
      long id = a.postJson("/api/orders", "handler", "{\"court\": \"Court\", \"caseNumber\": \"C-1\", \"jurisdiction\": \"US\","
          + " \"domains\": [\"x.example\"], \"effective\": \"2026-01-01T00:00:00Z\"}").json().path("id").asLong();
      ExecutorService two = Executors.newFixedThreadPool(2);
      try {
        var fa = two.submit(() -> a.postJson("/api/orders/" + id + "/approve", "approver", "{}"));
        var fb = two.submit(() -> b.postJson("/api/orders/" + id + "/approve", "approver2", "{}"));
        List<Integer> statuses = new ArrayList<>(List.of(fa.get().status(), fb.get().status()));
        statuses.sort(null);
        assertThat(statuses).containsExactly(200, 409);
      } finally {
        two.shutdownNow();
      }
      assertThat(a.get("/api/audit/verify", "admin").json().path("intact").asBoolean()).isTrue();
    } finally {
      mail.stop();
      DeskCommand.deleteTree(dirA);
      DeskCommand.deleteTree(dirB);
    }
  }

  static String login(TestDesk d, String user) throws Exception {
    String form = "user=" + user + "&password=" + URLEncoder.encode(TestDesk.PASSWORD, StandardCharsets.UTF_8) + "&next=%2Fqueue";
    var r = send(d, HttpRequest.newBuilder(URI.create(d.url("/login"))).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(r.statusCode()).isEqualTo(303);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
    return setCookie.split(";", 2)[0];
  }

  static HttpResponse<String> send(TestDesk d, HttpRequest.Builder b) throws Exception {
    return d.http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static double metric(TestDesk d, String name) throws Exception {
    for (String line : d.get("/metrics", null).body().split("\n")) {
      if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).strip());
    }
    throw new AssertionError(name + " not in /metrics");
  }
}
