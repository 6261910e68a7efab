package dev.seawall.proxy;

import dev.seawall.proxy.auth.Authenticator;
import dev.seawall.proxy.auth.UsersFile;
import dev.seawall.blocklist.Cidr;
import io.netty.util.ResourceLeakDetector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seawall proxy}: a SOCKS5 proxy that refuses BitTorrent and obeys court-ordered blocks. */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    subcommands = {PasswdCommand.class},
    description = {
      "SOCKS5 proxy (RFC 1928: CONNECT, BIND, UDP ASSOCIATE; RFC 1929 passwords; SOCKS4a optional).",
      "The first bytes of every TCP connection and every UDP datagram go through the BitTorrent engine:",
      "BitTorrent is refused (connection closed, datagram dropped); clean flows are relayed without",
      "further inspection (bulk in 1 MiB reads, or kernel splice). Destinations on loopback, private, link-local or the",
      "proxy's own addresses are refused unless --allow covers them; --blocklist names court-ordered",
      "domains and addresses (checked against the request, the TLS SNI and the HTTP Host). Nothing about",
      "users or destinations is logged; /metrics and /health give aggregate counters.",
      "Exit status: 0 stopped, 1 could not start (the message says why), 2 usage error."
    })
public final class ProxyCommand implements Callable<Integer> {

  // Checked in call(), not by picocli: picocli would demand it of 'seawall proxy passwd' too.
  @Option(names = "--listen", split = ",", paramLabel = "ADDR:PORT",
      description = "SOCKS address(es), e.g. 0.0.0.0:1080 or [::]:1080")
  List<String> listen;

  @Option(names = "--users", paramLabel = "FILE",
      description = "users file (see 'seawall proxy passwd'): require RFC 1929 username/password")
  Path users;

  @Option(names = "--socks4", description = "also accept SOCKS4/4a (only without --users: SOCKS4 has no password)")
  boolean socks4;

  @Option(names = "--no-bittorrent-filter",
      description = "relay BitTorrent too (for comparison and to prove tests can fail); default: refuse it")
  boolean noFilter;

  @Option(names = "--allow", split = ",", paramLabel = "CIDR",
      description = "destination blocks exempt from the SSRF denials, e.g. 127.0.0.0/8,::1/128")
  List<String> allow = new ArrayList<>();

  @Option(names = "--blocklist", paramLabel = "FILE|URL", description = "court-order blocklist: domains (exact), *.domain (below), IPs and CIDRs, one per line")
  String blocklist;

  @Option(names = "--blocklist-refresh", defaultValue = "60", paramLabel = "SECONDS", description = "how often the blocklist is checked for changes (default 60)")
  long blocklistRefresh;

  @Option(names = "--max-connections", defaultValue = "10000", description = "client connections at once (default 10000)")
  int maxConnections;

  @Option(names = "--max-per-user", defaultValue = "1000", description = "connections per user, or per client address without --users (default 1000)")
  int maxPerUser;

  @Option(names = "--handshake-timeout", defaultValue = "10", paramLabel = "SECONDS", description = "accept to relay (default 10)")
  long handshakeTimeout;

  @Option(names = "--idle-timeout", defaultValue = "300", paramLabel = "SECONDS", description = "relay without data either way (default 300)")
  long idleTimeout;

  @Option(names = "--connect-timeout", defaultValue = "10", paramLabel = "SECONDS", description = "connecting to a destination (default 10)")
  long connectTimeout;

  @Option(names = "--threads", defaultValue = "0", description = "event loops (default: one per core)")
  int threads;

  @Option(names = "--bulk-relay", defaultValue = "copy", paramLabel = "copy|splice",
      description = "a clean flow's bulk: copy = 1 MiB reads, written from the same buffer (default; fastest for a"
          + " stream whose client or server is on this host); splice = kernel splice (least proxy CPU; Linux)")
  String bulkRelay;

  @Option(names = "--external", paramLabel = "ADDR", description = "source address for outgoing connections")
  String external;

  @Option(names = "--metrics", paramLabel = "ADDR:PORT", description = "serve /metrics (Prometheus) and /health here")
  String metrics;

  @Override
  public Integer call() {
    ProxyConfig config;
    Authenticator auth = null;
    try {
      if (listen == null || listen.isEmpty()) return usage("--listen ADDR:PORT is required");
      List<InetSocketAddress> addrs = new ArrayList<>();
      for (String l : listen) addrs.add(HostPort.parse(l));
      List<Cidr> allowed = new ArrayList<>();
      for (String a : allow) allowed.add(Cidr.parse(a));
      if (socks4 && users != null) return usage("--socks4 cannot be combined with --users (SOCKS4 has no password)");
      if (users != null) {
        if (!Files.isReadable(users)) return usage(users + ": no such file");
        UsersFile.Loaded loaded = UsersFile.load(users);
        loaded.problems().forEach(p -> System.err.println("seawall proxy: skipped " + p));
        if (loaded.users().isEmpty()) return usage(users + ": no users");
        auth = new Authenticator(loaded.users(), TimeUnit.MINUTES.toNanos(10));
      }
      config = ProxyConfig.builder(addrs.getFirst()).listen(addrs).socks4(socks4).inspect(!noFilter).allow(allowed)
          .blocklist(blocklist).blocklistRefresh(Duration.ofSeconds(Math.max(1, blocklistRefresh)))
          .maxConnections(maxConnections).maxPerUser(maxPerUser)
          .handshakeTimeout(Duration.ofSeconds(handshakeTimeout)).idleTimeout(Duration.ofSeconds(idleTimeout))
          .connectTimeout(Duration.ofSeconds(connectTimeout)).threads(threads).bulkRelay(bulkRelay(bulkRelay))
          .external(external == null ? null : InetAddress.ofLiteral(external))
          .metrics(metrics == null ? null : HostPort.parse(metrics)).build();
    } catch (IllegalArgumentException e) {
      return usage(e.getMessage());
    } catch (IOException e) {
      System.err.println("seawall proxy: " + e.getMessage());
      return 1;
    }
    // Netty's leak detector walks the stack of one buffer allocation in 128, a cost every connection
    // shares; its reports are for developers, and the tests (which start ProxyServer directly) keep
    // it. -Dio.netty.leakDetection.level=... still chooses.
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    ProxyServer server;
    try {
      server = ProxyServer.start(config, auth);
    } catch (IOException e) {
      System.err.println("seawall proxy: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    if (blocklist != null) server.blocklistStatus();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "seawall-proxy-stop"));
    reloadOnHangup(server);
    // Startup line only: no per-connection output, ever.
    System.err.println("seawall proxy: listening on " + server.addresses() + (server.metricsAddress() == null ? ""
        : ", metrics on " + server.metricsAddress()) + (config.inspect() ? "" : " (BitTorrent filter OFF)"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** SIGHUP re-reads the blocklist at once (it is also polled). */
  @SuppressWarnings("restriction")
  private static void reloadOnHangup(ProxyServer server) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> server.reloadBlocklist());
    } catch (IllegalArgumentException | UnsupportedOperationException ignored) {
      // no SIGHUP on this platform: polling still reloads
    }
  }

  private static BulkRelay bulkRelay(String v) {
    return switch (v) {
      case "copy" -> BulkRelay.COPY;
      case "splice" -> BulkRelay.SPLICE;
      default -> throw new IllegalArgumentException("--bulk-relay: '" + v + "' is neither copy nor splice");
    };
  }

  private static int usage(String message) {
    System.err.println("seawall proxy: " + message);
    return 2;
  }
}
