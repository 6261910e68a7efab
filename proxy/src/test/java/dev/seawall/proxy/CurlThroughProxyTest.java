package dev.seawall.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.proxy.auth.Authenticator;
import dev.seawall.passwords.PasswordHash;
import dev.seawall.blocklist.Cidr;
import dev.seawall.testkit.Host;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * curl through the proxy to real servers on loopback: HTTP (python3 http.server) and HTTPS (openssl
 * s_server), IPv4 and IPv6, --socks5 (client resolves) and --socks5-hostname (proxy resolves),
 * RFC 1929, SSRF denials, the court-order blocklist on the request name, the SNI, the Host header
 * and addresses, and its reload.
 */
class CurlThroughProxyTest {
  static LocalServers servers;
  static Path tmp;

  @BeforeAll
  static void servers() throws Exception {
    Host.requireCommands("curl", "openssl", "python3");
    servers = new LocalServers();
    tmp = Files.createTempDirectory("sw-curl");
  }

  @AfterAll
  static void stop() throws Exception {
    if (servers != null) servers.close();
  }

  static ProxyServer proxy(ProxyConfig.Builder b, Authenticator auth) throws Exception {
    return ProxyServer.start(b.build(), auth);
  }

  static ProxyConfig.Builder loopbackAllowed() {
    return ProxyConfig.builder(new InetSocketAddress("127.0.0.1", 0))
        .allow(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")))
        .metrics(new InetSocketAddress("127.0.0.1", 0));
  }

  static Procs.Result curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20"));
    cmd.addAll(List.of(args));
    return Procs.run(30, cmd);
  }

  static String socks(ProxyServer p) {
    return "127.0.0.1:" + p.addresses().getFirst().getPort();
  }

  @Test
  void httpAndHttpsOverIpv4AndIpv6WithBothNameModes() throws Exception {
    try (ProxyServer p = proxy(loopbackAllowed(), null)) {
      for (String mode : List.of("--socks5", "--socks5-hostname")) {
        for (String url : List.of("http://127.0.0.1:" + servers.http4 + "/hello.txt",
            "http://[::1]:" + servers.http6 + "/hello.txt", "http://localhost:" + servers.http4 + "/hello.txt")) {
          Procs.Result r = curl(mode, socks(p), url);
          assertThat(r.exit()).as(mode + " " + url + ": " + r.err()).isZero();
          assertThat(r.out()).isEqualTo("hello through seawall\n");
        }
        for (String url : List.of("https://127.0.0.1:" + servers.https4 + "/", "https://[::1]:" + servers.https6 + "/")) {
          Procs.Result r = curl("-k", mode, socks(p), url);
          assertThat(r.exit()).as(mode + " " + url + ": " + r.err()).isZero();
          assertThat(r.out()).contains("s_server");
        }
      }
      assertThat(p.metrics().refusedCount("policy_loopback")).isZero();
      awaitIdle(p);
    }
  }

  @Test
  void largeDownloadArrivesIntactCopiedAndSpliced() throws Exception {
    byte[] want = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(servers.dir.resolve("big.bin")));
    for (BulkRelay how : BulkRelay.values()) {
      try (ProxyServer p = proxy(loopbackAllowed().bulkRelay(how), null)) {
        for (int i = 0; i < 3; i++) {
          Path out = tmp.resolve("big-" + how + i);
          Procs.Result r = curl("--socks5", socks(p), "-o", out.toString(),
              "http://127.0.0.1:" + servers.http4 + "/big.bin");
          assertThat(r.exit()).as(r.err()).isZero();
          byte[] got = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out));
          assertThat(HexFormat.of().formatHex(got)).isEqualTo(HexFormat.of().formatHex(want));
          Files.delete(out);
        }
        boolean spliced = how == BulkRelay.SPLICE && p.context().transport().epoll();
        assertThat(p.metrics().bulkSpliced.count()).isEqualTo(spliced ? 3 : 0);
        assertThat(p.metrics().bulkCopied.count()).isEqualTo(spliced ? 0 : 3);
        awaitIdle(p);
      }
    }
  }

  @Test
  void usernamePasswordAcceptsTheRightPasswordOnly() throws Exception {
    var auth = new Authenticator(Map.of("alice", PasswordHash.create("s3cret pw".toCharArray(), 1_000)),
        TimeUnit.MINUTES.toNanos(1));
    try (ProxyServer p = proxy(loopbackAllowed(), auth)) {
      String url = "http://127.0.0.1:" + servers.http4 + "/hello.txt";
      Procs.Result ok = curl("-x", "socks5h://alice:s3cret%20pw@" + socks(p), url);
      assertThat(ok.exit()).as(ok.err()).isZero();
      assertThat(ok.out()).isEqualTo("hello through seawall\n");
      Procs.Result again = curl("-x", "socks5://alice:s3cret%20pw@" + socks(p), url); // remembered path
      assertThat(again.exit()).as(again.err()).isZero();
      Procs.Result wrong = curl("-x", "socks5h://alice:wrong@" + socks(p), url);
      assertThat(wrong.exit()).isNotZero();
      Procs.Result nobody = curl("-x", "socks5h://mallory:s3cret%20pw@" + socks(p), url);
      assertThat(nobody.exit()).isNotZero();
      Procs.Result none = curl("--socks5", socks(p), url); // offers no-auth only
      assertThat(none.exit()).isNotZero();
      assertThat(p.metrics().refusedCount("auth_failed")).isEqualTo(2);
      assertThat(p.metrics().refusedCount("no_acceptable_method")).isEqualTo(1);
      awaitIdle(p);
    }
  }

  @Test
  void loopbackIsRefusedUnlessAllowed() throws Exception {
    try (ProxyServer p = proxy(ProxyConfig.builder(new InetSocketAddress("127.0.0.1", 0)), null)) {
      assertThat(curl("--socks5", socks(p), "http://127.0.0.1:" + servers.http4 + "/hello.txt").exit()).isNotZero();
      assertThat(curl("--socks5-hostname", socks(p), "http://localhost:" + servers.http4 + "/").exit()).isNotZero();
      assertThat(curl("--socks5", socks(p), "http://[::1]:" + servers.http6 + "/").exit()).isNotZero();
      assertThat(curl("--socks5-hostname", socks(p), "http://[::ffff:127.0.0.1]:" + servers.http4 + "/").exit())
          .isNotZero();
      assertThat(p.metrics().refusedCount("policy_loopback")).isEqualTo(4);
      awaitIdle(p);
    }
  }

  @Test
  void blocklistAppliesToNamesSniHostAndAddressesAndReloads() throws Exception {
    Path list = tmp.resolve("blocklist.txt");
    Files.writeString(list, """
        # court order 1
        blocked.test
        *.court.test
        ::1/128
        not a domain!
        """);
    try (ProxyServer p = proxy(loopbackAllowed().blocklist(list.toString()), null)) {
      assertThat(p.blocklistStatus().entries()).isEqualTo(3);
      String h4 = "127.0.0.1:" + servers.http4;
      // The request names a blocked domain (the proxy would resolve it: refused before any lookup).
      assertThat(curl("--socks5-hostname", socks(p), "http://blocked.test:" + servers.http4 + "/").exit()).isNotZero();
      assertThat(p.metrics().refusedCount("blocklist_domain")).isEqualTo(1);
      // Client-side resolution hides the name from the request; the SNI still names it.
      Procs.Result sni = curl("-k", "--socks5", socks(p), "--resolve", "www.court.test:" + servers.https4 + ":127.0.0.1",
          "https://www.court.test:" + servers.https4 + "/");
      assertThat(sni.exit()).isNotZero();
      assertThat(p.metrics().refusedCount("blocklist_sni")).isEqualTo(1);
      // ... and the Host header of plain HTTP.
      assertThat(curl("--socks5", socks(p), "-H", "Host: a.court.test", "http://" + h4 + "/hello.txt").exit())
          .isNotZero();
      assertThat(p.metrics().refusedCount("blocklist_host")).isEqualTo(1);
      // court.test itself is not below court.test.
      Procs.Result parent = curl("--socks5", socks(p), "-H", "Host: court.test", "http://" + h4 + "/hello.txt");
      assertThat(parent.exit()).as(parent.err()).isZero();
      // Address entries.
      assertThat(curl("--socks5", socks(p), "http://[::1]:" + servers.http6 + "/").exit()).isNotZero();
      assertThat(p.metrics().refusedCount("blocklist_ip")).isEqualTo(1);
      // Unlisted names and addresses pass.
      assertThat(curl("--socks5", socks(p), "http://" + h4 + "/hello.txt").out()).isEqualTo("hello through seawall\n");

      // Reload without restart: a new order adds a name, the address entry is lifted.
      Files.writeString(list, "blocked.test\n*.court.test\nlate.test\n");
      p.reloadBlocklist();
      assertThat(p.blocklistStatus().entries()).isEqualTo(3);
      assertThat(curl("--socks5", socks(p), "-H", "Host: late.test", "http://" + h4 + "/hello.txt").exit()).isNotZero();
      assertThat(p.metrics().refusedCount("blocklist_host")).isEqualTo(2);
      Procs.Result v6 = curl("--socks5", socks(p), "http://[::1]:" + servers.http6 + "/hello.txt");
      assertThat(v6.exit()).as(v6.err()).isZero();

      // A failed reload keeps the list in force and says why.
      Files.delete(list);
      p.reloadBlocklist();
      assertThat(p.blocklistStatus().failures()).isEqualTo(1);
      assertThat(p.blocklistStatus().lastError()).contains("blocklist.txt");
      assertThat(curl("--socks5-hostname", socks(p), "http://blocked.test:1/").exit()).isNotZero();
      assertThat(p.metrics().refusedCount("blocklist_domain")).isEqualTo(2);
      awaitIdle(p);
    }
  }

  @Test
  void blocklistComesFromAUrlToo() throws Exception {
    Files.writeString(servers.dir.resolve("order.txt"), "blocked.test\n");
    try (ProxyServer p = proxy(loopbackAllowed().blocklist("http://127.0.0.1:" + servers.http4 + "/order.txt"), null)) {
      assertThat(p.blocklistStatus().entries()).isEqualTo(1);
      assertThat(curl("--socks5-hostname", socks(p), "http://blocked.test:1/").exit()).isNotZero();
      assertThat(p.metrics().refusedCount("blocklist_domain")).isEqualTo(1);
    }
  }

  @Test
  void metricsAndHealthAreServedWithoutAddresses() throws Exception {
    try (ProxyServer p = proxy(loopbackAllowed(), null)) {
      curl("--socks5", socks(p), "http://127.0.0.1:" + servers.http4 + "/hello.txt");
      curl("--socks5", socks(p), "http://127.0.0.1:1/");
      HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://127.0.0.1:" + p.metricsAddress().getPort();
      HttpResponse<String> m = c.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(m.statusCode()).isEqualTo(200);
      assertThat(m.body()).contains("seawall_proxy_connections_accepted_total 2.0")
          .contains("seawall_proxy_refused_total{reason=\"connect_failed\"} 1.0")
          .doesNotContain("127.0.0.1").doesNotContain("" + servers.http4);
      HttpResponse<String> h = c.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(h.statusCode()).isEqualTo(200);
      assertThat(h.body()).contains("\"status\":\"up\"");
    }
  }

  /** Every connection closed, every engine flow and limit released. */
  static void awaitIdle(ProxyServer p) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end && (p.metrics().active.get() != 0 || p.context().openFlows() != 0
        || p.context().limits().open() != 0 || p.context().limits().principals() != 0)) {
      Thread.sleep(20);
    }
    assertThat(p.metrics().active.get()).as("open connections").isZero();
    assertThat(p.context().openFlows()).as("open engine flows").isZero();
    assertThat(p.context().limits().open()).as("held connection slots").isZero();
    assertThat(p.context().limits().principals()).as("held per-user slots").isZero();
  }
}
