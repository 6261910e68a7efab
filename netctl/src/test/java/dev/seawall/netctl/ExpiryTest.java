package dev.seawall.netctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.netctl.backend.KernelBackend;
import dev.seawall.netctl.lab.Netns;
import dev.seawall.testkit.Host;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry and restart on a clock the test moves (days pass in milliseconds), kernel routes in a namespace. */
class ExpiryTest {
  @TempDir Path dir;

  /** A clock that only moves when told. */
  static final class StepClock extends Clock {
    private Instant now = Instant.parse("2026-03-01T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void expiredRoutesAreWithdrawnEvenWhenOtherChangesCameFirstAndAfterARestart() {
    Host.requireRoot();
    Host.requireCommands("ip");
    try (Netns ns = new Netns("ex")) {
      KernelBackend kernel = new KernelBackend(ns.add("r"), KernelBackend.DEFAULT_PROTO);
      Rails rails = Rails.hostOnly(List.of(Prefix.parse("192.0.2.0/24")), Map.of(), 10);
      StepClock clock = new StepClock();
      StateFile state = new StateFile(dir.resolve("state.json"));
      try (NullRouter r = new NullRouter(rails, kernel, state, clock)) {
        r.add(new NullRouteRequest(Prefix.parse("192.0.2.1"), "a", List.of("n1"), Duration.ofDays(1), "t", false));
        r.add(new NullRouteRequest(Prefix.parse("192.0.2.2"), "b", List.of(), Duration.ofDays(3), "t", false));
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        // a change before the sweep must not make the expired route be forgotten while still announced
        r.add(new NullRouteRequest(Prefix.parse("192.0.2.3"), "c", List.of(), Duration.ofDays(3), "t", false));
        assertThat(r.list()).extracting(NullRoute::prefix).containsExactly(Prefix.parse("192.0.2.2"), Prefix.parse("192.0.2.3"));
        assertThat(r.sweepExpired()).extracting(NullRoute::prefix).containsExactly(Prefix.parse("192.0.2.1"));
        assertThat(kernel.announced()).containsExactlyInAnyOrder(Prefix.parse("192.0.2.2"), Prefix.parse("192.0.2.3"));

        // renewal extends, never shortens, and keeps every notice
        r.add(new NullRouteRequest(Prefix.parse("192.0.2.2"), "b again", List.of("n2"), Duration.ofHours(1), "t", false));
        assertThat(r.list().getFirst().expires()).isEqualTo(Instant.parse("2026-03-04T12:00:00Z"));
        r.add(new NullRouteRequest(Prefix.parse("192.0.2.2"), "b again", List.of("n3"), Duration.ofDays(5), "t", false));
        assertThat(r.list().getFirst().notices()).containsExactly("n2", "n3");
      }
      clock.advance(Duration.ofDays(3)); // 192.0.2.3 expires while no Seawall runs
      assertThat(kernel.announced()).contains(Prefix.parse("192.0.2.3"));
      try (NullRouter again = new NullRouter(rails, kernel, state, clock)) {
        assertThat(kernel.announced()).containsExactly(Prefix.parse("192.0.2.2"));
        assertThat(again.list()).extracting(NullRoute::reason).containsExactly("b again");
      }
    }
  }
}
