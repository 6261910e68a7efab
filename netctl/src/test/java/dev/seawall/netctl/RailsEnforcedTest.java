package dev.seawall.netctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.netctl.backend.KernelBackend;
import dev.seawall.netctl.lab.Netns;
import dev.seawall.testkit.Host;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rails in front of a real backend (kernel routes in a namespace): refused requests say which
 * rail and why, and leave no route behind.
 */
class RailsEnforcedTest {
  @TempDir Path dir;
  Netns ns;
  String router;
  KernelBackend kernel;
  NullRouter seawall;

  @BeforeEach
  void setUp() {
    Host.requireRoot();
    Host.requireCommands("ip");
    ns = new Netns("rl");
    router = ns.add("r");
    kernel = new KernelBackend(router, KernelBackend.DEFAULT_PROTO);
    Rails rails = new Rails(
        List.of(Prefix.parse("192.0.2.0/24"), Prefix.parse("2001:db8::/48")),
        Map.of(Prefix.parse("192.0.2.53/32"), "resolver", Prefix.parse("192.0.2.64/29"), "shared VPN exits",
            Prefix.parse("192.0.2.1/32"), "BGP peer"),
        32, 128, 3, Duration.ofHours(1), Duration.ofDays(2));
    seawall = new NullRouter(rails, kernel, new StateFile(dir.resolve("state.json")), Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    if (seawall != null) seawall.close();
    if (ns != null) ns.close();
  }

  AddResult add(String p) {
    return seawall.add(new NullRouteRequest(Prefix.parse(p), "test", List.of(), null, "test", false));
  }

  static String refusal(AddResult r) {
    assertThat(r).isInstanceOf(AddResult.Refused.class);
    return ((AddResult.Refused) r).message();
  }

  @Test
  void allowListedAddressIsRefused() {
    assertThat(refusal(add("192.0.2.53"))).isEqualTo("192.0.2.53/32 is on the never-blackhole list (192.0.2.53/32: resolver)");
    assertThat(refusal(add("192.0.2.66"))).contains("never-blackhole list (192.0.2.64/29: shared VPN exits)");
    assertThat(kernel.announced()).isEmpty();
  }

  @Test
  void outOfRangeAddressIsRefused() {
    assertThat(refusal(add("198.51.100.7"))).startsWith("198.51.100.7/32 is outside the own ranges [192.0.2.0/24, 2001:db8::/48]");
    assertThat(refusal(add("2001:db9::1"))).contains("outside the own ranges");
    assertThat(kernel.announced()).isEmpty();
  }

  @Test
  void tooWidePrefixIsRefused() {
    assertThat(refusal(add("192.0.2.128/25"))).isEqualTo("192.0.2.128/25 is wider than allowed: the shortest IPv4 prefix is /32 (host routes only)");
    assertThat(refusal(add("2001:db8::/64"))).contains("the shortest IPv6 prefix is /128 (host routes only)");
    // a wide prefix that swallows a protected address is refused for that, whatever the width rail says
    assertThat(refusal(add("192.0.2.0/26"))).contains("never-blackhole");
    assertThat(kernel.announced()).isEmpty();
  }

  @Test
  void overCapRequestIsRefusedAndRenewalIsNot() {
    for (String p : List.of("192.0.2.10", "192.0.2.11", "192.0.2.12")) assertThat(add(p)).isInstanceOf(AddResult.Announced.class);
    assertThat(refusal(add("192.0.2.13"))).isEqualTo("192.0.2.13/32 refused: 3 null-routes are active, the cap is 3");
    // the same address again only extends its expiry: no new slot needed
    assertThat(add("192.0.2.11")).isInstanceOfSatisfying(AddResult.Announced.class, a -> assertThat(a.extended()).isTrue());
    assertThat(kernel.announced()).hasSize(3).doesNotContain(Prefix.parse("192.0.2.13"));
  }

  @Test
  void ttlBeyondMaximumIsRefused() {
    var r = seawall.add(new NullRouteRequest(Prefix.parse("192.0.2.10"), "test", List.of(), Duration.ofDays(30), "test", false));
    assertThat(refusal(r)).isEqualTo("ttl PT720H for 192.0.2.10/32 exceeds the maximum PT48H");
  }

  @Test
  void dryRunChangesNothing() {
    var r = seawall.add(new NullRouteRequest(Prefix.parse("192.0.2.10"), "test", List.of("n-7"), null, "test", true));
    assertThat(r).isInstanceOfSatisfying(AddResult.WouldAnnounce.class, w -> assertThat(w.route().notices()).containsExactly("n-7"));
    assertThat(seawall.list()).isEmpty();
    assertThat(kernel.announced()).isEmpty();
    assertThat(refusal(seawall.add(new NullRouteRequest(Prefix.parse("192.0.2.53"), "test", List.of(), null, "test", true))))
        .contains("resolver");
    assertThat(add("192.0.2.10")).isInstanceOf(AddResult.Announced.class);
    var rm = seawall.remove(new RemoveRequest(Prefix.parse("192.0.2.10"), "check", "test", true));
    assertThat(rm).isInstanceOf(RemoveResult.WouldWithdraw.class);
    assertThat(kernel.announced()).containsExactly(Prefix.parse("192.0.2.10"));
  }
}
