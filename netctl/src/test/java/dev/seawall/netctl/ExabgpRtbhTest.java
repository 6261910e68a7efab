package dev.seawall.netctl;

import static dev.seawall.netctl.lab.Netns.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.netctl.backend.ExabgpBackend;
import dev.seawall.netctl.lab.RtbhLab;
import dev.seawall.testkit.Host;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ExaBGP backend against a real ExaBGP 4.2 peering with BIRD in namespaces; traffic decides. */
@Timeout(180)
class ExabgpRtbhTest {
  @TempDir Path dir;

  @Test
  void blackholesThroughExabgpAndWithdraws() throws Exception {
    Host.requireRoot();
    Host.requireCommands("ip", "ping", "exabgp", "bird", "birdc", "mkfifo");
    try (RtbhLab lab = new RtbhLab("x", dir)) {
      lab.startBird();
      Path pipes = lab.startExabgp();
      assertThat(within(40, lab::sessionUp)).as("BGP session up; exabgp: %s", lab.log("exabgp.log")).isTrue();
      assertThat(lab.ns.ping(lab.client, GobgpRtbhTest.VICTIM)).isTrue();
      ExabgpBackend exabgp = new ExabgpBackend(pipes, null, null, List.of(Community.parse("64500:666")));
      try (NullRouter seawall = new NullRouter(GobgpRtbhTest.rails(), exabgp, new StateFile(dir.resolve("state.json")), Clock.systemUTC())) {
        seawall.startTimers(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(seawall.add(GobgpRtbhTest.req(GobgpRtbhTest.VICTIM, Duration.ofHours(1))))
            .as("exabgp log: %s", lab.log("exabgp.log")).isInstanceOf(AddResult.Announced.class);
        assertThat(within(10, () -> !lab.ns.ping(lab.client, GobgpRtbhTest.VICTIM))).as("blackholed via exabgp").isTrue();
        assertThat(lab.ns.ping(lab.client, GobgpRtbhTest.BYSTANDER)).isTrue();
        assertThat(lab.birdc("show", "route", "all", "for", GobgpRtbhTest.VICTIM)).contains("(65535,666)").contains("(64500,666)");
        assertThat(exabgp.announced()).as("adj-rib: %s / %s", exabgp.command("show adj-rib out"), exabgp.command("show adj-rib out extensive")).containsExactly(Prefix.parse(GobgpRtbhTest.VICTIM));

        assertThat(seawall.add(GobgpRtbhTest.req(RtbhLab.ROUTER_BGP, null)))
            .as("neighbors: %s", exabgp.command("show neighbor summary"))
            .isInstanceOfSatisfying(AddResult.Refused.class, r -> assertThat(r.message()).contains("(10.201.9.2/32: BGP peer)"));
        assertThat(seawall.add(GobgpRtbhTest.req(GobgpRtbhTest.SHORT, Duration.ofSeconds(2)))).isInstanceOf(AddResult.Announced.class);
        assertThat(within(10, () -> !lab.ns.ping(lab.client, GobgpRtbhTest.SHORT))).isTrue();
        assertThat(within(15, () -> lab.ns.ping(lab.client, GobgpRtbhTest.SHORT))).as("expired and withdrawn").isTrue();

        assertThat(seawall.remove(new RemoveRequest(Prefix.parse(GobgpRtbhTest.VICTIM), "resolved", "test", false)))
            .isInstanceOf(RemoveResult.Withdrawn.class);
        assertThat(within(10, () -> lab.ns.ping(lab.client, GobgpRtbhTest.VICTIM))).as("withdrawn via exabgp").isTrue();
        assertThat(exabgp.announced()).isEmpty();
      }
    }
  }
}
