package dev.seawall.proxy.relay;

import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.StreamInspector;
import dev.seawall.proxy.ProxyConfig;
import dev.seawall.proxy.auth.Authenticator;
import dev.seawall.proxy.metrics.ProxyMetrics;
import dev.seawall.proxy.policy.AddressPolicy;
import dev.seawall.blocklist.Blocklist;
import dev.seawall.blocklist.BlocklistSource;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** What every connection handler shares: configuration, policy, engine per loop, counters. */
public final class ProxyContext {
  /** Per-direction buffering before the reader is paused: bounds memory per connection. */
  public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

  final ProxyConfig config;
  final Authenticator auth;
  final AddressPolicy policy;
  final BlocklistSource blocklist;
  final ProxyMetrics metrics;
  final Limits limits;
  final Transport transport;
  final EngineConfig engineConfig;
  /** Name lookups and PBKDF2 checks: blocking work kept off the event loops, bounded. */
  final ExecutorService blocking;
  private final List<Inspector> inspectors = new CopyOnWriteArrayList<>();
  /** Live connections per event loop: where the next accepted connection goes. */
  private final LoopSpread spread = new LoopSpread();

  private final FastThreadLocal<LoopState> loops = new FastThreadLocal<>() {
    @Override
    protected LoopState initialValue() {
      Inspector i = engineConfig == null ? null : new Inspector(new StreamInspector(engineConfig));
      if (i != null) inspectors.add(i);
      return new LoopState(i, spread.current());
    }
  };

  /** State owned by one event loop. */
  static final class LoopState {
    final Inspector inspector;
    /** This loop's index in {@link LoopSpread}, -1 if not one of its loops. */
    final int index;
    Bootstrap tcp4, tcp6;

    LoopState(Inspector inspector, int index) {
      this.inspector = inspector;
      this.index = index;
    }
  }

  @ChannelHandler.Sharable
  static final class Nothing extends ChannelInboundHandlerAdapter {
    static final Nothing INSTANCE = new Nothing();
  }

  public ProxyContext(ProxyConfig config, Authenticator auth, AddressPolicy policy, BlocklistSource blocklist,
      ProxyMetrics metrics, Transport transport, EngineConfig engineConfig) {
    this.config = config;
    this.auth = auth;
    this.policy = policy;
    this.blocklist = blocklist;
    this.metrics = metrics;
    this.limits = new Limits(config.maxConnections(), config.maxPerUser());
    this.transport = transport;
    this.engineConfig = config.inspect() ? engineConfig : null;
    this.blocking = new ThreadPoolExecutor(2, 16, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096), r -> {
      Thread t = new Thread(r, "seawall-proxy-lookup");
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
  }

  /** Chooses the event loop of each accepted connection (pass to the event loop group). */
  public LoopSpread spread() {
    return spread;
  }

  /** A client connection starts on the calling loop; returns the token for {@link #connectionClosed}. */
  int connectionOpened() {
    int loop = loops.get().index;
    spread.opened(loop);
    return loop;
  }

  void connectionClosed(int loop) {
    spread.closed(loop);
  }

  /** The calling event loop's engine, or null with inspection off. */
  Inspector inspector() {
    return loops.get().inspector;
  }

  Blocklist blocklist() {
    return blocklist == null ? Blocklist.EMPTY : blocklist.current();
  }

  /**
   * The calling loop's bootstrap for outgoing TCP connections. Reads need no pausing: the connect
   * listener installs the relay synchronously when the connect completes, before the channel's
   * first read (Netty notifies the promise, then fires channelActive, which starts reading). Reused: creating one per connection costs more than the rest of the setup. IPv4
   * destinations get an IPv4 socket, not a dual-stack one (one system call less, and no mapped
   * addresses in the kernel's connect).
   */
  Bootstrap tcpBootstrap(EventLoop loop, InetAddress destination) {
    LoopState s = loops.get();
    if (destination instanceof java.net.Inet4Address && (config.external() == null
        || config.external() instanceof java.net.Inet4Address)) {
      if (s.tcp4 == null) s.tcp4 = newTcpBootstrap(loop, SocketProtocolFamily.INET);
      return s.tcp4;
    }
    if (s.tcp6 == null) s.tcp6 = newTcpBootstrap(loop, SocketProtocolFamily.INET6);
    return s.tcp6;
  }

  private Bootstrap newTcpBootstrap(EventLoop loop, SocketProtocolFamily family) {
    // TCP_NODELAY is Netty's default for both transports: setting it again costs a system call.
    Bootstrap b = new Bootstrap().group(loop).handler(Nothing.INSTANCE)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis());
    if (transport.epoll()) {
      // Pinned before registration: the flag rides on the connect's epoll_ctl(ADD) (see EpollPin).
      // So does EPOLLIN, which the relay turns on anyway: one epoll_ctl(MOD) less per connection.
      // An EPOLLIN that comes with the connect's EPOLLOUT is handled after the connect completes.
      b.channelFactory((io.netty.channel.ChannelFactory<EpollSocketChannel>) () -> {
        EpollSocketChannel c = new EpollSocketChannel(family);
        EpollPin.preset(c, io.netty.channel.epoll.Native.EPOLLIN);
        c.config().setRecvByteBufAllocator(new BulkReads());
        return c;
      });
    } else {
      b.channel(transport.socketChannel());
    }
    return b;
  }

  InetAddress external() {
    return config.external();
  }

  /** Flows open in all engines (tests check it returns to zero: no leak). */
  public int openFlows() {
    int n = 0;
    for (Inspector i : inspectors) n += i.openFlows();
    return n;
  }

  public Transport transport() {
    return transport;
  }

  public Limits limits() {
    return limits;
  }

  public void shutdown() {
    blocking.shutdownNow();
  }
}
