package dev.seawall.firewall.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.firewall.lab.FirewallDaemon;
import dev.seawall.firewall.lab.Netns;
import dev.seawall.firewall.lab.RouterLab;
import dev.seawall.firewall.lab.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What happens when the daemon dies (SIGKILL mid-transfer) or stalls (SIGSTOP until its queue is
 * full), with --fail-open and with --fail-closed; and that bad input never stops it.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class FailureModesE2ETest {
  static RouterLab lab;
  static Services services;
  static Path sink;
  final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void up() throws Exception {
    E2E.requirements();
    lab = RouterLab.up('f', true);
    services = new Services(lab);
    sink = E2E.sink(lab, services, "0.0.0.0", 6881);
  }

  @AfterAll
  static void down() {
    if (lab != null) lab.close();
  }

  @AfterEach
  void stopStarted() {
    for (Process p : started) Netns.stop(p, Duration.ofSeconds(5));
  }

  private boolean httpQuick() {
    return services.httpOk("http://" + lab.srv4() + "/file.bin", "--connect-timeout", "4");
  }

  private void assertTransferNeverStalled(Path iperf, Process p) throws Exception {
    assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
    List<Double> bps = E2E.intervals(Files.readString(iperf));
    assertThat(bps).as("iperf3 per-second throughput: %s", Files.readString(iperf)).hasSizeGreaterThanOrEqualTo(8);
    assertThat(bps).as("every second moved data").allMatch(b -> b > 1e6);
  }

  @Test
  void failOpenKeepsTrafficFlowingWhenKilledMidTransfer() throws Exception {
    String rulesBefore = E2E.filterRules(lab);
    FirewallDaemon fw = FirewallDaemon.start(lab);
    assertThat(E2E.probe(lab, lab.seed4(), 6881, 0).out()).contains("result reset");
    Path iperf = E2E.iperfInBackground(lab, 8, started);
    E2E.sleep(3000);
    fw.kill();
    assertThat(E2E.filterRules(lab)).as("SIGKILL leaves the rules").contains("SEAWALL-FLOW");
    // New flows pass uninspected, BitTorrent included: that is what failing open means.
    assertThat(httpQuick()).isTrue();
    assertThat(E2E.probe(lab, lab.seed4(), 6881, 0).out()).contains("result open");
    assertTransferNeverStalled(iperf, started.getLast());
    // Back up: enforcement resumes on the same rules.
    try (FirewallDaemon again = FirewallDaemon.start(lab)) {
      assertThat(E2E.probe(lab, lab.seed4(), 6881, 0).out()).contains("result reset");
      again.terminate(Duration.ofSeconds(20));
    }
    assertThat(E2E.filterRules(lab)).isEqualTo(rulesBefore);
  }

  @Test
  void failClosedBlocksNewFlowsWhenKilledButJudgedFlowsContinue() throws Exception {
    String rulesBefore = E2E.filterRules(lab);
    FirewallDaemon fw = FirewallDaemon.start(lab, "--fail-closed");
    assertThat(httpQuick()).isTrue();
    Path iperf = E2E.iperfInBackground(lab, 8, started);
    E2E.sleep(3000);
    fw.kill();
    // The iperf3 flows were judged clean and offloaded before the kill: they continue.
    // Anything new waits for a verdict nobody gives.
    assertThat(httpQuick()).as("a new HTTP connection with the daemon dead").isFalse();
    assertThat(E2E.probe(lab, lab.seed4(), 6881, 0).out()).contains("result timeout");
    assertTransferNeverStalled(iperf, started.getLast());
    try (FirewallDaemon again = FirewallDaemon.start(lab, "--fail-closed")) {
      assertThat(httpQuick()).as("service restored once the daemon is back").isTrue();
      again.terminate(Duration.ofSeconds(20));
    }
    assertThat(E2E.filterRules(lab)).isEqualTo(rulesBefore);
    assertThat(httpQuick()).isTrue();
  }

  @Test
  void aFullQueueFailsOpenAndTheDaemonCarriesOn() throws Exception {
    try (FirewallDaemon fw = FirewallDaemon.start(lab, "--queue-maxlen", "8")) {
      fw.signal("STOP");
      try {
        E2E.udpFlows(lab, 8, 30000); // they wait in the queue: now it is full
        assertThat(httpQuick()).as("HTTP while the daemon is stopped and its queue full").isTrue();
      } finally {
        fw.signal("CONT");
      }
      E2E.sleep(1000);
      assertThat(fw.alive()).isTrue();
      assertThat(fw.healthStatus()).isEqualTo(200);
      assertThat(fw.metric("seawall_firewall_packets_queued_total")).isGreaterThanOrEqualTo(8);
      assertThat(E2E.probe(lab, lab.seed4(), 6881, 0).out()).contains("result reset");
    }
  }

  @Test
  void aFullQueueFailsClosedCountsItsDropsAndTheDaemonCarriesOn() throws Exception {
    try (FirewallDaemon fw = FirewallDaemon.start(lab, "--queue-maxlen", "8", "--fail-closed")) {
      fw.signal("STOP");
      try {
        E2E.udpFlows(lab, 8, 31000);
        assertThat(httpQuick()).as("HTTP while the daemon is stopped and its queue full").isFalse();
      } finally {
        fw.signal("CONT");
      }
      E2E.sleep(1000);
      assertThat(fw.healthStatus()).isEqualTo(200);
      assertThat(fw.metric("seawall_firewall_queue_dropped_total{queue=\"0\",reason=\"queue_full\"}")).isPositive();
      assertThat(httpQuick()).isTrue();
    }
  }

  @Test
  void malformedPacketsNeverStopTheDaemon() throws Exception {
    try (FirewallDaemon fw = FirewallDaemon.start(lab)) {
      for (int seed = 1; seed <= 3; seed++) {
        Netns.Result r = lab.run(RouterLab.SUB, Duration.ofSeconds(30), Services.PY, Services.script("malformed.py"),
            lab.seed4(), Integer.toString(seed), "400", lab.sub4());
        assertThat(r.ok()).as("%s", r).isTrue();
      }
      E2E.sleep(500);
      assertThat(fw.alive()).isTrue();
      assertThat(fw.healthStatus()).isEqualTo(200);
      assertThat(fw.metric("seawall_firewall_bad_input_total{what=\"malformed_packet\"}")).isPositive();
      assertThat(fw.metric("seawall_firewall_bad_input_total{what=\"inspector_error\"}")).isZero();
      assertThat(httpQuick()).isTrue();
      assertThat(E2E.probe(lab, lab.seed4(), 6881, 0).out()).contains("result reset");
      assertThat(fw.log()).doesNotContain("Exception").doesNotContain("died");
    }
  }
}
