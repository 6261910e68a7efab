package dev.seawall.netctl;

import static dev.seawall.netctl.lab.Netns.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.netctl.backend.GobgpBackend;
import dev.seawall.netctl.lab.RtbhLab;
import dev.seawall.testkit.Host;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: Seawall's GoBGP backend drives a real gobgpd that peers with a real BIRD edge router in
 * network namespaces; traffic from a client namespace shows whether the null-route works.
 */
@Timeout(240)
class GobgpRtbhTest {
  static final String VICTIM = "10.201.2.2";
  static final String BYSTANDER = "10.201.2.3";
  static final String SHORT = "10.201.2.4";
  static final String VICTIM6 = "2001:db8:2::2";
  static final String BYSTANDER6 = "2001:db8:2::3";

  @TempDir Path dir;

  @BeforeEach
  void requirements() {
    Host.requireRoot();
    Host.requireCommands("ip", "ping", "gobgpd", "bird", "birdc");
  }

  static Rails rails() {
    return new Rails(List.of(Prefix.parse("10.201.2.0/24"), Prefix.parse("10.201.9.0/30"), Prefix.parse("2001:db8:2::/64")),
        Map.of(Prefix.parse("10.201.2.1/32"), "server gateway"), 32, 128, 10, Duration.ofHours(1), Duration.ofDays(1));
  }

  NullRouter router(Path sock, StateFile state) {
    return new NullRouter(rails(), new GobgpBackend("unix://" + sock, null, null, List.of(Community.parse("64500:666"))),
        state, Clock.systemUTC());
  }

  static NullRouteRequest req(String prefix, Duration ttl) {
    return new NullRouteRequest(Prefix.parse(prefix), "repeat infringer (test)", List.of("notice-1", "notice-2"), ttl, "test", false);
  }

  @Test
  void blackholesThroughBgpSurvivesFlapsAndRestarts() throws Exception {
    try (RtbhLab lab = new RtbhLab("g", dir)) {
      lab.startBird();
      Path sock = lab.startGobgpd();
      assertThat(within(30, () -> lab.sessionUp("controller") && lab.sessionUp("controller6")))
          .as("BGP sessions up; bird: %s gobgpd: %s", lab.log("bird.log"), lab.log("gobgpd.log")).isTrue();
      for (String a : List.of(VICTIM, BYSTANDER, SHORT, VICTIM6, BYSTANDER6)) assertThat(lab.ns.ping(lab.client, a)).as("baseline ping " + a).isTrue();
      StateFile state = new StateFile(dir.resolve("state/nullroutes.json"));

      NullRouter seawall = router(sock, state);
      seawall.startTimers(Duration.ofMillis(200), Duration.ofSeconds(2));
      try {
        // add: the victim becomes unreachable, its neighbour stays reachable
        assertThat(seawall.add(req(VICTIM, Duration.ofHours(1)))).isInstanceOf(AddResult.Announced.class);
        assertThat(within(10, () -> !lab.ns.ping(lab.client, VICTIM))).as("victim blackholed").isTrue();
        assertThat(lab.ns.ping(lab.client, BYSTANDER)).as("other traffic continues").isTrue();
        assertThat(lab.routerBlackholes()).contains("blackhole " + VICTIM);
        String route = lab.birdc("show", "route", "all", "for", VICTIM);
        assertThat(route).contains("(65535,666)").contains("(65535,65281)").contains("(64500,666)");

        // the BGP peer is protected even though it lies inside an own range
        assertThat(seawall.add(req(RtbhLab.ROUTER_BGP, null)))
            .isInstanceOfSatisfying(AddResult.Refused.class, r -> assertThat(r.message()).contains("BGP peer AS65001"));
        // IPv6: a /128 over the IPv6 session
        assertThat(seawall.add(req(VICTIM6, Duration.ofHours(1)))).isInstanceOf(AddResult.Announced.class);
        assertThat(within(10, () -> !lab.ns.ping(lab.client, VICTIM6))).as("IPv6 victim blackholed").isTrue();
        assertThat(lab.ns.ping(lab.client, BYSTANDER6)).as("other IPv6 traffic continues").isTrue();
        assertThat(lab.birdc("show", "route", "all", "for", VICTIM6)).contains("(65535,666)").contains("(65535,65281)");

        // expiry: a short route is withdrawn by the timer and traffic flows again
        assertThat(seawall.add(req(SHORT, Duration.ofSeconds(3)))).isInstanceOf(AddResult.Announced.class);
        assertThat(within(10, () -> !lab.ns.ping(lab.client, SHORT))).as("short route active").isTrue();
        assertThat(within(15, () -> lab.ns.ping(lab.client, SHORT))).as("short route expired and withdrawn").isTrue();
        assertThat(seawall.list()).extracting(r -> r.prefix().toString()).doesNotContain(SHORT + "/32");

        // removal: traffic flows again
        assertThat(seawall.remove(new RemoveRequest(Prefix.parse(VICTIM), "customer resolved it", "test", false)))
            .isInstanceOf(RemoveResult.Withdrawn.class);
        assertThat(within(10, () -> lab.ns.ping(lab.client, VICTIM))).as("victim reachable after removal").isTrue();
        assertThat(seawall.add(req(VICTIM, Duration.ofHours(1)))).isInstanceOf(AddResult.Announced.class);
        assertThat(within(10, () -> !lab.ns.ping(lab.client, VICTIM))).isTrue();

        // BGP session loss and return: the router forgets the route, then has it again
        lab.birdc("disable", "controller");
        assertThat(within(10, () -> lab.ns.ping(lab.client, VICTIM))).as("session down: route gone").isTrue();
        lab.birdc("enable", "controller");
        assertThat(within(30, () -> !lab.ns.ping(lab.client, VICTIM))).as("session back: route back").isTrue();

        // gobgpd restarts (its RIB is empty): the watcher notices and Seawall re-announces
        lab.stopSpeaker();
        assertThat(within(15, () -> lab.ns.ping(lab.client, VICTIM))).as("gobgpd gone: route gone").isTrue();
        lab.startGobgpd();
        assertThat(within(40, () -> !lab.ns.ping(lab.client, VICTIM))).as("gobgpd back: re-announced; %s", lab.log("gobgpd.log")).isTrue();

        // a route that will expire while Seawall is down
        assertThat(seawall.add(req(SHORT, Duration.ofSeconds(2)))).isInstanceOf(AddResult.Announced.class);
        assertThat(within(10, () -> !lab.ns.ping(lab.client, SHORT))).isTrue();
      } finally {
        seawall.close();
      }
      Thread.sleep(3000);
      assertThat(lab.ns.ping(lab.client, SHORT)).as("nobody withdrew it while Seawall was down").isFalse();

      // Seawall restarts: the expired route is withdrawn, the active one stays
      try (NullRouter again = router(sock, state)) {
        assertThat(within(10, () -> lab.ns.ping(lab.client, SHORT))).as("expired route withdrawn at start").isTrue();
        assertThat(lab.ns.ping(lab.client, VICTIM)).isFalse();
        assertThat(again.list()).extracting(r -> r.prefix().toString()).containsExactly(VICTIM + "/32", VICTIM6 + "/128");
      }

      // cold restart of both gobgpd and Seawall: the route comes back from the persisted state alone
      lab.stopSpeaker();
      assertThat(within(15, () -> lab.ns.ping(lab.client, VICTIM))).isTrue();
      lab.startGobgpd();
      assertThat(within(30, () -> lab.sessionUp("controller") && lab.sessionUp("controller6"))).isTrue();
      assertThat(lab.ns.ping(lab.client, VICTIM)).as("fresh gobgpd knows nothing").isTrue();
      assertThat(lab.ns.ping(lab.client, VICTIM6)).isTrue();
      try (NullRouter cold = router(sock, state)) {
        assertThat(within(15, () -> !lab.ns.ping(lab.client, VICTIM))).as("re-announced from the state file").isTrue();
        assertThat(within(15, () -> !lab.ns.ping(lab.client, VICTIM6))).as("IPv6 re-announced from the state file").isTrue();
        assertThat(lab.ns.ping(lab.client, BYSTANDER6)).isTrue();
        assertThat(lab.ns.ping(lab.client, BYSTANDER)).isTrue();
        assertThat(cold.backendHealth()).contains("10.201.9.2").contains("ESTABLISHED");
        // IPv6 withdraw (DeletePath with the MP_REACH form of the path)
        assertThat(cold.remove(new RemoveRequest(Prefix.parse(VICTIM6), "resolved", "test", false))).isInstanceOf(RemoveResult.Withdrawn.class);
        assertThat(within(10, () -> lab.ns.ping(lab.client, VICTIM6))).as("IPv6 victim reachable after removal").isTrue();
        assertThat(lab.ns.ping(lab.client, VICTIM)).isFalse();
      }
    }
  }
}
