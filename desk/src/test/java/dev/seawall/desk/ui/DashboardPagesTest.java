package dev.seawall.desk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.seawall.desk.server.TestDesk;
import dev.seawall.desk.workflow.TestNotices;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard page over HTTP with a logged-in viewer, on a desk whose workflow has run: each
 * link of the navigation answers, and each page shows the records it is for (the queue's cases,
 * the customer ledger with its strikes, registry, orders, counter-notices, agents and exits,
 * audit). The browser test drives the interactive parts.
 */
class DashboardPagesTest {
  static GreenMail mail;
  static TestDesk desk;
  static String viewer;

  @BeforeAll
  static void start() throws Exception {
    mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));
    mail.start();
    desk = TestDesk.withWorkflow(mail.getSmtp().getPort());
    dev.seawall.desk.workflow.TestDesk.registry(desk.services.db);
    Instant seen = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      String m = TestNotices.acnsMail("<dp-" + i + "@studio.example>", "antipiracy@studio.example", "abuse@isp.example", "DP-" + i,
          "198.51.100." + (2 + i), 51413, seen.plusSeconds(i), "Page Film " + i, TestNotices.infohash(i), false);
      assertThat(desk.call("POST", "/api/notices", "handler", "message/rfc822", m).status()).isEqualTo(201);
    }
    assertThat(desk.server.ticker().tick().error()).isNull();
    assertThat(desk.postJson("/api/orders", "handler", """
        {"court": "High Court", "caseNumber": "HC-PAGES-1", "jurisdiction": "GB", "domains": ["pages-films.example"],
         "effective": "2026-01-01T00:00:00Z"}""").status()).isEqualTo(201);
    long notice = desk.get("/api/notices?limit=1", "viewer").json().path("items").get(0).path("id").asLong();
    assertThat(desk.postJson("/api/counter-notices", "handler", """
        {"noticeId": %d, "customer": "acme", "subscriberName": "Pat Doe", "reason": "MISIDENTIFIED"}""".formatted(notice)).status())
        .isEqualTo(201);
    assertThat(desk.postJson("/api/agents", "admin", """
        {"entity": "Acme Hosting LLC", "customer": "acme", "agentName": "Pat Agent", "email": "dmca@acme.example",
         "registeredOn": "2025-02-01"}""").status()).isEqualTo(201);
    assertThat(desk.postJson("/api/exits", "admin", """
        {"customer": "vpnco", "service": "exit-nyc", "enforcer": "seawall firewall on exit-nyc"}""").status()).isEqualTo(201);
    viewer = login("viewer");
  }

  @AfterAll
  static void stop() throws Exception {
    if (desk != null) desk.close();
    if (mail != null) mail.stop();
  }

  static String login(String user) throws Exception {
    String form = "user=" + user + "&password=" + URLEncoder.encode(TestDesk.PASSWORD, StandardCharsets.UTF_8) + "&next=%2Fqueue";
    var r = desk.http.send(HttpRequest.newBuilder(URI.create(desk.url("/login"))).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(303);
    return r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  static HttpResponse<String> page(String path, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(desk.url(path))).timeout(Duration.ofSeconds(30));
    if (cookie != null) b.header("Cookie", cookie);
    return desk.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The text of the element with this id (tags removed, whitespace collapsed): what a reader sees there. */
  static String text(String html, String id) {
    Matcher m = Pattern.compile("<(\\w+)[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(html);
    assertThat(m.find()).as("element #" + id).isTrue();
    String tag = m.group(1);
    int end = html.indexOf("</" + tag + ">", m.end());
    return html.substring(m.end(), end < 0 ? html.length() : end).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
  }

  @Test
  void everyLinkOfTheNavigationAnswers() throws Exception {
    String queue = page("/queue", viewer).body();
    Matcher nav = Pattern.compile("<nav>(.*?)</nav>", Pattern.DOTALL).matcher(queue);
    assertThat(nav.find()).isTrue();
    Set<String> links = new LinkedHashSet<>();
    Matcher a = Pattern.compile("href=\"(/[^\"]*)\"").matcher(nav.group(1));
    while (a.find()) links.add(a.group(1));
    assertThat(links).contains("/queue", "/cases", "/notices", "/ledger", "/registry", "/orders", "/counter-notices", "/nullroutes",
        "/reports", "/operator", "/audit");
    List<String> broken = new ArrayList<>();
    for (String link : links) {
      var r = page(link, viewer);
      if (r.statusCode() != 200 || !r.body().contains("<h1>")) broken.add(link + " " + r.statusCode());
      else assertThat(r.body()).as(link).contains("class=\"on\"");
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void pagesNeedALogin() throws Exception {
    for (String path : new String[] {"/queue", "/ledger", "/ledger/acme", "/operator", "/orders", "/audit"}) {
      var r = page(path, null);
      assertThat(r.statusCode()).as(path).isEqualTo(302);
      assertThat(r.headers().firstValue("Location").orElse("")).as(path).startsWith("/login");
    }
  }

  @Test
  void queueListsTheOpenCasesOfTheCustomers() throws Exception {
    String html = page("/queue", viewer).body();
    assertThat(text(html, "count-open")).isEqualTo("1");
    assertThat(text(html, "count-overdue")).isEqualTo("0"); // delivered at once, well inside the SLA
    assertThat(text(html, "open-cases")).contains("acme").contains("srv-1");
  }

  @Test
  void customerLedgerShowsStrikesStandingAndActions() throws Exception {
    // three strikes: the test policy warns at one and asks for an acknowledgement at three
    assertThat(text(page("/ledger", viewer).body(), "parties")).contains("acme ACK_REQUIRED");
    String html = page("/ledger/acme", viewer).body();
    assertThat(text(html, "standing")).startsWith("ACK_REQUIRED");
    Matcher strikes = Pattern.compile("<tr><td>\\d+</td>").matcher(html.substring(html.indexOf("id=\"strikes\"")));
    int rows = 0;
    while (strikes.find()) rows++;
    assertThat(rows).isEqualTo(3);
    assertThat(text(html, "actions")).contains("WARN").contains("REQUIRE_ACK");
    assertThat(page("/ledger/nobody-here", viewer).statusCode()).isEqualTo(404);
  }

  @Test
  void recordsPagesShowWhatWasEntered() throws Exception {
    assertThat(text(page("/registry", viewer).body(), "registry")).contains("acme").contains("198.51.100.0/28");
    assertThat(text(page("/orders", viewer).body(), "orders")).contains("HC-PAGES-1").contains("PENDING_APPROVAL");
    assertThat(text(page("/counter-notices", viewer).body(), "counter-notices")).contains("acme");
    String operator = page("/operator", viewer).body();
    assertThat(text(operator, "agents")).contains("Acme Hosting LLC").contains("dmca@acme.example").contains("2028-02-01");
    assertThat(text(operator, "exits")).contains("vpnco").contains("exit-nyc").contains("seawall firewall on exit-nyc");
    assertThat(text(page("/audit", viewer).body(), "audit")).contains("notice.import").contains("agent.").contains("order.create");
  }
}
