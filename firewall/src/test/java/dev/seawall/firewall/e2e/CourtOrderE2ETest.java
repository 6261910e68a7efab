package dev.seawall.firewall.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.firewall.lab.FirewallDaemon;
import dev.seawall.firewall.lab.Netns;
import dev.seawall.firewall.lab.RouterLab;
import dev.seawall.firewall.lab.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Court-ordered blocks in the namespace router: the firewall fetches the blocklist from a URL on
 * the internet side (served with an ETag, as the desk serves it), then curl from the subscriber:
 * HTTP with a listed Host and HTTPS with a listed SNI are refused, another name on the same server
 * passes, a listed address is refused, and a name added to the served list is refused after the
 * next refresh, without restarting the daemon.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class CourtOrderE2ETest {
  static RouterLab lab;
  static Services services;
  static final int LIST_PORT = 8089;

  @BeforeAll
  static void up() throws Exception {
    E2E.requirements();
    lab = RouterLab.up('o', true);
    services = new Services(lab);
  }

  @AfterAll
  static void down() {
    if (lab != null) lab.close();
  }

  /** curl from the subscriber to {@code scheme://name/file.bin}, the name resolved to the lab's server. */
  private boolean fetch(String scheme, String name) {
    int port = scheme.equals("https") ? 443 : 80;
    return services.httpOk(scheme + "://" + name + "/file.bin", "-k", "--resolve", name + ":" + port + ":" + lab.srv4());
  }

  @Test
  void listedNamesAndAddressesAreRefusedAndAChangedListAppliesWithoutARestart() throws Exception {
    Path list = lab.ns().dir().resolve("blocklist.txt");
    Files.writeString(list, "# order 1: test court, case 1\npirate-site.example\n*.pirate-site.example\n" + lab.srv6() + "\n");
    list.toFile().setReadable(true, false);
    Path requests = lab.ns().dir().resolve("blocklist-requests.log");
    Files.writeString(requests, "");
    Process server = lab.ns().spawn(RouterLab.SEED, lab.ns().dir().resolve("blocklist-server.out"), Services.PY,
        Services.script("blocklist_server.py"), lab.seed4(), Integer.toString(LIST_PORT), list.toString(), requests.toString());
    services.waitPort(RouterLab.SEED, "tcp", LIST_PORT);
    String url = "http://" + lab.seed4() + ":" + LIST_PORT + "/api/blocklist?region=FR";

    try (FirewallDaemon fw = FirewallDaemon.start(lab, "--blocklist", url, "--blocklist-refresh", "1s")) {
      assertThat(fw.log()).contains("court-order blocklist: 3 entries from " + url);
      assertThat(fw.healthStatus()).isEqualTo(200);
      assertThat(fw.get("/health")).contains("\"entries\":3").contains("\"lastError\":null");

      assertThat(fetch("http", "lab.example")).as("HTTP, an unlisted name on the same server").isTrue();
      assertThat(fetch("https", "lab.example")).as("HTTPS, an unlisted name on the same server").isTrue();
      assertThat(fetch("http", "pirate-site.example")).as("HTTP, listed Host").isFalse();
      assertThat(fetch("https", "pirate-site.example")).as("HTTPS, listed SNI").isFalse();
      assertThat(fetch("https", "CDN.Pirate-Site.Example")).as("HTTPS, a name below a *. entry").isFalse();
      assertThat(services.httpV4()).as("the server by address: not listed").isTrue();
      assertThat(services.httpV6()).as("the server's listed IPv6 address").isFalse();
      assertThat(fw.metric("seawall_firewall_court_order_flows_blocked_total{match=\"name\"}")).isEqualTo(3);
      assertThat(fw.metric("seawall_firewall_court_order_flows_blocked_total{match=\"address\"}")).isGreaterThanOrEqualTo(1);
      assertThat(fw.metric("seawall_firewall_blocklist_entries")).isEqualTo(3);

      // Polls of the unchanged list are conditional (If-None-Match) and answered 304.
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (!Files.readAllLines(requests).contains("304") && System.nanoTime() < deadline) Thread.sleep(200);
      assertThat(Files.readAllLines(requests)).contains("304").filteredOn("200"::equals).hasSize(1);

      // The order changes: a new name is listed, the address is lifted. The daemon keeps running.
      assertThat(fetch("https", "new-mirror.example")).as("not listed yet").isTrue();
      Files.writeString(list, "pirate-site.example\n*.pirate-site.example\nnew-mirror.example\n*.new-mirror.example\n");
      deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (fw.metric("seawall_firewall_blocklist_entries") != 4 && System.nanoTime() < deadline) Thread.sleep(200);
      assertThat(fw.metric("seawall_firewall_blocklist_entries")).as("reloaded within 30 s").isEqualTo(4);
      assertThat(fw.log()).contains("court-order blocklist: 4 entries from " + url);
      assertThat(fetch("https", "new-mirror.example")).as("listed after the reload").isFalse();
      assertThat(fetch("http", "new-mirror.example")).isFalse();
      assertThat(services.httpV6()).as("the lifted address").isTrue();
      assertThat(fetch("http", "lab.example")).isTrue();
      assertThat(fw.alive()).isTrue();
      assertThat(Files.readAllLines(requests)).filteredOn("200"::equals).hasSize(2);

      // The desk goes away: the list in force stays, health reports the error.
      Netns.stop(server, Duration.ofSeconds(5));
      deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (!fw.get("/health").contains("cannot connect") && System.nanoTime() < deadline) Thread.sleep(200);
      assertThat(fw.get("/health")).contains("cannot connect").contains("\"entries\":4").contains("\"status\":\"ok\"");
      assertThat(fetch("http", "pirate-site.example")).as("still refused with the last good list").isFalse();
      // Aggregates only: no subscriber address or blocked server address in the log or the metrics.
      PrivacyE2ETest.assertLabelsAreAggregatesOnly(fw.get("/metrics"));
      assertThat(fw.log() + fw.get("/metrics")).doesNotContain(lab.sub4()).doesNotContain(lab.srv4()).doesNotContain(lab.srv6());
    }
  }
}
