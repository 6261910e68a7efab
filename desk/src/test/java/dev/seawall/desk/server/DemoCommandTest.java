package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code seawall desk --demo} as its own process: it prints the URL and the demo logins, serves
 * SAMPLE data marked as such, and on SIGTERM stops and deletes its temporary database.
 */
@Timeout(120)
class DemoCommandTest {
  @Test
  void demoStartsPrintsTheUrlAndALoginAndCleansUp() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        DeskCommand.class.getName(), "--demo", "--listen", "127.0.0.1:0").redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (String l; lines.size() < 3 && (l = out.readLine()) != null; ) lines.add(l);
      assertThat(lines).hasSize(3);
      Matcher url = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/) \\(ready (\\d+) ms after start\\)").matcher(lines.get(0));
      assertThat(url.find()).as(lines.get(0)).isTrue();
      Matcher dir = Pattern.compile("in (\\S+) \\(deleted on exit\\)").matcher(lines.get(1));
      assertThat(lines.get(1)).startsWith("DEMO: ").contains("SAMPLE notices").contains("outgoing mail goes to a local sink");
      assertThat(dir.find()).isTrue();
      Matcher pw = Pattern.compile("password for all: (\\S+)\\): viewer, handler, approver, admin").matcher(lines.get(2));
      assertThat(pw.find()).as(lines.get(2)).isTrue();
      System.out.println("demo ready " + url.group(2) + " ms after JVM start");

      HttpClient http = HttpClient.newHttpClient();
      String base = url.group(1);
      var health = http.send(HttpRequest.newBuilder(URI.create(base + "health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      var login = http.send(HttpRequest.newBuilder(URI.create(base + "login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("user=handler&password=" + URLEncoder.encode(pw.group(1), StandardCharsets.UTF_8)
              + "&next=%2Fnotices")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(303);
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
      var page = http.send(HttpRequest.newBuilder(URI.create(base + "notices")).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("id=\"demo-banner\"").contains("SAMPLE data").contains("[SAMPLE]");
      var customers = http.send(HttpRequest.newBuilder(URI.create(base + "api/registry/customers")).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(customers.body()).contains("SAMPLE Hosting Ltd (sample data)");
      // the sample notices went through the workflow: cases with forwards delivered (to the demo's mail sink)
      var queue = http.send(HttpRequest.newBuilder(URI.create(base + "queue")).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(queue.body()).contains("class=\"case-link\"");
      var charts = http.send(HttpRequest.newBuilder(URI.create(base + "api/reports/charts")).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(charts.body()).contains("\"timeToForward\"");
      assertThat(charts.body()).doesNotContain("\"values\":[0,0,0,0,0,0]");

      p.destroy(); // SIGTERM: the shutdown hook stops the server and deletes the demo database
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.exists(Path.of(dir.group(1)))).isFalse();
    } finally {
      p.destroyForcibly();
    }
  }
}
