package dev.seawall.netctl;

import static dev.seawall.netctl.lab.Netns.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.netctl.backend.KernelBackend;
import dev.seawall.netctl.lab.Netns;
import dev.seawall.testkit.Host;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The kernel backend on a router namespace: real blackhole routes, real traffic, IPv4 and IPv6. */
@Timeout(120)
class KernelBlackholeTest {
  @TempDir Path dir;

  @Test
  void blackholeRouteStopsForwardedTrafficUntilRemovedOrExpired() throws Exception {
    Host.requireRoot();
    Host.requireCommands("ip", "ping");
    try (Netns ns = new Netns("k")) {
      String c = ns.add("c"), r = ns.add("r"), s = ns.add("s");
      String t = ns.tag();
      ns.link(c, t + "c0", "10.201.1.2/24", r, t + "r0", "10.201.1.1/24");
      ns.link(s, t + "s0", "10.201.2.2/24", r, t + "r1", "10.201.2.1/24");
      Netns.sh("ip", "-n", s, "addr", "add", "10.201.2.3/24", "dev", t + "s0");
      Netns.sh("ip", "-n", c, "-6", "addr", "add", "2001:db8:1::2/64", "dev", t + "c0", "nodad");
      Netns.sh("ip", "-n", r, "-6", "addr", "add", "2001:db8:1::1/64", "dev", t + "r0", "nodad");
      Netns.sh("ip", "-n", r, "-6", "addr", "add", "2001:db8:2::1/64", "dev", t + "r1", "nodad");
      Netns.sh("ip", "-n", s, "-6", "addr", "add", "2001:db8:2::2/64", "dev", t + "s0", "nodad");
      Netns.sh("ip", "-n", c, "route", "add", "default", "via", "10.201.1.1");
      Netns.sh("ip", "-n", s, "route", "add", "default", "via", "10.201.2.1");
      Netns.sh("ip", "-n", c, "-6", "route", "add", "default", "via", "2001:db8:1::1");
      Netns.sh("ip", "-n", s, "-6", "route", "add", "default", "via", "2001:db8:2::1");
      ns.exec(r, "sysctl", "-qw", "net.ipv4.ip_forward=1");
      ns.exec(r, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
      // someone else's blackhole in the same table: Seawall must never list or remove it
      Netns.sh("ip", "-n", r, "route", "add", "blackhole", "198.51.100.7/32");
      assertThat(within(10, () -> ns.ping(c, "10.201.2.2") && ns.ping(c, "2001:db8:2::2"))).as("baseline").isTrue();

      Rails rails = new Rails(List.of(Prefix.parse("10.201.2.0/24"), Prefix.parse("2001:db8:2::/64")),
          Map.of(Prefix.parse("10.201.2.1/32"), "gateway", Prefix.parse("2001:db8:2::1/128"), "gateway"),
          32, 128, 10, Duration.ofHours(1), Duration.ofDays(1));
      KernelBackend kernel = new KernelBackend(r, KernelBackend.DEFAULT_PROTO);
      try (NullRouter seawall = new NullRouter(rails, kernel, new StateFile(dir.resolve("s.json")), Clock.systemUTC())) {
        seawall.startTimers(Duration.ofMillis(200), Duration.ofSeconds(5));
        // the router's own default gateway is protected without being listed
        Netns.sh("ip", "-n", r, "route", "add", "default", "via", "10.201.2.3");
        assertThat(seawall.add(req("10.201.2.3", null))).isInstanceOfSatisfying(AddResult.Refused.class,
            x -> assertThat(x.message()).isEqualTo("10.201.2.3/32 is on the never-blackhole list (10.201.2.3/32: default gateway)"));
        Netns.sh("ip", "-n", r, "route", "del", "default");
        assertThat(seawall.add(req("10.201.2.2", Duration.ofHours(1)))).isInstanceOf(AddResult.Announced.class);
        assertThat(seawall.add(req("2001:db8:2::2", Duration.ofSeconds(3)))).isInstanceOf(AddResult.Announced.class);
        assertThat(ns.ping(c, "10.201.2.2")).as("v4 blackholed").isFalse();
        assertThat(ns.ping(c, "2001:db8:2::2")).as("v6 blackholed").isFalse();
        assertThat(ns.ping(c, "10.201.2.3")).as("bystander").isTrue();
        assertThat(kernel.announced()).containsExactlyInAnyOrder(Prefix.parse("10.201.2.2"), Prefix.parse("2001:db8:2::2"));
        assertThat(Netns.sh("ip", "-n", r, "route", "show", "type", "blackhole")).contains("10.201.2.2 proto 83");

        assertThat(within(15, () -> ns.ping(c, "2001:db8:2::2"))).as("v6 route expired").isTrue();
        assertThat(seawall.remove(new RemoveRequest(Prefix.parse("10.201.2.2"), "resolved", "test", false)))
            .isInstanceOf(RemoveResult.Withdrawn.class);
        assertThat(ns.ping(c, "10.201.2.2")).as("v4 after removal").isTrue();
        assertThat(kernel.announced()).isEmpty();

        // a route removed behind Seawall's back is put back by the reconcile
        assertThat(seawall.add(req("10.201.2.3", Duration.ofHours(1)))).isInstanceOf(AddResult.Announced.class);
        Netns.sh("ip", "-n", r, "route", "del", "blackhole", "10.201.2.3/32");
        assertThat(seawall.reconcile().announced()).containsExactly(Prefix.parse("10.201.2.3"));
        assertThat(ns.ping(c, "10.201.2.3")).isFalse();
      }
      assertThat(Netns.sh("ip", "-n", r, "route", "show", "type", "blackhole")).contains("198.51.100.7");
    }
  }

  static NullRouteRequest req(String p, Duration ttl) {
    return new NullRouteRequest(Prefix.parse(p), "test", List.of("n-1"), ttl, "test", false);
  }
}
