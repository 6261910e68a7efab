package dev.seawall.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The proxy's counters. Aggregate only: labels name outcomes, reasons and protocol kinds, never a
 * user, address, port, domain or info-hash.
 */
public final class ProxyMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Map<String, Counter> bittorrent = new ConcurrentHashMap<>();
  private final Map<String, Counter> udp = new ConcurrentHashMap<>();

  public final AtomicInteger active = new AtomicInteger();
  public final Counter accepted;
  public final Counter established;
  public final Counter idleTimeouts;
  /** Relays with a direction that went bulk, by how it was relayed (copy, splice). */
  public final Counter bulkCopied, bulkSpliced;

  public ProxyMetrics() {
    accepted = Counter.builder("seawall_proxy_connections_accepted").description("client connections accepted")
        .register(registry);
    established = Counter.builder("seawall_proxy_relays_established")
        .description("CONNECT/BIND relays and UDP associations set up").register(registry);
    idleTimeouts = Counter.builder("seawall_proxy_idle_timeouts").description("relays closed after the idle timeout")
        .register(registry);
    bulkCopied = bulkRelays("copy");
    bulkSpliced = bulkRelays("splice");
    Gauge.builder("seawall_proxy_connections_active", active, AtomicInteger::get)
        .description("client connections open now").register(registry);
  }

  private Counter bulkRelays(String how) {
    return Counter.builder("seawall_proxy_relays_bulk").tag("relay", how)
        .description("relays with a clean direction that went on to bulk (1 MiB per wake-up), by how it was relayed")
        .register(registry);
  }

  /** A connection or request refused, by reason (malformed, auth_failed, bittorrent, policy_private, ...). */
  public void refused(String reason) {
    refused.computeIfAbsent(reason, r -> Counter.builder("seawall_proxy_refused").tag("reason", r)
        .description("connections, requests and datagrams refused, by reason").register(registry)).increment();
  }

  /** A BitTorrent verdict that closed a connection or dropped a datagram. */
  public void bittorrent(String transport, String kind) {
    bittorrent.computeIfAbsent(transport + "/" + kind, k -> Counter.builder("seawall_proxy_bittorrent_refused")
        .tag("transport", transport).tag("kind", kind)
        .description("flows refused because the engine recognised BitTorrent").register(registry)).increment();
  }

  public void udp(String outcome) {
    udp.computeIfAbsent(outcome, o -> Counter.builder("seawall_proxy_udp_datagrams").tag("outcome", o)
        .description("UDP ASSOCIATE datagrams, by outcome").register(registry)).increment();
  }

  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  public String scrape() {
    return registry.scrape();
  }

  /** Current value of a refusal counter (tests, health). */
  public double refusedCount(String reason) {
    Counter c = refused.get(reason);
    return c == null ? 0 : c.count();
  }

  public double bittorrentCount() {
    return bittorrent.values().stream().mapToDouble(Counter::count).sum();
  }

  public double udpCount(String outcome) {
    Counter c = udp.get(outcome);
    return c == null ? 0 : c.count();
  }
}
