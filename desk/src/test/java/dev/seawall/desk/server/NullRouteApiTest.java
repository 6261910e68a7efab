package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.testkit.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Null-routes through the desk's API with netctl's kernel backend in a network namespace this test
 * creates: the blackhole route appears and goes, the rails refuse with the rail's message, every
 * change is audited; the dashboard's forms do the same for a logged-in handler.
 */
@Timeout(120)
class NullRouteApiTest {
  @TempDir Path dir;

  static String sh(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    return out;
  }

  @Test
  void addListAndLiftThroughTheApi() throws Exception {
    Host.requireRoot();
    Host.requireCommands("ip");
    String ns = "sw" + ProcessHandle.current().pid() + "d";
    sh("ip", "netns", "add", ns);
    try {
      sh("ip", "-n", ns, "link", "set", "lo", "up");
      // a router's side: its own address in the range (veth, both ends in the namespace)
      sh("ip", "-n", ns, "link", "add", "r0", "type", "veth", "peer", "name", "r1");
      sh("ip", "-n", ns, "addr", "add", "192.0.2.1/24", "dev", "r0");
      sh("ip", "-n", ns, "link", "set", "r0", "up");
      sh("ip", "-n", ns, "link", "set", "r1", "up");
      Path cfg = dir.resolve("netctl.json");
      Files.writeString(cfg, """
          {"state": "nullroutes.json",
           "backend": {"type": "kernel", "netns": "%s"},
           "rails": {"ownRanges": ["192.0.2.0/24"], "neverBlackhole": {"192.0.2.53/32": "resolver"},
                     "maxRoutes": 2, "defaultTtl": "1h", "maxTtl": "1d"}}
          """.formatted(ns));
      try (TestDesk desk = TestDesk.start("jdbc:h2:file:" + dir.resolve("desk"), null, null, cfg)) {
        var dry = desk.postJson("/api/nullroutes", "handler", "{\"address\":\"192.0.2.7\",\"reason\":\"check\",\"dryRun\":true}");
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().path("outcome").asString()).isEqualTo("would-announce");
        assertThat(blackholes(ns)).isEmpty();

        var add = desk.postJson("/api/nullroutes", "handler",
            "{\"address\":\"192.0.2.7\",\"reason\":\"3rd strike, case 42\",\"notices\":[\"17\",\"notice-18\"],\"ttl\":\"2h\"}");
        assertThat(add.status()).isEqualTo(201);
        assertThat(add.json().path("outcome").asString()).isEqualTo("announced");
        assertThat(add.json().path("route").path("requestedBy").asString()).isEqualTo("desk:token:handler");
        assertThat(blackholes(ns)).containsExactly("192.0.2.7");

        JsonNode list = desk.get("/api/nullroutes", "viewer").json().path("items");
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).path("prefix").asString()).isEqualTo("192.0.2.7/32");
        assertThat(list.get(0).path("reason").asString()).isEqualTo("3rd strike, case 42");

        var protectedOne = desk.postJson("/api/nullroutes", "handler", "{\"address\":\"192.0.2.53\",\"reason\":\"x\"}");
        assertThat(protectedOne.status()).isEqualTo(409);
        assertThat(protectedOne.field()).isEqualTo("address");
        assertThat(protectedOne.message()).isEqualTo("192.0.2.53/32 is on the never-blackhole list (192.0.2.53/32: resolver)");
        var foreign = desk.postJson("/api/nullroutes", "handler", "{\"address\":\"198.51.100.7\",\"reason\":\"x\"}");
        assertThat(foreign.status()).isEqualTo(409);
        assertThat(foreign.message()).contains("198.51.100.7/32").contains("own ranges");
        var wide = desk.postJson("/api/nullroutes", "handler", "{\"address\":\"192.0.2.0/28\",\"reason\":\"x\"}");
        assertThat(wide.status()).isEqualTo(409);
        var tooLong = desk.postJson("/api/nullroutes", "handler", "{\"address\":\"192.0.2.8\",\"reason\":\"x\",\"ttl\":\"30d\"}");
        assertThat(tooLong.status()).isEqualTo(409);
        assertThat(blackholes(ns)).containsExactly("192.0.2.7");

        assertThat(desk.call("DELETE", "/api/nullroutes/192.0.2.7", "handler", null, null).field()).isEqualTo("reason");
        var lift = desk.call("DELETE", "/api/nullroutes/192.0.2.7?reason=customer%20removed%20the%20content", "handler", null, null);
        assertThat(lift.status()).isEqualTo(200);
        assertThat(lift.json().path("outcome").asString()).isEqualTo("withdrawn");
        assertThat(blackholes(ns)).isEmpty();
        assertThat(desk.call("DELETE", "/api/nullroutes/192.0.2.7?reason=again", "handler", null, null).status()).isEqualTo(404);

        JsonNode audit = desk.get("/api/audit?subject=nullroute:192.0.2.7/32", "viewer").json().path("items");
        List<String> actions = new ArrayList<>();
        audit.forEach(e -> actions.add(e.path("action").asString() + " " + e.path("actor").asString() + " " + e.path("reason").asString()));
        assertThat(actions).containsExactly("nullroute.remove token:handler customer removed the content",
            "nullroute.add token:handler 3rd strike, case 42");
        assertThat(audit.get(1).path("noticeIds").toString()).isEqualTo("[17,18]");

        // the same through the dashboard's forms, as a logged-in handler (session and CSRF token)
        String viewer = TwoInstancesPostgresTest.login(desk, "viewer");
        assertThat(page(desk, viewer)).doesNotContain("id=\"nullroute-form\"");
        String handler = TwoInstancesPostgresTest.login(desk, "handler");
        String html = page(desk, handler);
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(csrf.find()).isTrue();
        var added = form(desk, handler, "/nullroutes", "address=192.0.2.9&reason=strike+5%2C+case+7&notices=21&_csrf=" + csrf.group(1));
        assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
        assertThat(blackholes(ns)).containsExactly("192.0.2.9");
        assertThat(page(desk, viewer)).contains("192.0.2.9/32").contains("strike 5, case 7");
        var lifted = form(desk, handler, "/nullroutes/remove", "prefix=192.0.2.9%2F32&reason=resolved&_csrf=" + csrf.group(1));
        assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(303);
        assertThat(blackholes(ns)).isEmpty();
        assertThat(desk.get("/api/audit?subject=nullroute:192.0.2.9/32", "viewer").json().path("items").toString())
            .contains("nullroute.add").contains("nullroute.remove").contains("\"actor\":\"handler\"");
      }
    } finally {
      sh("ip", "netns", "del", ns);
    }
  }

  static String page(TestDesk desk, String cookie) throws Exception {
    return TwoInstancesPostgresTest.send(desk, java.net.http.HttpRequest.newBuilder(java.net.URI.create(desk.url("/nullroutes")))
        .header("Cookie", cookie).GET()).body();
  }

  static java.net.http.HttpResponse<String> form(TestDesk desk, String cookie, String path, String body) throws Exception {
    return TwoInstancesPostgresTest.send(desk, java.net.http.HttpRequest.newBuilder(java.net.URI.create(desk.url(path)))
        .header("Cookie", cookie).header("Origin", desk.url("")).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Blackhole host routes in the namespace, as addresses. */
  static List<String> blackholes(String ns) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : sh("ip", "-n", ns, "route", "show", "type", "blackhole").split("\n")) {
      if (!line.isBlank()) out.add(line.strip().split("\\s+")[1]);
    }
    return out;
  }
}
