package dev.seawall.desk.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.seawall.desk.server.TestDesk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real headless Chromium: log in, open a notice, use htmx, read a chart's data. */
@Timeout(180)
class DashboardBrowserTest {
  static TestDesk desk;
  static ChromeDriver browser;
  static GreenMail mail;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start();
    mail = new GreenMail(ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP}));
    mail.start();
    desk = TestDesk.withWorkflow(mail.getSmtp().getPort());
    desk.call("POST", "/api/registry", "admin", "text/csv", resource("/desk-web/registry.csv"));
    for (String f : new String[] {"acns-two-inline-qp-pgp.eml", "text-table-two-rows.eml", "xarf3-copyright.json"}) {
      assertThat(desk.call("POST", "/api/notices", "handler", "message/rfc822", resource("/notices/" + f)).status()).isEqualTo(201);
    }
    // the workflow groups them into cases and forwards them to the customers by SMTP
    assertThat(desk.server.ticker().tick().error()).isNull();
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) browser.quit();
    if (desk != null) desk.close();
    if (mail != null) mail.stop();
  }

  static String resource(String path) throws Exception {
    return Files.readString(Path.of(DashboardBrowserTest.class.getResource(path).toURI()), StandardCharsets.UTF_8);
  }

  WebDriverWait waiting() {
    // A form post replaces the page while a condition may be reading the old one: Chromium then
    // answers "Node with given id does not belong to the document", a plain WebDriverException
    // rather than a stale-element one. Read again on the next poll; a timeout still fails with it.
    return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(WebDriverException.class);
  }

  void logIn(String user, String password) {
    browser.manage().deleteAllCookies();
    browser.get(desk.url("/notices"));
    waiting().until(ExpectedConditions.urlContains("/login"));
    browser.findElement(By.id("user")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("login")).click();
  }

  @Test
  void wrongPasswordStaysOnTheLoginPage() {
    logIn("handler", "not the password");
    WebDriver d = waiting().until(x -> x.findElements(By.id("login-error")).isEmpty() ? null : x);
    assertThat(d.findElement(By.id("login-error")).getText()).contains("Wrong user name or password");
    browser.get(desk.url("/queue"));
    assertThat(browser.getCurrentUrl()).contains("/login");
  }

  @Test
  void logInOpenANoticeLookUpAnAddressAndReadTheChart() {
    logIn("handler", TestDesk.PASSWORD);
    // back where the login was asked for
    waiting().until(ExpectedConditions.urlContains("/notices"));
    assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("handler · handler");

    // open the notice with two events: the original is shown with its events and their match
    browser.findElements(By.cssSelector("#notices tbody a")).stream()
        .filter(a -> !a.getText().isBlank()).reduce((a, b) -> b).orElseThrow().click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("original")));
    assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Notice ");
    List<String> rows = browser.findElements(By.cssSelector("#events tbody tr")).stream().map(e -> e.getText()).toList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).contains("198.51.100.23").contains("51413").contains("customer").contains("acme");
    assertThat(browser.findElement(By.id("original")).getText()).contains("Start ACNS XML");

    // htmx: who held an address then, answered in place
    browser.get(desk.url("/registry"));
    browser.findElement(By.id("lookup-ip")).sendKeys("203.0.113.9");
    browser.findElement(By.id("lookup-at")).sendKeys("2024-05-01T00:00:00Z");
    browser.findElement(By.id("lookup-go")).click();
    var answer = waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("lookup-answer")));
    assertThat(answer.getText()).contains("shared-exit").contains("vpnco");
    assertThat(browser.getCurrentUrl()).endsWith("/registry"); // no page load

    // the chart is drawn from the API and holds the counts of notices received per day
    browser.get(desk.url("/reports"));
    waiting().until(x -> "true".equals(x.findElement(By.cssSelector("[data-charts]")).getDomAttribute("data-loaded")));
    @SuppressWarnings("unchecked")
    List<Number> data = (List<Number>) browser.executeScript(
        "return Chart.getChart(document.getElementById('chart-notices')).data.datasets[0].data;");
    assertThat(data).hasSize(30);
    assertThat(data.getLast().longValue()).isEqualTo(3); // the three notices taken in today
    assertThat(data.stream().mapToLong(Number::longValue).sum()).isEqualTo(3);

    browser.findElement(By.id("logout")).click();
    waiting().until(ExpectedConditions.urlContains("/login"));
    browser.get(desk.url("/queue"));
    assertThat(browser.getCurrentUrl()).contains("/login");
  }

  @Test
  void handlerOpensACaseFromTheQueueNotesAndClosesItAndTheChartsCountTheMailAndTheActions() throws Exception {
    logIn("handler2", TestDesk.PASSWORD);
    waiting().until(ExpectedConditions.urlContains("/notices"));
    browser.get(desk.url("/queue"));
    var link = browser.findElements(By.cssSelector("#open-cases a.case-link")).stream()
        .filter(a -> a.findElement(By.xpath("../..")).getText().contains("srv-1")).findFirst().orElseThrow();
    link.click();
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("case-facts")));
    assertThat(browser.findElement(By.id("case-facts")).getText()).contains("acme").contains("srv-1");
    // the original notice is on the case page
    var original = browser.findElement(By.cssSelector("details.original"));
    original.findElement(By.tagName("summary")).click();
    assertThat(original.findElement(By.tagName("pre")).getText()).contains("Start ACNS XML");
    // the forward to the customer was delivered (GreenMail received it) and is listed with its message-id
    String deliveries = browser.findElement(By.id("deliveries")).getText();
    assertThat(deliveries).contains("FORWARD").contains("abuse@acme.example").contains("SENT");
    assertThat(mail.getReceivedMessagesForDomain("acme.example")).isNotEmpty();

    browser.findElement(By.id("note-text")).sendKeys("called the customer, content removed");
    browser.findElement(By.id("note-add")).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Note added"));
    assertThat(browser.findElement(By.id("trail")).getText()).contains("case.note").contains("handler2")
        .contains("called the customer, content removed");
    browser.findElement(By.id("close-reason")).sendKeys("content removed by the customer");
    browser.findElement(By.id("close-case")).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Case closed"));
    assertThat(browser.findElement(By.id("closed")).getText()).contains("handler2").contains("content removed by the customer");

    browser.get(desk.url("/reports"));
    waiting().until(x -> "true".equals(x.findElement(By.cssSelector("[data-charts]")).getDomAttribute("data-loaded")));
    @SuppressWarnings("unchecked")
    List<Number> forward = (List<Number>) browser.executeScript(
        "return Chart.getChart(document.getElementById('chart-forward')).data.datasets[0].data;");
    @SuppressWarnings("unchecked")
    List<String> buckets = (List<String>) browser.executeScript(
        "return Chart.getChart(document.getElementById('chart-forward')).data.labels;");
    // the chart shows the transparency report's distribution, as the API gives it
    var api = desk.get("/api/reports/charts?days=30", "viewer").json().path("timeToForward");
    assertThat(buckets).hasSize(api.path("labels").size()).startsWith("≤ 5 min");
    for (int i = 0; i < buckets.size(); i++) {
      assertThat(buckets.get(i)).isEqualTo(api.path("labels").get(i).asString());
      assertThat(forward.get(i).longValue()).isEqualTo(api.path("values").get(i).asLong());
    }
    long sent = forwardsSent();
    assertThat(sent).isPositive();
    // delivered right after intake: every forward is in the first bucket
    assertThat(forward.getFirst().longValue()).isEqualTo(sent);
    assertThat(forward.stream().mapToLong(Number::longValue).sum()).isEqualTo(sent);

    // the actions chart: what the repeat-infringer policy did, as the API gives it (acme's first strike was warned)
    @SuppressWarnings("unchecked")
    List<Number> actions = (List<Number>) browser.executeScript(
        "return Chart.getChart(document.getElementById('chart-actions')).data.datasets[0].data;");
    @SuppressWarnings("unchecked")
    List<String> kinds = (List<String>) browser.executeScript(
        "return Chart.getChart(document.getElementById('chart-actions')).data.labels;");
    var apiActions = desk.get("/api/reports/charts?days=30", "viewer").json().path("actions");
    assertThat(kinds).hasSize(apiActions.path("labels").size()).startsWith("warnings");
    for (int i = 0; i < kinds.size(); i++) {
      assertThat(kinds.get(i)).isEqualTo(apiActions.path("labels").get(i).asString());
      assertThat(actions.get(i).longValue()).isEqualTo(apiActions.path("values").get(i).asLong());
    }
    assertThat(actions.getFirst().longValue()).isPositive();
  }

  @Test
  void anOrderEnteredByOneUserIsApprovedByAnother() {
    logIn("handler", TestDesk.PASSWORD);
    waiting().until(ExpectedConditions.urlContains("/notices"));
    browser.get(desk.url("/orders"));
    browser.findElement(By.id("order-court")).sendKeys("High Court");
    browser.findElement(By.id("order-case")).sendKeys("HC-2026-77");
    browser.findElement(By.id("order-jurisdiction")).sendKeys("GB");
    browser.findElement(By.id("order-domains")).sendKeys("streams.example\n*.streams.example");
    browser.findElement(By.id("order-effective")).sendKeys("2026-01-01");
    browser.findElement(By.id("order-submit")).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "needs a second user's approval"));
    var row = browser.findElements(By.cssSelector("#orders tbody tr")).stream().filter(r -> r.getText().contains("HC-2026-77"))
        .findFirst().orElseThrow();
    assertThat(row.getText()).contains("PENDING_APPROVAL");
    assertThat(row.findElements(By.cssSelector("button.approve"))).isEmpty(); // a handler has no approve button

    logIn("approver", TestDesk.PASSWORD);
    waiting().until(ExpectedConditions.urlContains("/notices"));
    browser.get(desk.url("/orders"));
    row = browser.findElements(By.cssSelector("#orders tbody tr")).stream().filter(r -> r.getText().contains("HC-2026-77"))
        .findFirst().orElseThrow();
    row.findElement(By.cssSelector("button.approve")).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "is approved"));
    row = browser.findElements(By.cssSelector("#orders tbody tr")).stream().filter(r -> r.getText().contains("HC-2026-77"))
        .findFirst().orElseThrow();
    assertThat(row.findElement(By.cssSelector("td.state")).getText()).isEqualTo("APPROVED");
  }

  /** Forwards delivered, from the cases the API lists. */
  static long forwardsSent() throws Exception {
    long n = 0;
    for (var c : desk.get("/api/cases?state=closed", "viewer").json().path("items")) n += count(c.path("id").asLong());
    for (var c : desk.get("/api/cases?state=open", "viewer").json().path("items")) n += count(c.path("id").asLong());
    return n;
  }

  static long count(long caseId) throws Exception {
    long n = 0;
    for (var d : desk.get("/api/cases/" + caseId, "viewer").json().path("deliveries")) {
      if (d.path("purpose").asString().equals("FORWARD") && d.path("state").asString().equals("SENT")) n++;
    }
    return n;
  }
}
