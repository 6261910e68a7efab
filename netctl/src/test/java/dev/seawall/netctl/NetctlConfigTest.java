package dev.seawall.netctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetctlConfigTest {
  @TempDir Path dir;

  static final String GOOD = """
      {
        "state": "state/nullroutes.json",
        "backend": { "type": "gobgp", "target": "unix:///run/gobgpd.sock", "communities": ["64500:666", "no-export"] },
        "rails": {
          "ownRanges": ["192.0.2.0/24", "2001:db8::/32"],
          "neverBlackhole": { "192.0.2.1/32": "gateway", "192.0.2.53": "resolver" },
          "maxRoutes": 50, "defaultTtl": "12h", "maxTtl": "3d"
        },
        "reconcileEvery": "10s"
      }
      """;

  @Test
  void readsEverySection() throws Exception {
    Path f = dir.resolve("netctl.json");
    Files.writeString(f, GOOD);
    NetctlConfig c = NetctlConfig.load(f);
    assertThat(c.state()).isEqualTo(dir.resolve("state/nullroutes.json"));
    assertThat(c.backend()).isInstanceOfSatisfying(NetctlConfig.Gobgp.class, g -> {
      assertThat(g.target()).isEqualTo("unix:///run/gobgpd.sock");
      assertThat(g.communities()).containsExactly(new Community(64500, 666), Community.NO_EXPORT);
    });
    assertThat(c.rails().neverBlackhole()).containsEntry(Prefix.parse("192.0.2.53"), "resolver");
    assertThat(c.rails().defaultTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(c.rails().maxTtl()).isEqualTo(Duration.ofDays(3));
    assertThat(c.rails().minLengthV4()).isEqualTo(32);
    assertThat(c.reconcileEvery()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.expiryCheck()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shippedExampleParses() {
    NetctlConfig c = NetctlConfig.load(Path.of("examples/netctl.json"));
    assertThat(c.backend()).isInstanceOf(NetctlConfig.Gobgp.class);
    assertThat(c.rails().check(Prefix.parse("192.0.2.70"), null)).get().asString().contains("shared VPN exits");
    assertThat(c.rails().check(Prefix.parse("192.0.2.7"), null)).isEmpty();
  }

  @Test
  void errorsNameTheFieldAndTheValue() throws Exception {
    assertThatThrownBy(() -> NetctlConfig.parse(GOOD.replace("\"gobgp\"", "\"quagga\""), "n.json", dir))
        .hasMessage("n.json.backend.type: 'quagga' is not one of gobgp, exabgp, kernel");
    assertThatThrownBy(() -> NetctlConfig.parse(GOOD.replace("\"192.0.2.53\"", "\"192.0.2.300\""), "n.json", dir))
        .hasMessageContaining("n.json.rails.neverBlackhole.192.0.2.300").hasMessageContaining("larger than 255");
    assertThatThrownBy(() -> NetctlConfig.parse(GOOD.replace("\"12h\"", "\"soon\""), "n.json", dir))
        .hasMessageContaining("n.json.rails.defaultTtl: 'soon' is not a duration");
    assertThatThrownBy(() -> NetctlConfig.parse(GOOD.replace("64500:666", "64500"), "n.json", dir))
        .hasMessageContaining("n.json.backend.communities").hasMessageContaining("expected ASN:VALUE");
    assertThatThrownBy(() -> NetctlConfig.parse(GOOD.replace("\"state\": \"state/nullroutes.json\",", ""), "n.json", dir))
        .hasMessage("n.json: missing field 'state'");
    Path f = dir.resolve("broken.json");
    Files.writeString(f, "{\n  \"state\": \n}");
    assertThatThrownBy(() -> NetctlConfig.load(f)).hasMessageContaining("is not valid JSON").hasMessageContaining("line 3");
  }
}
