package dev.seawall.desk.ui;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real headless Chromium: log in, open a notice, use htmx, read a chart's data. */
@Timeout(180)
class DashboardBrowserTest {
  static TestDesk desk;
  static ChromeDriver browser;

  @BeforeAll
  static void start() throws Exception {
    browser = Browser.start();
    desk = TestDesk.start();
    desk.call("POST", "/api/registry", "admin", "text/csv", resource("/desk-web/registry.csv"));
    for (String f : new String[] {"acns-two-inline-qp-pgp.eml", "text-table-two-rows.eml", "xarf3-copyright.json"}) {
      assertThat(desk.call("POST", "/api/notices", "handler", "message/rfc822", resource("/notices/" + f)).status()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) browser.quit();
    if (desk != null) desk.close();
  }

  static String resource(String path) throws Exception {
    return Files.readString(Path.of(DashboardBrowserTest.class.getResource(path).toURI()), StandardCharsets.UTF_8);
  }

  WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(15));
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
}
