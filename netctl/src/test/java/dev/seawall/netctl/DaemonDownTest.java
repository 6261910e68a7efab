package dev.seawall.netctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.netctl.backend.ExabgpBackend;
import dev.seawall.netctl.backend.GobgpBackend;
import dev.seawall.testkit.Host;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** When the BGP daemon is not there, requests fail with a message naming it, and nothing is recorded. */
@Timeout(60)
class DaemonDownTest {
  @TempDir Path dir;

  static Rails rails() {
    return Rails.hostOnly(List.of(Prefix.parse("192.0.2.0/24")), Map.of(), 5);
  }

  @Test
  void gobgpdAbsentIsAFailureAndLeavesTheStateAlone() {
    StateFile state = new StateFile(dir.resolve("state.json"));
    String target = "unix://" + dir.resolve("no-gobgpd.sock");
    try (NullRouter r = new NullRouter(rails(), new GobgpBackend(target, null, null, List.of()), state, Clock.systemUTC())) {
      AddResult res = r.add(new NullRouteRequest(Prefix.parse("192.0.2.7"), "test", List.of(), null, "test", false));
      assertThat(res).isInstanceOfSatisfying(AddResult.Failed.class, f -> assertThat(f.message())
          .startsWith("gobgp " + target + " could not announce 192.0.2.7/32: gobgpd at " + target + ": AddPath 192.0.2.7/32 failed: UNAVAILABLE"));
      assertThat(r.list()).isEmpty();
      assertThat(r.reconcile().problems()).singleElement().asString().contains("cannot list routes").contains("UNAVAILABLE");
    }
  }

  @Test
  void exabgpNotReadingItsPipesTimesOutInsteadOfHanging() throws Exception {
    Host.requireCommands("mkfifo");
    for (String s : List.of("x.in", "x.out")) {
      new ProcessBuilder("mkfifo", dir.resolve(s).toString()).start().waitFor();
    }
    ExabgpBackend exa = new ExabgpBackend(dir.resolve("x"), null, null, List.of(), Duration.ofMillis(500));
    assertThatThrownBy(() -> exa.announce(Prefix.parse("192.0.2.7")))
        .isInstanceOf(BackendException.class).hasMessageContaining("no answer to 'announce route 192.0.2.7/32 next-hop self community [ 65535:666 65535:65281 ]'");
    ExabgpBackend none = new ExabgpBackend(dir.resolve("missing"), null, null, List.of());
    assertThatThrownBy(none::announced).hasMessageContaining("do not exist");
  }
}
