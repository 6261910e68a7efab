package dev.seawall.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seawall.engine.detect.bittorrent.BitTorrentDetectors;
import dev.seawall.blocklist.Cidr;
import dev.seawall.testkit.Host;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A real BitTorrent client (python3-libtorrent, Debian's libtorrent-rasterbar) downloads a torrent
 * from a seeder on loopback with its peer connections through the proxy: TCP via CONNECT, uTP via
 * UDP ASSOCIATE, plaintext and forced RC4 encryption. With the filter off the download completes
 * (so the test can fail); with it on it must not. A case whose detector is not in the engine yet is
 * skipped, naming it.
 */
class LibtorrentThroughProxyTest {
  static final Set<String> DETECTORS = BitTorrentDetectors.all().factories().stream()
      .map(f -> f.apply(16).name()).collect(Collectors.toSet());

  @ParameterizedTest(name = "{0} over {1}")
  @CsvSource({"plain, tcp, handshake", "forced, tcp, mse", "plain, utp, utp"})
  void downloadsOnlyWithTheFilterOff(String enc, String transport, String detector) throws Exception {
    Host.requireCommands("python3");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "skipped: /usr/bin/python3 absent");
    Procs.Result probe = Procs.run(20, List.of("/usr/bin/python3", "-c", "import libtorrent"));
    assumeTrue(probe.exit() == 0, "skipped: python3-libtorrent not installed (.ci/run installs it)");
    Path script = Path.of(getClass().getResource("lt_swarm.py").toURI());

    String off = swarm(script, false, enc, transport, 60);
    assertThat(off).as("filter off: the client must be able to download through the proxy").startsWith("COMPLETE");

    assumeTrue(DETECTORS.contains(detector), "skipped: the engine has no '" + detector + "' detector yet");
    String on = swarm(script, true, enc, transport, 20);
    assertThat(on).as("filter on: BitTorrent must be refused").startsWith("INCOMPLETE 0.000");
  }

  private String swarm(Path script, boolean inspect, String enc, String transport, int seconds) throws Exception {
    Path dir = Files.createTempDirectory("sw-lt");
    try (ProxyServer p = ProxyServer.start(ProxyConfig.builder(new InetSocketAddress("127.0.0.1", 0))
        .allow(List.of(Cidr.parse("127.0.0.0/8"))).inspect(inspect).build(), null)) {
      Procs.Result r = Procs.run(seconds + 30, List.of("/usr/bin/python3", script.toString(), dir.toString(),
          "" + p.addresses().getFirst().getPort(), enc, transport, "" + seconds));
      assertThat(r.exit()).as(r.err()).isZero();
      if (inspect) {
        assertThat(p.metrics().bittorrentCount()).as("refusals counted").isPositive();
      } else {
        assertThat(p.metrics().bittorrentCount()).isZero();
      }
      return r.out().strip();
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
