package dev.seawall.proxy;

import dev.seawall.blocklist.Cidr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@code seawall proxy} is told. Built with {@link #builder}; immutable.
 *
 * @param listen SOCKS listening addresses
 * @param socks4 accept SOCKS4/4a requests too (only without authentication: SOCKS4 has no password)
 * @param inspect pass the first bytes of every flow through the BitTorrent engine and refuse what it
 *     recognises; false only to prove tests can fail or for comparison
 * @param allow address blocks exempt from the built-in SSRF denials (loopback, private, ...)
 * @param blocklist file or http(s) URL of the court-order blocklist, or null
 * @param blocklistRefresh how often the blocklist is checked for changes
 * @param maxConnections client connections open at once; more are closed at accept
 * @param maxPerUser client connections per user (or per client address without authentication)
 * @param handshakeTimeout from accept until the relay is set up (slow-loris bound)
 * @param idleTimeout a relay with no data either way for this long is closed
 * @param connectTimeout for the proxy's own connection to the destination
 * @param threads event loops (0: one per core)
 * @param bulkRelay how a clean TCP direction that carries bulk is relayed
 * @param external source address for outgoing connections and UDP, or null for the default
 * @param metrics address of /metrics and /health, or null for none
 */
public record ProxyConfig(
    List<InetSocketAddress> listen,
    boolean socks4,
    boolean inspect,
    List<Cidr> allow,
    String blocklist,
    Duration blocklistRefresh,
    int maxConnections,
    int maxPerUser,
    Duration handshakeTimeout,
    Duration idleTimeout,
    Duration connectTimeout,
    int threads,
    BulkRelay bulkRelay,
    InetAddress external,
    InetSocketAddress metrics) {

  public ProxyConfig {
    listen = List.copyOf(listen);
    allow = List.copyOf(allow);
    if (listen.isEmpty()) throw new IllegalArgumentException("no listening address");
    if (maxConnections < 1) throw new IllegalArgumentException("max connections must be positive");
    java.util.Objects.requireNonNull(bulkRelay, "bulkRelay");
    if (maxPerUser < 1) throw new IllegalArgumentException("max connections per user must be positive");
  }

  public static Builder builder(InetSocketAddress listen) {
    return new Builder(listen);
  }

  public Builder toBuilder() {
    Builder b = new Builder(listen.getFirst());
    b.listen = listen;
    b.socks4 = socks4;
    b.inspect = inspect;
    b.allow = allow;
    b.blocklist = blocklist;
    b.blocklistRefresh = blocklistRefresh;
    b.maxConnections = maxConnections;
    b.maxPerUser = maxPerUser;
    b.handshakeTimeout = handshakeTimeout;
    b.idleTimeout = idleTimeout;
    b.connectTimeout = connectTimeout;
    b.threads = threads;
    b.bulkRelay = bulkRelay;
    b.external = external;
    b.metrics = metrics;
    return b;
  }

  /** Defaults: inspection on, no SOCKS4, SSRF denials, 10,000 connections, 10 s handshake, 5 min idle, bulk copied. */
  public static final class Builder {
    private List<InetSocketAddress> listen;
    private boolean socks4;
    private boolean inspect = true;
    private List<Cidr> allow = List.of();
    private String blocklist;
    private Duration blocklistRefresh = Duration.ofMinutes(1);
    private int maxConnections = 10_000;
    private int maxPerUser = 1_000;
    private Duration handshakeTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofMinutes(5);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private int threads;
    private BulkRelay bulkRelay = BulkRelay.COPY;
    private InetAddress external;
    private InetSocketAddress metrics;

    private Builder(InetSocketAddress listen) {
      this.listen = List.of(listen);
    }

    public Builder listen(List<InetSocketAddress> v) { listen = v; return this; }
    public Builder socks4(boolean v) { socks4 = v; return this; }
    public Builder inspect(boolean v) { inspect = v; return this; }
    public Builder allow(List<Cidr> v) { allow = v; return this; }
    public Builder blocklist(String v) { blocklist = v; return this; }
    public Builder blocklistRefresh(Duration v) { blocklistRefresh = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    public Builder maxPerUser(int v) { maxPerUser = v; return this; }
    public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder threads(int v) { threads = v; return this; }
    public Builder bulkRelay(BulkRelay v) { bulkRelay = v; return this; }
    public Builder external(InetAddress v) { external = v; return this; }
    public Builder metrics(InetSocketAddress v) { metrics = v; return this; }

    public ProxyConfig build() {
      return new ProxyConfig(listen, socks4, inspect, allow, blocklist, blocklistRefresh, maxConnections, maxPerUser,
          handshakeTimeout, idleTimeout, connectTimeout, threads, bulkRelay, external, metrics);
    }
  }
}
