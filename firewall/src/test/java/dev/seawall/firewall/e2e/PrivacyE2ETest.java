package dev.seawall.firewall.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.Kind;
import dev.seawall.firewall.lab.FirewallDaemon;
import dev.seawall.firewall.lab.Netns;
import dev.seawall.firewall.lab.RouterLab;
import dev.seawall.firewall.lab.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No user address, port or info-hash reaches the firewall's log, files or metrics, after it has
 * judged ordinary traffic and blocked BitTorrent whose addresses, ports and info-hash are known.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PrivacyE2ETest {
  static RouterLab lab;
  static Services services;

  static final String INFOHASH = "a1b2c3d4e5f60718293a4b5c6d7e8f9001122334"; // bt_probe.py's handshake
  static final int PROBE_PORT = 45678, UDP_PORT = 47777;

  @BeforeAll
  static void up() throws Exception {
    E2E.requirements();
    lab = RouterLab.up('p', true);
    services = new Services(lab);
  }

  @AfterAll
  static void down() {
    if (lab != null) lab.close();
  }

  @Test
  void nothingAboutAUserIsLoggedWrittenOrExported() throws Exception {
    E2E.sink(lab, services, "0.0.0.0", 6881);
    String metrics, health;
    FirewallDaemon fw = FirewallDaemon.start(lab, "--queues", "0-1", "--mode", "enforce");
    try {
      assertThat(E2E.probe(lab, lab.seed4(), 6881, PROBE_PORT).out()).contains("result reset");
      assertThat(E2E.probe(lab, lab.seed6(), 6881, PROBE_PORT + 1).out()).contains("result reset");
      assertThat(services.httpV4()).isTrue();
      assertThat(services.dns()).isTrue();
      Netns.check(lab.run(RouterLab.SUB, Duration.ofSeconds(10), Services.PY, "-c",
          "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\ns.bind(('0.0.0.0'," + UDP_PORT + "))\n"
              + "s.sendto(b'd1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe', ('" + lab.seed4() + "', 6881))"),
          "udp");
      E2E.sleep(500);
      assertThat(fw.metric("seawall_firewall_flows_judged_total{verdict=\"blocked\"}")).isGreaterThanOrEqualTo(2);
      metrics = fw.get("/metrics");
      health = fw.get("/health");
    } finally {
      fw.terminate(Duration.ofSeconds(20));
    }
    String log = fw.log();
    assertThat(log).contains("rules removed"); // the log is there and was read whole

    List<String> forbidden = new ArrayList<>(List.of(lab.sub4(), lab.srv4(), lab.seed4(), lab.address("SUB6"),
        lab.srv6(), lab.seed6(), "10.231.", "fd00:231", INFOHASH, INFOHASH.toUpperCase(Locale.ROOT), "swfwprobe", "-TR3000-"));
    List<Pattern> ports = Arrays.asList(Pattern.compile("\\b" + PROBE_PORT + "\\b"), Pattern.compile("\\b" + (PROBE_PORT + 1) + "\\b"),
        Pattern.compile("\\b" + UDP_PORT + "\\b"), Pattern.compile("\\b6881\\b"));
    for (String[] source : new String[][] {{"log", log}, {"/metrics", metrics}, {"/health", health}}) {
      for (String f : forbidden) assertThat(source[1]).as("%s mentions %s", source[0], f).doesNotContain(f);
    }
    for (Pattern p : ports) assertThat(p.matcher(log).find()).as("log mentions port %s", p).isFalse();
    assertLabelsAreAggregatesOnly(metrics);
    // It wrote nothing: its working directory (also java.io.tmpdir) is as empty as it started.
    try (var files = Files.list(fw.workDir())) {
      assertThat(files.map(Path::toString).toList()).isEmpty();
    }
  }

  /** Every label of every metric takes a value from a fixed vocabulary: nothing per flow or per user. */
  static void assertLabelsAreAggregatesOnly(String metrics) {
    Set<String> kinds = Arrays.stream(Kind.values()).map(Kind::label).collect(Collectors.toSet());
    Pattern label = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    int labelled = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("#") || !line.contains("{")) continue;
      Matcher m = label.matcher(line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1));
      while (m.find()) {
        labelled++;
        String k = m.group(1), v = m.group(2);
        switch (k) {
          case "queue" -> assertThat(v).as(line).matches("\\d{1,2}");
          case "kind" -> assertThat(kinds).as(line).contains(v);
          case "verdict" -> assertThat(v).as(line).isIn("clean", "allowed", "blocked", "would_block");
          case "action" -> assertThat(v).as(line).isIn("inspect", "offload", "block");
          case "what" -> assertThat(v).as(line).isIn("malformed_packet", "truncated_netlink", "packet_without_id", "inspector_error");
          case "reason" -> assertThat(v).as(line).isIn("queue_full", "socket_full");
          case "match" -> assertThat(v).as(line).isIn("name", "address"); // court orders: what matched, never which
          case "le", "quantile" -> assertThat(v).as(line).matches("[0-9.eE+-]+|\\+Inf");
          default -> throw new AssertionError("unexpected label '" + k + "' in: " + line);
        }
      }
    }
    assertThat(labelled).isPositive();
  }
}
