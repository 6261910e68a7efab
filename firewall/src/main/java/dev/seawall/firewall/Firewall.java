package dev.seawall.firewall;

import dev.seawall.blocklist.Blocklist;
import dev.seawall.blocklist.BlocklistSource;
import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.detect.bittorrent.BitTorrentDetectors;
import dev.seawall.engine.detect.bittorrent.LearnedPeers;
import dev.seawall.firewall.metrics.FirewallMetrics;
import dev.seawall.firewall.metrics.KernelQueueStats;
import dev.seawall.firewall.metrics.MetricsServer;
import dev.seawall.firewall.metrics.WorkerStats;
import dev.seawall.firewall.netlink.NetlinkException;
import dev.seawall.firewall.netlink.QueueSocket;
import dev.seawall.firewall.rules.Iptables;
import dev.seawall.firewall.rules.RuleException;
import dev.seawall.firewall.verdict.CourtOrders;
import dev.seawall.firewall.verdict.QueueWorker;
import dev.seawall.firewall.verdict.RawResets;
import dev.seawall.firewall.verdict.Warmup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * The running firewall: queue workers, rules, metrics. Start order makes every step safe to
 * interrupt: warm up, bind the queues (nothing is queued yet), start the workers, then install
 * the rules. Stop order is the reverse: remove the rules, let the workers answer what is still
 * queued, then unbind.
 */
public final class Firewall implements AutoCloseable {
  private static final int POLL_MILLIS = 200;
  private static final long HEARTBEAT_LIMIT_NANOS = Duration.ofSeconds(5).toNanos();

  private final FirewallConfig config;
  private final LearnedPeers peers;
  private final FirewallMetrics metrics;
  private final List<QueueWorker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<RawResets> resets = new ArrayList<>();
  private final List<Iptables> families = new ArrayList<>();
  private final BlocklistSource blocklist;
  private AutoCloseable blocklistPolling;
  private volatile String lastBlocklistError;
  private MetricsServer server;
  private volatile boolean rulesInstalled;
  private volatile boolean stopped;

  private Firewall(FirewallConfig config) {
    this.config = config;
    // One table for all workers: a peer learned from one subscriber's flow blocks it for all.
    this.peers = new LearnedPeers(16_384, config.learnedPeerTtl(), Duration.ofMinutes(10));
    this.metrics = new FirewallMetrics(new KernelQueueStats(KernelQueueStats.DEFAULT), peers);
    this.blocklist = config.blocklist() == null ? null : new BlocklistSource(config.blocklist());
  }

  EngineConfig engineConfig() {
    // Info-hashes are never collected on the enforcement side: verdicts need none.
    return EngineConfig.defaults(BitTorrentDetectors.all())
        .withMaxFlows(config.maxFlowsPerQueue())
        .withPeers(peers)
        .withInfohashes(false)
        .withServerNames(blocklist != null); // court orders name sites: the engine finds each flow's server name
  }

  /** Starts everything or nothing: on failure what was started is stopped and the cause thrown. */
  public static Firewall start(FirewallConfig config) throws StartException {
    Firewall f = new Firewall(config);
    try {
      f.startAll();
      return f;
    } catch (StartException | RuntimeException e) {
      f.close();
      throw e;
    }
  }

  private void startAll() throws StartException {
    EngineConfig engine = engineConfig();
    Log.info("starting: queues " + config.firstQueue() + "-" + config.lastQueue() + ", mode " + config.mode()
        + ", fail-" + (config.failOpen() ? "open" : "closed") + ", blocking " + config.blockConfidence().stream()
            .map(c -> c.label()).sorted().collect(Collectors.joining(",")) + ", hooks " + config.hooks()
        + ", detectors " + BitTorrentDetectors.all().factories().size());
    long t0 = System.nanoTime();
    Warmup.run(engine, config.policy(), config.marks(), config.copyRange(), 3000);
    Log.info("verdict path warmed up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

    CourtOrders orders = CourtOrders.NONE;
    if (blocklist != null) {
      // A list that cannot be fetched now does not stop BitTorrent blocking: health says so until it loads.
      logBlocklist(blocklist.refresh());
      metrics.bindBlocklist(blocklist);
      orders = CourtOrders.of(blocklist::current);
    }

    List<WorkerStats> stats = new ArrayList<>();
    for (int q = config.firstQueue(); q <= config.lastQueue(); q++) {
      QueueSocket socket;
      try {
        socket = QueueSocket.open(new QueueSocket.Settings(q, config.copyRange(), config.queueMaxLength(),
            config.failOpen(), true, 8 << 20, POLL_MILLIS));
      } catch (NetlinkException e) {
        throw new StartException("queue " + q + ": " + e.getMessage());
      }
      WorkerStats s = new WorkerStats(q);
      QueueWorker.Resetter resetter = QueueWorker.Resetter.NONE;
      if (config.tcpReset()) {
        try {
          RawResets r = RawResets.open(config.marks().pass(), config.ipv6(), s);
          resets.add(r);
          resetter = r;
        } catch (NetlinkException e) {
          socket.close();
          throw new StartException("TCP resets need CAP_NET_RAW (or use --no-tcp-reset): " + e.getMessage());
        }
      }
      QueueWorker w = new QueueWorker(socket, q, engine, config.policy(), orders, config.marks(), s, metrics, resetter,
          config.copyRange(), config.maxBatch());
      workers.add(w);
      stats.add(s);
      Thread t = Thread.ofPlatform().name("seawall-queue-" + q).daemon(false).unstarted(w);
      t.setUncaughtExceptionHandler((th, ex) -> Log.error("queue worker " + th.getName() + " died: " + ex));
      threads.add(t);
    }
    metrics.bind(stats);

    // After binding: a missing privilege is reported by the bind, with its errno, first.
    for (boolean v6 : new boolean[] {false, true}) {
      if (v6 && !config.ipv6()) continue;
      Iptables ipt = Iptables.of(config.iptables(), v6);
      String problem = ipt.unavailable();
      if (problem != null) {
        if (!v6) throw new StartException("cannot use iptables: " + problem);
        Log.warn("IPv6 traffic is not inspected: " + problem);
        continue;
      }
      families.add(ipt);
    }
    for (Thread t : threads) t.start();

    for (Iptables ipt : families) {
      try {
        ipt.install(config.rules(), ipt.family().equals("IPv4"));
      } catch (RuleException e) {
        throw new StartException(e.getMessage());
      }
      Log.info(ipt.family() + ": rules installed");
    }
    rulesInstalled = true;

    if (config.metrics() != null) {
      try {
        server = new MetricsServer(config.metrics(), metrics, this::health);
        Log.info("metrics on http://" + server.address().getAddress().getHostAddress() + ":"
            + server.address().getPort() + "/metrics and /health");
      } catch (IOException e) {
        throw new StartException("cannot listen for metrics on " + config.metrics() + ": " + e.getMessage());
      }
    }
    if (blocklist != null) blocklistPolling = blocklist.refreshEvery(config.blocklistRefresh(), this::logBlocklist);
    Log.info("running with " + workers.size() + " queue worker(s)");
  }

  /** Logs a newly loaded list (with the lines it skipped) or a changed fetch error; court orders, never flows. */
  private void logBlocklist(java.util.Optional<Blocklist> loaded) {
    BlocklistSource.Status s = blocklist.status();
    if (loaded.isPresent()) {
      Log.info("court-order blocklist: " + s.entries() + " entries from " + s.source()
          + (s.problems().isEmpty() ? "" : ", " + s.problems().size() + " line(s) skipped"));
      for (String p : s.problems().subList(0, Math.min(20, s.problems().size()))) Log.warn("court-order blocklist: " + p);
    }
    String error = s.lastError();
    if (error != null && !error.equals(lastBlocklistError)) {
      Log.warn("court-order blocklist: " + error + (s.loadedAt() == null ? " (no list loaded yet)" : " (the list in force stays)"));
    }
    lastBlocklistError = error;
  }

  /** All workers alive and answering, rules in place. */
  public MetricsServer.Health health() {
    BlocklistSource.Status list = blocklist == null ? null : blocklist.status();
    if (stopped) return new MetricsServer.Health(false, "stopping", list);
    if (!rulesInstalled) return new MetricsServer.Health(false, "rules not installed", list);
    long now = System.nanoTime();
    for (int i = 0; i < workers.size(); i++) {
      if (!threads.get(i).isAlive()) {
        return new MetricsServer.Health(false, "queue worker " + workers.get(i).queue() + " stopped", list);
      }
      if (now - workers.get(i).stats().heartbeatNanos() > HEARTBEAT_LIMIT_NANOS) {
        return new MetricsServer.Health(false, "queue worker " + workers.get(i).queue() + " not answering", list);
      }
    }
    if (list != null && list.loadedAt() == null) {
      return new MetricsServer.Health(false, "court-order blocklist not loaded: " + list.lastError(), list);
    }
    return new MetricsServer.Health(true, workers.size() + " queue worker(s) running", list);
  }

  public FirewallMetrics metrics() {
    return metrics;
  }

  /** Removes the rules, drains and stops the workers, closes the metrics endpoint. Idempotent. */
  @Override
  public synchronized void close() {
    if (stopped) return;
    stopped = true;
    for (Iptables ipt : families) {
      List<String> problems = ipt.remove();
      if (problems.isEmpty()) {
        Log.info(ipt.family() + ": rules removed");
      } else {
        for (String p : problems) Log.error(p);
      }
    }
    rulesInstalled = false;
    // Packets queued before the rules went still need their verdicts: give the workers a moment.
    if (!threads.isEmpty()) sleep(POLL_MILLIS);
    for (QueueWorker w : workers) w.stop();
    for (int i = 0; i < threads.size(); i++) {
      Thread t = threads.get(i);
      if (t.getState() == Thread.State.NEW) {
        workers.get(i).release();
        continue;
      }
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (RawResets r : resets) r.close();
    if (blocklistPolling != null) {
      try {
        blocklistPolling.close();
      } catch (Exception e) {
        Log.warn("blocklist polling: " + e.getMessage());
      }
    }
    if (server != null) server.close();
    Log.info("stopped: " + metrics.total(WorkerStats.Counter.PACKETS) + " packets judged, "
        + metrics.total(WorkerStats.Counter.FLOWS_BLOCKED) + " flows blocked");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs until SIGTERM or SIGINT; returns the exit status. */
  static int runUntilSignalled(FirewallConfig config) {
    Firewall f;
    try {
      f = start(config);
    } catch (StartException e) {
      Log.error("cannot start: " + e.getMessage());
      return 1;
    }
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      Log.info("signal received, stopping");
      f.close();
      done.countDown();
    }, "seawall-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The firewall could not start; the message says why. */
  public static final class StartException extends Exception {
    public StartException(String message) {
      super(message);
    }
  }
}
