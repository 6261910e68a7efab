package dev.seawall.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seawall.blocklist.Cidr;
import dev.seawall.testkit.Host;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A second real client: Debian's qbittorrent-nox, told through its Web API to make its peer
 * connections through the proxy (SOCKS5), downloads from a libtorrent seeder on loopback, with
 * encryption disabled and required. With the filter off the download completes (so the test can
 * fail); with it on nothing arrives. TCP here; uTP through UDP ASSOCIATE is covered with
 * libtorrent's own session in {@link LibtorrentThroughProxyTest}.
 */
class QbittorrentThroughProxyTest {

  @ParameterizedTest(name = "encryption {0}")
  @ValueSource(strings = {"plain", "forced"})
  void downloadsOnlyWithTheFilterOff(String enc) throws Exception {
    Host.requireCommands("python3", "qbittorrent-nox");
    Procs.Result probe = Procs.run(20, List.of("/usr/bin/python3", "-c", "import libtorrent"));
    assumeTrue(probe.exit() == 0, "skipped: python3-libtorrent not installed (.ci/run installs it)");
    Path script = Path.of(getClass().getResource("qbt_swarm.py").toURI());

    String off = swarm(script, false, enc, 60);
    assertThat(off).as("filter off: qBittorrent must be able to download through the proxy").startsWith("COMPLETE");
    String on = swarm(script, true, enc, 20);
    assertThat(on).as("filter on: BitTorrent must be refused").startsWith("INCOMPLETE 0.000");
  }

  private String swarm(Path script, boolean inspect, String enc, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("sw-qbt");
    try (ProxyServer p = ProxyServer.start(ProxyConfig.builder(new InetSocketAddress("127.0.0.1", 0))
        .allow(List.of(Cidr.parse("127.0.0.0/8"))).inspect(inspect).build(), null)) {
      Procs.Result r = Procs.run(seconds + 40, List.of("/usr/bin/python3", script.toString(), dir.toString(),
          "" + p.addresses().getFirst().getPort(), enc, "" + seconds));
      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      if (inspect) {
        assertThat(p.metrics().bittorrentCount()).as("refusals counted").isPositive();
      } else {
        assertThat(p.metrics().bittorrentCount()).isZero();
        assertThat(p.metrics().established.count()).as("qBittorrent went through the proxy").isPositive();
      }
      return r.out().strip();
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
