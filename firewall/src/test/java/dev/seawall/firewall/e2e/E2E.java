package dev.seawall.firewall.e2e;

import dev.seawall.firewall.lab.Netns;
import dev.seawall.firewall.lab.RouterLab;
import dev.seawall.firewall.lab.Services;
import dev.seawall.testkit.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers shared by the end-to-end tests. */
final class E2E {
  private E2E() {}

  static void requirements() {
    Host.requireRoot();
    Host.requireCommands("ip", "iptables", "ip6tables", "iptables-restore", "curl", "openssl", "dnsmasq", "dig", "ssh",
        "sshd", "iperf3", "conntrack", "ss", "opentracker", "mktorrent", "ethtool", "setpriv");
  }

  /** Starts the peer-wire sink (lab/bt_probe.py server) in the seeder namespace; returns its log. */
  static Path sink(RouterLab lab, Services services, String addr, int port) throws Exception {
    Path log = lab.ns().dir().resolve("sink-" + port + ".log");
    Files.writeString(log, "");
    lab.ns().spawn(RouterLab.SEED, lab.ns().dir().resolve("sink-" + port + ".out"), Services.PY,
        Services.script("bt_probe.py"), "server", addr, Integer.toString(port), log.toString());
    services.waitPort(RouterLab.SEED, "tcp", port);
    return log;
  }

  /** A BitTorrent handshake from the subscriber; the output ends with "result reset|open|closed|timeout". */
  static Netns.Result probe(RouterLab lab, String addr, int port, int sourcePort) {
    return lab.run(RouterLab.SUB, Duration.ofSeconds(25), Services.PY, Services.script("bt_probe.py"), "client", addr,
        Integer.toString(port), Integer.toString(sourcePort));
  }

  static String firstLine(Path log, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      String s = Files.readString(log).strip();
      if (!s.isEmpty()) return s.lines().findFirst().orElse("");
      Thread.sleep(100);
    }
    return "";
  }

  /** Starts iperf3 (TCP, {@code seconds}, JSON) from the subscriber in the background; output in the returned file. */
  static Path iperfInBackground(RouterLab lab, int seconds, List<Process> started) throws Exception {
    Path out = lab.ns().dir().resolve("iperf-" + System.nanoTime() + ".json");
    started.add(lab.ns().spawn(RouterLab.SUB, out, "iperf3", "-c", lab.srv4(), "-t", Integer.toString(seconds), "-i", "1",
        "-J"));
    return out;
  }

  /** Bits per second of each one-second interval of an iperf3 JSON report. */
  static List<Double> intervals(String json) {
    List<Double> out = new ArrayList<>();
    int from = json.indexOf("\"intervals\"");
    Matcher end = Pattern.compile("\"end\"\\s*:\\s*\\{").matcher(json);
    if (from < 0 || !end.find(from)) return out;
    int to = end.start();
    Matcher m = Pattern.compile("\"sum\"\\s*:\\s*\\{[^}]*?\"bits_per_second\"\\s*:\\s*([0-9.eE+]+)")
        .matcher(json.substring(from, to));
    while (m.find()) out.add(Double.parseDouble(m.group(1)));
    return out;
  }

  /** Sends {@code n} one-datagram UDP flows (distinct ports) from the subscriber. */
  static void udpFlows(RouterLab lab, int n, int firstPort) {
    Netns.check(lab.run(RouterLab.SUB, Duration.ofSeconds(10), Services.PY, "-c",
        "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
            + "for i in range(" + n + "): s.sendto(b'seawall-test-payload', ('" + lab.srv4() + "', " + firstPort + "+i))"),
        "udp flows");
  }

  static String filterRules(RouterLab lab) {
    String v4 = lab.run(RouterLab.RTR, Duration.ofSeconds(10), "iptables-save", "-t", "filter").out();
    String v6 = lab.run(RouterLab.RTR, Duration.ofSeconds(10), "ip6tables-save", "-t", "filter").out();
    return (v4 + v6).replaceAll("(?m)^#.*\n", "").replaceAll("\\[\\d+:\\d+\\]", "");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
