package dev.seawall.firewall.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.firewall.lab.FirewallDaemon;
import dev.seawall.firewall.lab.Netns;
import dev.seawall.firewall.lab.RouterLab;
import dev.seawall.firewall.lab.Services;
import dev.seawall.testkit.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The firewall in a namespace router with real kernel rules and real programs on both sides:
 * ordinary services cross unharmed, a BitTorrent peer-wire connection is reset at both ends and
 * its later packets are dropped in the kernel, rules appear once and vanish on SIGTERM.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class EnforcementE2ETest {
  static RouterLab lab;
  static Services services;

  @BeforeAll
  static void up() throws Exception {
    Host.requireRoot();
    Host.requireCommands("ip", "iptables", "ip6tables", "iptables-restore", "curl", "openssl", "dnsmasq", "dig", "ssh",
        "sshd", "iperf3", "conntrack", "ss", "opentracker", "mktorrent", "ethtool");
    lab = RouterLab.up('e', true);
    services = new Services(lab);
  }

  @AfterAll
  static void down() {
    if (lab != null) lab.close();
  }

  private Netns.Result probe(String addr, int port) {
    return lab.run(RouterLab.SUB, Duration.ofSeconds(20), Services.PY, Services.script("bt_probe.py"), "client", addr,
        Integer.toString(port));
  }

  private Path startSink(String addr, int port) throws Exception {
    Path log = lab.ns().dir().resolve("sink-" + port + ".log");
    Files.writeString(log, "");
    lab.ns().spawn(RouterLab.SEED, lab.ns().dir().resolve("sink-" + port + ".out"), Services.PY, Services.script("bt_probe.py"),
        "server", addr, Integer.toString(port), log.toString());
    services.waitPort(RouterLab.SEED, "tcp", port);
    return log;
  }

  private static String waitForLine(Path log, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      String s = Files.readString(log).strip();
      if (!s.isEmpty()) return s;
      Thread.sleep(100);
    }
    return "";
  }

  @Test
  void ordinaryTrafficCrossesAndBitTorrentIsResetAtBothEnds() throws Exception {
    Path sink = startSink("0.0.0.0", 6881);
    try (FirewallDaemon fw = FirewallDaemon.start(lab)) {
      assertThat(fw.healthStatus()).isEqualTo(200);
      assertThat(services.httpV4()).as("HTTP download intact").isTrue();
      assertThat(services.httpV6()).as("HTTP over IPv6").isTrue();
      assertThat(services.https()).as("HTTPS download intact").isTrue();
      assertThat(services.dns()).as("DNS over UDP and TCP").isTrue();
      assertThat(services.ssh()).as("SSH session").isTrue();
      assertThat(services.iperf(false, 2)).as("iperf3 TCP bits/s").isGreaterThan(1e8);
      assertThat(services.iperf(true, 2)).as("iperf3 UDP bits/s").isGreaterThan(1e7);
      assertThat(fw.metric("seawall_firewall_flows_judged_total{verdict=\"blocked\"}")).isZero();

      Netns.Result r = probe(lab.seed4(), 6881);
      assertThat(r.out()).as("the client's view: %s", r).contains("result reset");
      assertThat(waitForLine(sink, Duration.ofSeconds(10))).as("the server's view").isEqualTo("reset");
      assertThat(fw.metric("seawall_firewall_flows_blocked_total{kind=\"peer-wire\"}")).isEqualTo(1);
      assertThat(fw.metric("seawall_firewall_tcp_resets_total")).isEqualTo(1);
      // The blocked flow is marked in conntrack, so later packets never reach the daemon.
      Netns.Result ct = lab.run(RouterLab.RTR, Duration.ofSeconds(5), "conntrack", "-L", "-p", "tcp", "--dport", "6881");
      assertThat(ct.out()).contains("mark=" + Integer.toUnsignedString(0x80000000));
      // Ordinary flows were judged and offloaded.
      assertThat(fw.metric("seawall_firewall_flows_judged_total{verdict=\"clean\"}")).isGreaterThanOrEqualTo(8);
      assertThat(fw.healthStatus()).isEqualTo(200);
    }
  }

  @Test
  void ipv6PeerWireIsBlockedToo() throws Exception {
    Path sink = startSink("::", 6882);
    try (FirewallDaemon fw = FirewallDaemon.start(lab)) {
      Netns.Result r = probe(lab.seed6(), 6882);
      assertThat(r.out()).as("%s", r).contains("result reset");
      assertThat(waitForLine(sink, Duration.ofSeconds(10))).isEqualTo("reset");
      assertThat(fw.metric("seawall_firewall_flows_blocked_total{kind=\"peer-wire\"}")).isEqualTo(1);
    }
  }

  @Test
  void aConfirmedPeerStaysBlockedForItsTtlThenItsEndpointIsFreeAgain() throws Exception {
    startSink("0.0.0.0", 6884);
    try (FirewallDaemon fw = FirewallDaemon.start(lab, "--learned-peer-ttl", "3s")) {
      assertThat(probe(lab.seed4(), 6884).out()).contains("result reset"); // the handshake: peer-wire
      // Anything to that endpoint now is refused at its first packet, BitTorrent or not.
      assertThat(plain(lab.seed4(), 6884).out()).contains("result reset");
      assertThat(fw.metric("seawall_firewall_flows_blocked_total{kind=\"learned-peer\"}")).isGreaterThanOrEqualTo(1);
      Thread.sleep(4000); // past the TTL
      assertThat(plain(lab.seed4(), 6884).out()).contains("result open");
    }
  }

  @Test
  void onlyInsideTrafficIsInspectedAndFlowsSpreadOverQueues() throws Exception {
    startSink("0.0.0.0", 6885);
    try (FirewallDaemon fw = FirewallDaemon.start(lab, "--inside-interface", "in0", "--queues", "0-3")) {
      assertThat(probe(lab.seed4(), 6885).out()).contains("result reset");
      assertThat(services.httpV4()).isTrue();
      assertThat(lab.run(RouterLab.RTR, Duration.ofSeconds(5), "cat", "/proc/net/netfilter/nfnetlink_queue").out()
          .lines().count()).isEqualTo(4);
      assertThat(fw.metric("seawall_firewall_workers")).isEqualTo(4);
    }
    // Subscribers behind another interface: this traffic is not theirs, so it is not inspected.
    try (FirewallDaemon fw = FirewallDaemon.start(lab, "--inside-interface", "wg9")) {
      assertThat(probe(lab.seed4(), 6885).out()).contains("result open");
      assertThat(fw.metric("seawall_firewall_packets_queued_total")).isZero();
    }
  }

  @Test
  void localHookInspectsTheRoutersOwnTraffic() throws Exception {
    startSink("0.0.0.0", 6886);
    try (FirewallDaemon fw = FirewallDaemon.start(lab, "--hook", "local")) {
      Netns.Result own = lab.run(RouterLab.RTR, Duration.ofSeconds(20), Services.PY, Services.script("bt_probe.py"),
          "client", lab.seed4(), "6886");
      assertThat(own.out()).as("%s", own).contains("result reset");
      assertThat(lab.run(RouterLab.RTR, Duration.ofSeconds(20), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
          "http://" + lab.srv4() + "/index.html").out()).isEqualTo("200");
      // Forwarded traffic is not this hook's business.
      assertThat(probe(lab.seed4(), 6886).out()).contains("result open");
      assertThat(fw.metric("seawall_firewall_flows_blocked_total{kind=\"peer-wire\"}")).isEqualTo(1);
    }
  }

  private Netns.Result plain(String addr, int port) {
    return lab.run(RouterLab.SUB, Duration.ofSeconds(20), Services.PY, Services.script("bt_probe.py"), "plain", addr,
        Integer.toString(port));
  }

  @Test
  void monitorModeBlocksNothing() throws Exception {
    Path sink = startSink("0.0.0.0", 6883);
    try (FirewallDaemon fw = FirewallDaemon.start(lab, "--mode", "monitor")) {
      Netns.Result r = probe(lab.seed4(), 6883);
      assertThat(r.out()).as("%s", r).contains("result open");
      assertThat(fw.metric("seawall_firewall_flows_would_block_total{kind=\"peer-wire\"}")).isEqualTo(1);
      assertThat(fw.metric("seawall_firewall_flows_blocked_total{kind=\"peer-wire\"}")).isZero();
    }
    assertThat(waitForLine(sink, Duration.ofSeconds(15))).startsWith("eof");
  }

  @Test
  void rulesAreInstalledOnceAndRemovedOnSigterm() throws Exception {
    String empty = rules();
    FirewallDaemon first = FirewallDaemon.start(lab, "--queues", "0-1");
    String installed = rules();
    assertThat(installed).contains("-A FORWARD -j SEAWALL-FORWARD", "--queue-balance 0:1 --queue-bypass");
    // A crash leaves the rules; the next start must not duplicate them.
    first.kill();
    assertThat(rules()).isEqualTo(installed);
    try (FirewallDaemon second = FirewallDaemon.start(lab, "--queues", "0-1")) {
      assertThat(rules()).isEqualTo(installed);
      assertThat(second.terminate(Duration.ofSeconds(20))).isIn(0, 143);
      assertThat(second.log()).contains("IPv4: rules removed", "IPv6: rules removed");
    }
    assertThat(rules()).isEqualTo(empty);
    assertThat(lab.run(RouterLab.RTR, Duration.ofSeconds(5), "cat", "/proc/net/netfilter/nfnetlink_queue").out()).isBlank();
    // A configuration change between runs replaces the old chains rather than adding to them.
    try (FirewallDaemon local = FirewallDaemon.start(lab, "--hook", "local")) {
      assertThat(rules()).contains("-A OUTPUT -j SEAWALL-OUTPUT").doesNotContain("SEAWALL-FORWARD");
      local.kill();
    }
    try (FirewallDaemon fwd = FirewallDaemon.start(lab)) {
      assertThat(rules()).contains("SEAWALL-FORWARD").doesNotContain("SEAWALL-OUTPUT").doesNotContain("SEAWALL-INPUT");
      fwd.terminate(Duration.ofSeconds(20));
    }
    assertThat(rules()).isEqualTo(empty);
  }

  private String rules() {
    return lab.run(RouterLab.RTR, Duration.ofSeconds(10), "iptables-save", "-t", "filter").out().replaceAll("(?m)^#.*\n", "")
        .replaceAll("\\[\\d+:\\d+\\]", "")
        + lab.run(RouterLab.RTR, Duration.ofSeconds(10), "ip6tables-save", "-t", "filter").out().replaceAll("(?m)^#.*\n", "")
            .replaceAll("\\[\\d+:\\d+\\]", "");
  }
}
