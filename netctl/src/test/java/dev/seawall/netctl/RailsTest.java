package dev.seawall.netctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RailsTest {
  final Rails hostOnly = Rails.hostOnly(List.of(Prefix.parse("203.0.113.0/24")), Map.of(Prefix.parse("203.0.113.1/32"), "router"), 2);

  @Test
  void acceptsAHostRouteInsideTheOwnRanges() {
    assertThat(hostOnly.check(Prefix.parse("203.0.113.9"), Duration.ofHours(2))).isEmpty();
    assertThat(hostOnly.checkCap(Prefix.parse("203.0.113.9"), 1)).isEmpty();
  }

  @Test
  void explicitWideningAllowsShorterPrefixesButStillProtects() {
    Rails wide = new Rails(List.of(Prefix.parse("203.0.113.0/24")), Map.of(Prefix.parse("203.0.113.1/32"), "router"),
        30, 128, 10, Duration.ofHours(1), Duration.ofDays(1));
    assertThat(wide.check(Prefix.parse("203.0.113.8/30"), null)).isEmpty();
    assertThat(wide.check(Prefix.parse("203.0.113.8/29"), null)).get().asString().contains("shortest IPv4 prefix is /30");
    assertThat(wide.check(Prefix.parse("203.0.113.0/30"), null)).get().asString().contains("router");
  }

  @Test
  void protectingAddsBackendPeers() {
    Rails withPeer = hostOnly.protecting(Map.of(Prefix.parse("203.0.113.2/32"), "BGP peer AS65001"));
    assertThat(withPeer.check(Prefix.parse("203.0.113.2"), null)).get().asString().contains("BGP peer AS65001");
    assertThat(hostOnly.check(Prefix.parse("203.0.113.2"), null)).isEmpty();
  }

  @Test
  void refusesNonsensicalConfiguration() {
    assertThatThrownBy(() -> Rails.hostOnly(List.of(), Map.of(), 1)).hasMessageContaining("ownRanges is empty");
    assertThatThrownBy(() -> Rails.hostOnly(List.of(Prefix.parse("203.0.113.0/24")), Map.of(), 0)).hasMessageContaining("maxRoutes");
    assertThatThrownBy(() -> new Rails(List.of(Prefix.parse("203.0.113.0/24")), Map.of(), 4, 128, 1, Duration.ofHours(1), Duration.ofDays(1)))
        .hasMessageContaining("minLengthV4 must be 8..32");
  }
}
