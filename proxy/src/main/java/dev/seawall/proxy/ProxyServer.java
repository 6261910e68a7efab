package dev.seawall.proxy;

import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.detect.bittorrent.BitTorrentDetectors;
import dev.seawall.engine.detect.bittorrent.LearnedPeers;
import dev.seawall.proxy.auth.Authenticator;
import dev.seawall.proxy.metrics.MetricsServer;
import dev.seawall.proxy.metrics.ProxyMetrics;
import dev.seawall.proxy.policy.AddressPolicy;
import dev.seawall.blocklist.BlocklistSource;
import dev.seawall.proxy.relay.AcceptPin;
import dev.seawall.proxy.relay.LoopSpread;
import dev.seawall.proxy.relay.ProxyContext;
import dev.seawall.proxy.relay.SocksHandler;
import dev.seawall.proxy.relay.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running proxy: event loops, listening sockets, blocklist refresh, metrics endpoint. Start with
 * {@link #start}, stop with {@link #close}.
 */
public final class ProxyServer implements AutoCloseable {
  private final ProxyConfig config;
  private final ProxyMetrics metrics = new ProxyMetrics();
  private final EventLoopGroup group;
  private final ProxyContext context;
  private final BlocklistSource blocklist;
  private final AddressPolicy policy;
  private final List<Channel> listeners = new ArrayList<>();
  private final ScheduledExecutorService housekeeping;
  private MetricsServer metricsServer;

  private ProxyServer(ProxyConfig config, Authenticator auth, EngineConfig engine, Transport transport) {
    this.config = config;
    this.policy = new AddressPolicy(config.allow());
    this.blocklist = config.blocklist() == null ? null : new BlocklistSource(config.blocklist());
    this.context = new ProxyContext(config, auth, policy, blocklist, metrics, transport, engine);
    this.group = new MultiThreadIoEventLoopGroup(loops(config), null, context.spread(), transport.ioHandlers());
    this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "seawall-proxy-housekeeping");
      t.setDaemon(true);
      return t;
    });
  }

  /** Event loops: as configured, else one per core (Netty's default, two per core, costs more CPU per connection). */
  static int loops(ProxyConfig config) {
    return config.threads() > 0 ? config.threads() : Runtime.getRuntime().availableProcessors();
  }

  /** The engine configuration the proxy uses: every detector, shared learned peers, no info-hashes. */
  public static EngineConfig defaultEngine(ProxyConfig config) {
    int perLoop = Math.max(1024, config.maxConnections() * 2);
    return EngineConfig.defaults(BitTorrentDetectors.all()).withMaxFlows(perLoop).withInfohashes(false)
        .withPeers(LearnedPeers.withDefaults());
  }

  public static ProxyServer start(ProxyConfig config, Authenticator auth) throws IOException, InterruptedException {
    return start(config, auth, defaultEngine(config), Transport.best());
  }

  /** Starts with an explicit engine configuration and transport (tests). */
  public static ProxyServer start(ProxyConfig config, Authenticator auth, EngineConfig engine, Transport transport)
      throws IOException, InterruptedException {
    ProxyServer s = new ProxyServer(config, auth, engine, transport);
    try {
      s.open();
    } catch (IOException | InterruptedException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  private void open() throws IOException, InterruptedException {
    if (blocklist != null) {
      blocklist.refresh();
      BlocklistSource.Status st = blocklist.status();
      if (st.loadedAt() == null) {
        throw new IOException("cannot load blocklist " + config.blocklist() + ": " + st.lastError());
      }
      long every = config.blocklistRefresh().toMillis();
      housekeeping.scheduleWithFixedDelay(blocklist::refresh, every, every, TimeUnit.MILLISECONDS);
      metrics.gauge("seawall_proxy_blocklist_entries", "entries in the blocklist in force",
          () -> blocklist.status().entries());
      metrics.gauge("seawall_proxy_blocklist_load_failures", "failed blocklist reloads",
          () -> blocklist.status().failures());
    }
    housekeeping.scheduleWithFixedDelay(policy::refreshOwnAddresses, 60, 60, TimeUnit.SECONDS);
    for (InetSocketAddress a : config.listen()) {
      try {
        listen(a);
      } catch (Exception e) {
        throw new IOException("cannot listen on " + a + ": " + e.getMessage(), e);
      }
    }
    if (config.metrics() != null) {
      metricsServer = new MetricsServer(config.metrics(), metrics, this::healthJson, this::healthy);
    }
  }

  /**
   * Listens on {@code a}: one socket, whose connections go to the event loop with the fewest live
   * connections, the accepting one when it is among them (see {@link LoopSpread}). With epoll an IPv4 address gets an IPv4 socket: no IPv4-mapped
   * addresses to handle per connection.
   */
  private void listen(InetSocketAddress a) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap().group(group)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ProxyContext.WATER_MARK)
        .handler(AcceptPin.INSTANCE)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast("socks", new SocksHandler(context));
          }
        });
    if (context.transport().epoll()) {
      SocketProtocolFamily family = a.getAddress() instanceof Inet4Address ? SocketProtocolFamily.INET
          : SocketProtocolFamily.INET6;
      b.channelFactory((io.netty.channel.ChannelFactory<EpollServerSocketChannel>) () -> new EpollServerSocketChannel(family));
    } else {
      b.channel(context.transport().serverChannel());
    }
    listeners.add(b.bind(a).sync().channel());
  }

  public List<InetSocketAddress> addresses() {
    List<InetSocketAddress> out = new ArrayList<>();
    for (Channel c : listeners) out.add((InetSocketAddress) c.localAddress());
    return out;
  }

  public InetSocketAddress metricsAddress() {
    return metricsServer == null ? null : metricsServer.address();
  }

  public ProxyMetrics metrics() {
    return metrics;
  }

  public ProxyContext context() {
    return context;
  }

  /** Re-reads the blocklist now (also done every refresh interval). */
  public void reloadBlocklist() {
    if (blocklist != null) blocklist.refresh();
  }

  public BlocklistSource.Status blocklistStatus() {
    return blocklist == null ? null : blocklist.status();
  }

  private boolean healthy() {
    for (Channel c : listeners) if (!c.isActive()) return false;
    return !listeners.isEmpty();
  }

  private String healthJson() {
    StringBuilder sb = new StringBuilder("{\"status\":\"").append(healthy() ? "up" : "down").append('"');
    sb.append(",\"transport\":\"").append(context.transport().epoll() ? "epoll" : "nio").append('"');
    sb.append(",\"inspection\":").append(config.inspect());
    sb.append(",\"connections\":").append(metrics.active.get());
    if (blocklist != null) {
      BlocklistSource.Status s = blocklist.status();
      sb.append(",\"blocklist\":{\"entries\":").append(s.entries()).append(",\"loadedAt\":\"").append(s.loadedAt())
          .append("\",\"failures\":").append(s.failures()).append(",\"lastError\":")
          .append(s.lastError() == null ? "null" : "\"" + s.lastError().replace("\\", "\\\\").replace("\"", "'") + "\"")
          .append('}');
    }
    return sb.append('}').toString();
  }

  /**
   * Stops listening and closes every connection. Waits are bounded: a stop (SIGTERM) must end the
   * process even if an event loop never reports its termination (seen once, after strace had
   * attached to and detached from the process).
   */
  @Override
  public void close() {
    for (Channel c : listeners) c.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    if (metricsServer != null) metricsServer.close();
    housekeeping.shutdownNow();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    context.shutdown();
  }
}
