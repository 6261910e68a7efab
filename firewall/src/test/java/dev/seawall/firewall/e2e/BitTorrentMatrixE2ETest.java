package dev.seawall.firewall.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.firewall.lab.FirewallDaemon;
import dev.seawall.firewall.lab.Netns;
import dev.seawall.firewall.lab.RouterLab;
import dev.seawall.firewall.lab.Services;
import dev.seawall.testkit.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real BitTorrent clients from Debian (libtorrent via python3-libtorrent, transmission-daemon,
 * aria2c) on the subscriber side try to download from seeders on the internet side, through the
 * firewall: plaintext and forced encryption, TCP and uTP, found through the HTTP tracker, the UDP
 * tracker (opentracker) or the DHT (magnet link). Every cell runs three times, all cells at once
 * each time, with fresh torrents: with the firewall in monitor mode every download must complete
 * (the test can fail); in enforce mode as shipped, and again with discovery exempted and heuristic
 * verdicts blocking (so that each peer connection is stopped by itself), not one byte of piece
 * data may reach a leecher.
 *
 * <p>aria2 has no uTP. transmission cannot switch TCP off: its uTP cells allow both and prefer
 * uTP, and seed from transmission (its uTP does not connect to libtorrent's). aria2 always opens with the MSE handshake; its "plain" cells allow a plaintext payload
 * after it. The table of what happened is written to target/bittorrent-matrix.md.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class BitTorrentMatrixE2ETest {
  enum Client { lt, tr, a2 }

  enum Enc { plain, forced }

  enum Transport { tcp, utp }

  enum Discovery { http, udp, dht }

  record Cell(int index, Client client, Enc enc, Transport transport, Discovery discovery) {
    String name() {
      return client + "-" + enc + "-" + transport + "-" + discovery;
    }
  }

  /**
   * Cells whose download the current engine does not stop, each with the reason. The test fails
   * when a cell not listed here leaks, and when a listed cell stops leaking (update the list).
   */
  static final Map<String, String> KNOWN_LEAKS = Map.of();

  /** Combinations the lab cannot run in a test's time, with the reason (reported with the results). */
  static final Map<String, String> NOT_RUN = Map.of(
      "a2-*-utp-*", "aria2 has no uTP",
      "tr-*-utp-dht", "transmission's uTP does not connect to libtorrent's (it falls back to TCP after about 70 s), and a"
          + " transmission seeder takes 60-100 s to be found in the lab's 16-node DHT: the control alone would outlast"
          + " the test; transmission is tested over uTP with both trackers and over the DHT with TCP");

  static final int PAYLOAD = 256 * 1024;
  static final int MONITOR_WAIT_S = 120, ENFORCE_WAIT_S = 60, CONTROL_MARGIN_S = 15;
  static RouterLab lab;
  static Path lt;
  static Path work;
  static String dhtNode;

  @BeforeAll
  static void up() throws Exception {
    E2E.requirements();
    Host.requireCommands("transmission-daemon", "transmission-remote", "aria2c", "mktorrent", "opentracker");
    Process pylt = new ProcessBuilder(Services.PY, "-c", "import libtorrent").start();
    org.junit.jupiter.api.Assumptions.assumeTrue(pylt.waitFor(30, TimeUnit.SECONDS) && pylt.exitValue() == 0,
        "skipped: python3-libtorrent not installed");
    lab = RouterLab.up('m', false);
    lt = RouterLab.repositoryRoot().resolve("lab/clients/lt_client.py");
    work = Files.createDirectories(lab.ns().dir().resolve("matrix"));
    work.toFile().setReadable(true, false);
    work.toFile().setExecutable(true, false);
    // Leecher addresses: one per cell and phase, so flows can be told apart in conntrack.
    for (int i = 100; i < 100 + 3 * cells().size(); i++) {
      Netns.check(lab.run(RouterLab.SUB, Duration.ofSeconds(5), "ip", "addr", "add", "10.231.1." + i + "/24", "dev", "eth0",
          "noprefixroute"), "leecher address");
    }
    // The "internet's" DHT: plain libtorrent nodes on the server host. Everyone bootstraps from the
    // first; transmission also gets all of them in its dht.dat, since it does not search the DHT
    // before it knows more than 8 nodes (it would take minutes to learn them here).
    dhtNode = lab.srv4() + ":" + DHT_FIRST_PORT;
    for (int p = DHT_FIRST_PORT; p < DHT_FIRST_PORT + DHT_NODES; p++) {
      lab.ns().spawn(RouterLab.SRV, work.resolve("dht-node-" + p + ".log"), Services.PY, lt.toString(), "--ip",
          lab.srv4(), "--port", Integer.toString(p), "--dht", dhtNode, "--max-seconds", "900");
    }
  }

  static final int DHT_FIRST_PORT = 6881, DHT_NODES = 16;

  /** transmission's saved DHT state: a random node id and the lab's DHT nodes (compact form). */
  static byte[] transmissionDhtDat(long seed) {
    byte[] id = new byte[20];
    new Random(seed).nextBytes(id); // each instance its own node id
    java.io.ByteArrayOutputStream nodes = new java.io.ByteArrayOutputStream();
    String[] quad = lab.srv4().split("\\.");
    for (int p = DHT_FIRST_PORT; p < DHT_FIRST_PORT + DHT_NODES; p++) {
      for (String q : quad) nodes.write(Integer.parseInt(q));
      nodes.write(p >> 8);
      nodes.write(p & 0xff);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes("d2:id20:".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.writeBytes(id);
    out.writeBytes(("5:nodes" + nodes.size() + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    out.writeBytes(nodes.toByteArray());
    out.write('e');
    return out.toByteArray();
  }

  @AfterAll
  static void down() {
    if (lab != null) lab.close();
  }

  static List<Cell> cells() {
    List<Cell> out = new ArrayList<>();
    for (Client c : Client.values()) {
      for (Enc e : Enc.values()) {
        for (Transport t : Transport.values()) {
          if (c == Client.a2 && t == Transport.utp) continue; // aria2 has no uTP
          for (Discovery d : Discovery.values()) {
            if (c == Client.tr && t == Transport.utp && d == Discovery.dht) continue; // see NOT_RUN
            out.add(new Cell(out.size(), c, e, t, d));
          }
        }
      }
    }
    return out;
  }

  /** One cell in one phase: its torrent, seeder and leecher. */
  final class Run {
    final Cell cell;
    final String phase;
    final Path dir;
    final String leecherIp;
    final int leecherPort;
    final int seedPort;
    final byte[] payload = new byte[PAYLOAD];
    Path torrent;
    String infohash;
    String magnet;
    Process seeder;
    Process leecher;
    long startedNanos;
    double completedSeconds = -1;

    Run(Cell cell, String phase, int phaseIndex) throws IOException {
      this.cell = cell;
      this.phase = phase;
      this.dir = Files.createDirectories(work.resolve(phase).resolve(cell.name()));
      this.leecherIp = "10.231.1." + (100 + phaseIndex * cells().size() + cell.index());
      this.leecherPort = 20000 + cell.index();
      this.seedPort = 7000 + phaseIndex * 100 + cell.index();
      new Random(31L * cell.index() + phaseIndex).nextBytes(payload);
    }

    String fileName() {
      return "sw-" + phase + "-" + cell.name() + ".bin";
    }

    void makeTorrent() throws IOException {
      Path seedDir = Files.createDirectories(dir.resolve("seed"));
      Files.write(seedDir.resolve(fileName()), payload);
      torrent = dir.resolve("t.torrent");
      List<String> cmd = new ArrayList<>(List.of("mktorrent", "-l", "16", "-n", fileName(), "-o", torrent.toString()));
      if (cell.discovery() == Discovery.http) cmd.addAll(List.of("-a", "http://" + lab.srv4() + ":6969/announce"));
      if (cell.discovery() == Discovery.udp) cmd.addAll(List.of("-a", "udp://" + lab.srv4() + ":6969/announce"));
      cmd.add(seedDir.resolve(fileName()).toString());
      Netns.check(lab.run(null, Duration.ofSeconds(20), cmd.toArray(String[]::new)), "mktorrent");
      Netns.Result ih = lab.run(null, Duration.ofSeconds(20), Services.PY,
          RouterLab.repositoryRoot().resolve("lab/torrent.py").toString(), "infohash", torrent.toString());
      Netns.check(ih, "torrent.py");
      infohash = ih.out().strip();
      magnet = "magnet:?xt=urn:btih:" + infohash + "&dn=" + fileName();
    }

    /** transmission uTP cells seed from transmission: its uTP does not get through to libtorrent's (it falls back to TCP after a minute). */
    boolean transmissionSeeder() {
      return cell.client() == Client.tr && cell.transport() == Transport.utp;
    }

    void startSeeder() throws IOException {
      if (transmissionSeeder()) {
        Path conf = transmissionConfig(dir.resolve("tr-seed"), lab.seed4(), seedPort, 9200 + cell.index(), 1,
            dir.resolve("seed"));
        seeder = lab.ns().spawn(RouterLab.SEED, dir.resolve("seeder.log"), "transmission-daemon", "-f", "-g", conf.toString());
        waitTcp(RouterLab.SEED, 9200 + cell.index());
        Netns.check(lab.run(RouterLab.SEED, Duration.ofSeconds(20), "transmission-remote", "127.0.0.1:" + (9200 + cell.index()),
            "-a", torrent.toString()), "transmission-remote -a (seeder)");
        return;
      }
      List<String> cmd = new ArrayList<>(List.of(Services.PY, lt.toString(), "--ip", lab.seed4(), "--port",
          Integer.toString(seedPort), "--enc", "prefer", "--transport", "both", "--torrent", torrent.toString(), "--save",
          dir.resolve("seed").toString(), "--seed", "--max-seconds", "600"));
      if (cell.discovery() == Discovery.dht) cmd.addAll(List.of("--dht", dhtNode, "--dht-announce-every", "2"));
      seeder = lab.ns().spawn(RouterLab.SEED, dir.resolve("seeder.log"), cmd.toArray(String[]::new));
    }

    void startLeecher() throws IOException {
      Path dl = Files.createDirectories(dir.resolve("dl"));
      startedNanos = System.nanoTime();
      boolean dht = cell.discovery() == Discovery.dht;
      switch (cell.client()) {
        case lt -> {
          List<String> cmd = new ArrayList<>(List.of(Services.PY, lt.toString(), "--ip", leecherIp, "--port",
              Integer.toString(leecherPort), "--enc", cell.enc().name(), "--transport", cell.transport().name(), "--save",
              dl.toString(), "--max-seconds", "300"));
          if (dht) {
            cmd.addAll(List.of("--magnet", magnet, "--dht", dhtNode, "--dht-announce-every", "2"));
          } else {
            cmd.addAll(List.of("--torrent", torrent.toString()));
          }
          leecher = lab.ns().spawn(RouterLab.SUB, dir.resolve("leecher.log"), cmd.toArray(String[]::new));
        }
        case tr -> {
          int rpc = 9100 + cell.index();
          Path conf = transmissionConfig(dir.resolve("tr"), leecherIp, leecherPort, rpc, cell.enc() == Enc.forced ? 2 : 0, dl);
          leecher = lab.ns().spawn(RouterLab.SUB, dir.resolve("leecher.log"), "transmission-daemon", "-f", "-g",
              conf.toString());
          waitTcp(RouterLab.SUB, rpc);
          Netns.check(lab.run(RouterLab.SUB, Duration.ofSeconds(20), "transmission-remote", "127.0.0.1:" + rpc, "-a",
              dht ? magnet : torrent.toString()), "transmission-remote -a");
        }
        case a2 -> {
          boolean forced = cell.enc() == Enc.forced;
          List<String> cmd = new ArrayList<>(List.of("aria2c", "--dir=" + dl, "--interface=" + leecherIp,
              "--listen-port=" + leecherPort, "--dht-listen-port=" + leecherPort,
              "--enable-dht=" + (dht || cell.discovery() == Discovery.udp), "--enable-dht6=false",
              "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--bt-require-crypto=" + forced,
              "--bt-min-crypto-level=" + (forced ? "arc4" : "plain"), "--seed-time=0", "--summary-interval=0",
              "--console-log-level=warn", "--file-allocation=none", "--enable-rpc=false", "--async-dns=false",
              "--bt-stop-timeout=0", "--dht-file-path=" + dir.resolve("dht.dat"), "--follow-torrent=mem"));
          if (dht) {
            cmd.addAll(List.of("--dht-entry-point=" + dhtNode, "--bt-save-metadata=false", magnet));
          } else {
            cmd.add(torrent.toString());
          }
          leecher = lab.ns().spawn(RouterLab.SUB, dir.resolve("leecher.log"), cmd.toArray(String[]::new));
        }
      }
    }

    /** A transmission-daemon configuration directory for this cell (encryption 0 tolerated, 1 preferred, 2 required). */
    Path transmissionConfig(Path conf, String ip, int port, int rpc, int encryption, Path downloads) throws IOException {
      boolean dht = cell.discovery() == Discovery.dht;
      Files.createDirectories(conf);
      Files.writeString(conf.resolve("settings.json"), """
          {"bind-address-ipv4": "%s", "bind-address-ipv6": "::1", "peer-port": %d,
           "peer-port-random-on-start": false, "port-forwarding-enabled": false,
           "dht-enabled": %s, "lpd-enabled": false, "pex-enabled": false, "utp-enabled": %s,
           "encryption": %d, "blocklist-enabled": false,
           "rpc-enabled": true, "rpc-bind-address": "127.0.0.1", "rpc-port": %d,
           "rpc-authentication-required": false, "rpc-whitelist-enabled": false, "rpc-host-whitelist-enabled": false,
           "download-dir": "%s", "incomplete-dir-enabled": false, "start-added-torrents": true,
           "rename-partial-files": false, "ratio-limit-enabled": false, "idle-seeding-limit-enabled": false,
           "message-level": 2, "preallocation": 0, "speed-limit-up-enabled": false,
           "speed-limit-down-enabled": false, "alt-speed-enabled": false}
          """.formatted(ip, port, dht, cell.transport() == Transport.utp, encryption, rpc, downloads));
      if (dht) Files.write(conf.resolve("dht.dat"), transmissionDhtDat(port * 31L + rpc));
      return conf;
    }

    /** Bytes of the payload found at the right place in whatever the leecher wrote (64-byte granularity). */
    long payloadBytesAtLeecher() throws IOException {
      long best = 0;
      Path dl = dir.resolve("dl");
      for (String name : new String[] {fileName(), fileName() + ".part"}) {
        Path f = dl.resolve(name);
        if (!Files.isRegularFile(f)) continue;
        byte[] got = Files.readAllBytes(f);
        long same = 0;
        for (int off = 0; off + 64 <= Math.min(got.length, payload.length); off += 64) {
          if (Arrays.equals(got, off, off + 64, payload, off, off + 64)) same += 64;
        }
        best = Math.max(best, same);
      }
      return best;
    }

    List<Process> processes() {
      List<Process> p = new ArrayList<>();
      if (leecher != null) p.add(leecher);
      if (seeder != null) p.add(seeder);
      return p;
    }
  }

  /** Stops every client of the phase at once: SIGTERM to all, then SIGKILL to what is left after a grace period. */
  private static void stopAll(List<Run> runs) {
    List<Process> all = runs.stream().flatMap(r -> r.processes().stream()).toList();
    for (Process p : all) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    for (Process p : all) {
      try {
        long left = Math.max(1, end - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS)) {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void waitTcp(String where, int port) {
    for (int i = 0; i < 100; i++) {
      Netns.Result r = lab.run(where, Duration.ofSeconds(5), "ss", "-H", "-tln", "sport = :" + port);
      if (r.ok() && !r.out().isBlank()) return;
      E2E.sleep(100);
    }
    throw new IllegalStateException("nothing listens on tcp/" + port + " in " + where);
  }

  private List<Run> prepare(String phase, int phaseIndex) throws Exception {
    List<Run> runs = new ArrayList<>();
    for (Cell c : cells()) {
      Run r = new Run(c, phase, phaseIndex);
      r.makeTorrent();
      runs.add(r);
    }
    // opentracker (whitelist build) learns the new info-hashes on SIGHUP.
    Path whitelist = lab.work().resolve("trk/whitelist");
    String hashes = runs.stream().filter(r -> r.cell.discovery() != Discovery.dht).map(r -> r.infohash + "\n")
        .collect(Collectors.joining());
    Files.writeString(whitelist, Files.readString(whitelist) + hashes);
    String pid = Files.readString(lab.work().resolve("pids/opentracker.pid")).strip();
    lab.run(null, Duration.ofSeconds(5), "pkill", "-HUP", "-P", pid);
    for (Run r : runs) r.startSeeder();
    // Leechers start once the tracker counts each tracker cell's seeder (so a first announce finds it).
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    for (Run r : runs) {
      if (r.cell.discovery() == Discovery.dht) continue;
      String q = r.infohash.replaceAll("(..)", "%$1");
      while (true) {
        Netns.Result s = lab.run(RouterLab.SRV, Duration.ofSeconds(5), "curl", "-s", "http://" + lab.srv4()
            + ":6969/scrape?info_hash=" + q);
        if (s.out().matches("(?s).*8:completei[1-9].*")) break;
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(r.cell.name() + ": seeder never announced; scrape: " + s.out() + "\nseeder log: "
              + Files.readString(r.dir.resolve("seeder.log")) + "\ntracker log: "
              + Files.readString(lab.work().resolve("logs/opentracker.log")));
        }
        E2E.sleep(200);
      }
    }
    return runs;
  }

  /**
   * Blocked flows seen in conntrack (polled, since entries of reset flows expire), by cell or by
   * shared service. A flow blocked on its very first packet never gets a conntrack entry (the
   * kernel confirms one only for a packet that leaves), so this lists the flows blocked later:
   * the metrics' counts by kind cover all of them.
   */
  private static final Pattern CT = Pattern.compile(
      "^(tcp|udp)\\s+\\d+\\s+.*?src=(\\S+) dst=(\\S+) sport=(\\d+) dport=(\\d+)");

  private void pollBlocked(Map<String, Set<String>> blocked, List<Run> runs) {
    Netns.Result r = lab.run(RouterLab.RTR, Duration.ofSeconds(10), "conntrack", "-L", "-m", "0x80000000/0xc0000000");
    for (String line : r.out().split("\n")) {
      Matcher m = CT.matcher(line.strip());
      if (!m.find()) continue;
      String proto = m.group(1), src = m.group(2), dst = m.group(3);
      int sport = Integer.parseInt(m.group(4)), dport = Integer.parseInt(m.group(5));
      String what;
      if (dport == 6969) {
        what = proto.equals("tcp") ? "tracker-http" : "tracker-udp";
      } else if (dst.equals(lab.srv4()) && dport >= DHT_FIRST_PORT && dport < DHT_FIRST_PORT + DHT_NODES) {
        what = "dht-node";
      } else {
        what = proto.equals("tcp") ? "peer-tcp" : "peer-udp";
      }
      String owner = "shared";
      for (Run run : runs) {
        boolean mine = src.equals(run.leecherIp) || dst.equals(run.leecherIp)
            || (dst.equals(lab.seed4()) && dport == run.seedPort) || (src.equals(lab.seed4()) && sport == run.seedPort);
        if (mine) owner = run.cell.name();
      }
      blocked.computeIfAbsent(owner, k -> new TreeSet<>()).add(what);
    }
  }

  /** What one enforce phase saw: payload bytes that reached each leecher, blocked flows, counts by kind. */
  record EnforcePhase(Map<String, Long> bytes, Map<String, Set<String>> blocked, String kinds) {}

  private EnforcePhase enforcePhase(String phase, int phaseIndex, int waitSeconds, String... daemonArgs) throws Exception {
    long t0 = System.nanoTime();
    List<Run> runs = prepare(phase, phaseIndex);
    System.out.printf("matrix: %s prepared in %.1f s%n", phase, (System.nanoTime() - t0) / 1e9);
    Map<String, Set<String>> blocked = new TreeMap<>();
    String kinds;
    List<String> args = new ArrayList<>(List.of("--queues", "0-1"));
    args.addAll(List.of(daemonArgs));
    try (FirewallDaemon fw = FirewallDaemon.start(lab, args.toArray(String[]::new))) {
      for (Run r : runs) r.startLeecher();
      long end = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
      while (System.nanoTime() < end) {
        pollBlocked(blocked, runs);
        E2E.sleep(1000);
      }
      pollBlocked(blocked, runs);
      kinds = kinds(fw.get("/metrics"), "seawall_firewall_flows_blocked_total");
      assertThat(fw.healthStatus()).isEqualTo(200);
      stopAll(runs);
    }
    Map<String, Long> bytes = new LinkedHashMap<>();
    for (Run r : runs) bytes.put(r.cell.name(), r.payloadBytesAtLeecher());
    lab.run(RouterLab.RTR, Duration.ofSeconds(10), "conntrack", "-F");
    System.out.printf("matrix: %s done in %.1f s%n", phase, (System.nanoTime() - t0) / 1e9);
    return new EnforcePhase(bytes, blocked, kinds);
  }

  /**
   * Discovery (trackers, the DHT nodes) let through, so that the peer connections themselves are
   * on trial; heuristic verdicts block too, since an encrypted connection whose discovery was not
   * seen has nothing else to correlate with (the shipped policy lets those through).
   */
  static final String[] PEERS_ONLY = {"--exempt", "tcp:6969,udp:6969,udp:" + DHT_FIRST_PORT + "-"
      + (DHT_FIRST_PORT + DHT_NODES - 1), "--block-confidence", "signature,correlated,heuristic"};

  @Test
  void everyDownloadCompletesInMonitorModeAndNoneInEnforceMode() throws Exception {
    // Phase 1: monitor mode. Every download must complete: the test can tell blocked from not.
    long t0 = System.nanoTime();
    List<Run> monitor = prepare("monitor", 0);
    System.out.printf("matrix: monitor prepared in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    String wouldBlock;
    try (FirewallDaemon fw = FirewallDaemon.start(lab, "--queues", "0-1", "--mode", "monitor")) {
      for (Run r : monitor) r.startLeecher();
      long end = System.nanoTime() + Duration.ofSeconds(MONITOR_WAIT_S).toNanos();
      while (System.nanoTime() < end) {
        boolean all = true;
        for (Run r : monitor) {
          if (r.completedSeconds < 0 && r.payloadBytesAtLeecher() == PAYLOAD) {
            r.completedSeconds = (System.nanoTime() - r.startedNanos) / 1e9;
          }
          all &= r.completedSeconds >= 0;
        }
        if (all) break;
        E2E.sleep(500);
      }
      wouldBlock = kinds(fw.get("/metrics"), "seawall_firewall_flows_would_block_total");
      stopAll(monitor);
    }
    lab.run(RouterLab.RTR, Duration.ofSeconds(10), "conntrack", "-F");
    System.out.printf("matrix: monitor done in %.1f s%n", (System.nanoTime() - t0) / 1e9);

    // Phase 2: enforce mode as shipped. Phase 3: enforce mode with discovery exempted, so each
    // cell's peer connection (plaintext or encrypted, TCP or uTP) has to be stopped by itself,
    // heuristic verdicts included.
    // Each enforce phase waits at least as long as the slowest control needed, with a margin: now
    // and then libtorrent gives up on a first attempt and succeeds a minute later even unblocked
    // (lt-forced-utp-dht once took 61 s in monitor mode where it usually takes 2 s), and a shorter
    // wait would let a blocked download pass for one that was merely slow.
    double slowest = monitor.stream().mapToDouble(r -> r.completedSeconds).max().orElse(0);
    int enforceWait = (int) Math.min(MONITOR_WAIT_S, Math.max(ENFORCE_WAIT_S, Math.ceil(slowest) + CONTROL_MARGIN_S));
    EnforcePhase full = enforcePhase("enforce", 1, enforceWait);
    EnforcePhase peers = enforcePhase("peers", 2, enforceWait, PEERS_ONLY);

    String report = report(monitor, full, peers, wouldBlock);
    Files.writeString(Path.of("target", "bittorrent-matrix.md"), report);
    System.out.println(report);

    List<String> controlFailed = monitor.stream().filter(r -> r.completedSeconds < 0).map(r -> r.cell.name()).toList();
    assertThat(controlFailed).as("downloads that did not complete with the firewall in monitor mode (the control)\n%s",
        report).isEmpty();
    List<String> slowControl = monitor.stream().filter(r -> r.completedSeconds + CONTROL_MARGIN_S > enforceWait)
        .map(r -> r.cell.name()).toList();
    assertThat(slowControl).as("controls slower than the enforce phases' wait: those would prove nothing\n%s", report)
        .isEmpty();
    List<String> leaked = new ArrayList<>();
    for (EnforcePhase ph : List.of(full, peers)) {
      ph.bytes().forEach((cell, b) -> {
        if (b > 0 && !leaked.contains(cell)) leaked.add(cell);
      });
    }
    assertThat(leaked.stream().filter(c -> !KNOWN_LEAKS.containsKey(c)).toList())
        .as("downloads that got piece data through the firewall\n%s", report).isEmpty();
    assertThat(KNOWN_LEAKS.keySet().stream().filter(c -> !leaked.contains(c)).toList())
        .as("cells listed in KNOWN_LEAKS that are now blocked: remove them from the list").isEmpty();
  }

  private static String kinds(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + "{")).filter(l -> !l.endsWith(" 0.0"))
        .map(l -> l.substring(l.indexOf("kind=\"") + 6, l.indexOf("\"}")) + "=" + (long) Double.parseDouble(
            l.substring(l.lastIndexOf(' ') + 1)))
        .collect(Collectors.joining(", "));
  }

  private static String report(List<Run> monitor, EnforcePhase full, EnforcePhase peers, String wouldBlock) {
    StringBuilder b = new StringBuilder("| cell (client-enc-transport-discovery) | monitor mode: download completes |"
        + " enforce: payload bytes at leecher | blocked flows seen | enforce, discovery exempted, heuristic blocks:"
        + " payload bytes |"
        + " blocked flows seen |\n|---|---|---|---|---|---|\n");
    for (Run r : monitor) {
      String c = r.cell.name();
      b.append("| ").append(c).append(" | ")
          .append(r.completedSeconds < 0 ? "did not complete" : String.format("%.1f s", r.completedSeconds)).append(" | ")
          .append(bytes(c, full.bytes().get(c))).append(" | ")
          .append(String.join(", ", full.blocked().getOrDefault(c, Set.of()))).append(" | ")
          .append(bytes(c, peers.bytes().get(c))).append(" | ")
          .append(String.join(", ", peers.blocked().getOrDefault(c, Set.of()))).append(" |\n");
    }
    NOT_RUN.forEach((k, v) -> b.append("| ").append(k).append(" | not run: ").append(v).append(" | | | | |\n"));
    b.append("\nMonitor mode, flows that would have been blocked (signature, correlated), by kind: ").append(wouldBlock);
    b.append("\nEnforce mode, flows blocked, by kind: ").append(full.kinds());
    b.append("\nEnforce mode with discovery exempted, flows blocked, by kind: ").append(peers.kinds());
    b.append("\n(\"blocked flows seen\" lists the cell's flows found blocked in conntrack; a flow blocked on its first"
        + " packet leaves no conntrack entry, the counts by kind include it.)\n");
    return b.toString();
  }

  private static String bytes(String cell, Long b) {
    if (b == null) return "?";
    if (b == 0) return "0";
    return b + (KNOWN_LEAKS.containsKey(cell) ? " (known: " + KNOWN_LEAKS.get(cell) + ")" : " LEAKED");
  }
}
