package dev.seawall.firewall.metrics;

import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.detect.bittorrent.LearnedPeers;
import dev.seawall.firewall.metrics.WorkerStats.Counter;
import dev.seawall.firewall.verdict.CourtOrders;
import dev.seawall.firewall.verdict.QueueWorker;
import dev.seawall.blocklist.BlocklistSource;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The firewall's Prometheus metrics. Only aggregates: counts by verdict, by BitTorrent kind, by
 * queue number and by kind of bad input, and the verdict latency. No label or value can carry a
 * user's address, port, info-hash or anything else about one flow.
 */
public final class FirewallMetrics implements QueueWorker.LatencyRecorder {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer latency;
  private volatile List<WorkerStats> workers = List.of();
  private final KernelQueueStats kernel;
  private volatile Map<Integer, KernelQueueStats.Queue> kernelSnapshot = Map.of();
  private volatile long kernelSnapshotAt;

  public FirewallMetrics(KernelQueueStats kernel, LearnedPeers peers) {
    this.kernel = kernel;
    this.latency = Timer.builder("seawall.firewall.verdict.latency")
        .description("Per queued packet: from its arrival in userspace to its verdict being sent")
        .publishPercentiles(0.5, 0.9, 0.99)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(500))
        .maximumExpectedValue(Duration.ofMillis(200))
        .register(registry);
    sum("seawall.firewall.packets.queued", "Packets read from the queues", Counter.PACKETS);
    sum("seawall.firewall.batches", "Receive batches (packets answered with one send)", Counter.BATCHES);
    verdict("inspect", Counter.VERDICT_INSPECT);
    verdict("offload", Counter.VERDICT_OFFLOAD);
    verdict("block", Counter.VERDICT_BLOCK);
    judged("clean", Counter.FLOWS_CLEAN);
    judged("allowed", Counter.FLOWS_ALLOWED);
    judged("blocked", Counter.FLOWS_BLOCKED);
    judged("would_block", Counter.FLOWS_WOULD_BLOCK);
    for (Kind k : Kind.values()) {
      FunctionCounter.builder("seawall.firewall.flows.blocked", this, m -> m.total(w -> w.blocked(k)))
          .description("BitTorrent flows blocked, by kind").tag("kind", k.label()).register(registry);
      FunctionCounter.builder("seawall.firewall.flows.would.block", this, m -> m.total(w -> w.wouldBlock(k)))
          .description("BitTorrent flows that would have been blocked (monitor mode), by kind")
          .tag("kind", k.label()).register(registry);
    }
    for (CourtOrders.Match m : CourtOrders.Match.values()) {
      FunctionCounter.builder("seawall.firewall.court.order.flows.blocked", this, f -> f.total(w -> w.courtOrders(m, false)))
          .description("Flows blocked by court order (the published blocklist), by what matched: the server's name or address")
          .tag("match", m.label).register(registry);
      FunctionCounter.builder("seawall.firewall.court.order.flows.would.block", this, f -> f.total(w -> w.courtOrders(m, true)))
          .description("Flows a court order would have blocked (monitor mode), by what matched").tag("match", m.label)
          .register(registry);
    }
    bad("malformed_packet", Counter.MALFORMED_PACKETS);
    bad("truncated_netlink", Counter.TRUNCATED_MESSAGES);
    bad("packet_without_id", Counter.PACKETS_WITHOUT_ID);
    bad("inspector_error", Counter.INSPECTOR_ERRORS);
    sum("seawall.firewall.kernel.errors", "Error answers from the kernel to verdicts", Counter.KERNEL_ERRORS);
    sum("seawall.firewall.receive.errors", "Failed receives on queue sockets", Counter.RECEIVE_ERRORS);
    sum("seawall.firewall.send.errors", "Failed verdict sends", Counter.SEND_ERRORS);
    sum("seawall.firewall.tcp.resets", "Resets sent to the receiving end of blocked TCP flows", Counter.RESETS_SENT);
    sum("seawall.firewall.tcp.reset.errors", "Resets that could not be sent", Counter.RESET_ERRORS);
    FunctionCounter.builder("seawall.firewall.learned.peers", peers, p -> p.learnedCount())
        .description("Endpoints learned as BitTorrent peers (kept in memory for their TTL)").register(registry);
    Gauge.builder("seawall.firewall.workers", this, m -> m.workers.size())
        .description("Queue worker threads").register(registry);
  }

  /** Registers the workers' counters (and the kernel's, for their queues). Call once. */
  public void bind(List<WorkerStats> stats) {
    this.workers = List.copyOf(stats);
    for (WorkerStats w : stats) {
      String q = Integer.toString(w.queue());
      FunctionCounter.builder("seawall.firewall.queue.dropped", this, m -> m.kernel(w.queue()).droppedFull())
          .description("Packets the kernel dropped (or let through, when failing open) because the queue was full")
          .tags("queue", q, "reason", "queue_full").register(registry);
      FunctionCounter.builder("seawall.firewall.queue.dropped", this, m -> m.kernel(w.queue()).droppedUser())
          .description("Packets the kernel dropped because the socket could not take them")
          .tags("queue", q, "reason", "socket_full").register(registry);
      Gauge.builder("seawall.firewall.queue.waiting", this, m -> m.kernel(w.queue()).waiting())
          .description("Packets waiting in the kernel for a verdict").tag("queue", q).register(registry);
      FunctionCounter.builder("seawall.firewall.queue.packets", w, s -> s.get(Counter.PACKETS))
          .description("Packets read from this queue").tag("queue", q).register(registry);
    }
  }

  private KernelQueueStats.Queue kernel(int queue) {
    long now = System.nanoTime();
    if (now - kernelSnapshotAt > 500_000_000L) { // one read of /proc per scrape
      kernelSnapshot = kernel.read();
      kernelSnapshotAt = now;
    }
    return kernelSnapshot.getOrDefault(queue, new KernelQueueStats.Queue(queue, 0, 0, 0));
  }

  private double total(ToDoubleFunction<WorkerStats> f) {
    double t = 0;
    for (WorkerStats w : workers) t += f.applyAsDouble(w);
    return t;
  }

  private void sum(String name, String description, Counter c) {
    FunctionCounter.builder(name, this, m -> m.total(w -> w.get(c))).description(description).register(registry);
  }

  private void verdict(String action, Counter c) {
    FunctionCounter.builder("seawall.firewall.verdicts", this, m -> m.total(w -> w.get(c)))
        .description("Packet verdicts by action").tag("action", action).register(registry);
  }

  private void judged(String verdict, Counter c) {
    FunctionCounter.builder("seawall.firewall.flows.judged", this, m -> m.total(w -> w.get(c)))
        .description("Flows given a final verdict").tag("verdict", verdict).register(registry);
  }

  private void bad(String what, Counter c) {
    FunctionCounter.builder("seawall.firewall.bad.input", this, m -> m.total(w -> w.get(c)))
        .description("Bad input met and survived, by kind").tag("what", what).register(registry);
  }

  @Override
  public void record(long nanos, int packets) {
    for (int i = 0; i < packets; i++) latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Gauges of the court-order blocklist in force (size, age, failed fetches); call once, when one is configured. */
  public void bindBlocklist(BlocklistSource source) {
    Gauge.builder("seawall.firewall.blocklist.entries", source, s -> s.status().entries())
        .description("Entries of the court-order blocklist in force").register(registry);
    Gauge.builder("seawall.firewall.blocklist.age", source, s -> s.status().ageSeconds(java.time.Instant.now()))
        .description("Seconds since the blocklist in force was fetched (-1: none yet)").baseUnit("seconds").register(registry);
    FunctionCounter.builder("seawall.firewall.blocklist.fetch.failures", source, s -> s.status().failures())
        .description("Blocklist fetches that failed (the previous list stayed in force)").register(registry);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  public long total(Counter c) {
    return (long) total(w -> w.get(c));
  }
}
