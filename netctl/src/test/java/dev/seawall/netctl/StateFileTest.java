package dev.seawall.netctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
  @TempDir Path dir;

  static NullRoute route(String p) {
    Instant t = Instant.parse("2026-01-02T03:04:05Z");
    return new NullRoute(Prefix.parse(p), "three notices in 30 days", List.of("n-1", "n-2"), "alice", t, t.plusSeconds(3600));
  }

  @Test
  void roundTripsAndLeavesNoTemporaryFile() throws Exception {
    StateFile s = new StateFile(dir.resolve("sub/state.json"));
    assertThat(s.load()).isEmpty();
    List<NullRoute> routes = List.of(route("2001:db8::7"), route("192.0.2.7"));
    s.save(routes);
    assertThat(s.load()).containsExactly(route("192.0.2.7"), route("2001:db8::7"));
    try (var files = Files.list(dir.resolve("sub"))) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("state.json");
    }
    assertThat(Files.readString(s.path())).contains("\"prefix\" : \"2001:db8::7/128\"").contains("\"expires\" : \"2026-01-02T04:04:05Z\"");
  }

  @Test
  void damagedFileIsAnErrorNamingTheProblemAndIsNotOverwritten() throws Exception {
    Path f = dir.resolve("state.json");
    Files.writeString(f, "{\"version\":1,\"routes\":[{\"prefix\":\"192.0.2.7/32\",\"reason\":\"x\",\"added\":\"2026-01-01T00:00:00Z\",\"expires\":\"soon\"}]}");
    StateFile s = new StateFile(f);
    assertThatThrownBy(s::load).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("routes[0].expires").hasMessageContaining("'soon' is not an ISO-8601 instant");
    Files.writeString(f, "{\"version\":1,\"routes\":[");
    assertThatThrownBy(s::load).hasMessageContaining("not valid JSON").hasMessageContaining("refusing to guess");
    assertThat(Files.readString(f)).isEqualTo("{\"version\":1,\"routes\":[");
  }

  @Test
  void lockIsReentrantAcrossThreadsOfOneProcessInTurn() throws Exception {
    StateFile s = new StateFile(dir.resolve("state.json"));
    var t = Thread.ofPlatform().start(() -> s.locked(() -> {
      s.save(List.of(route("192.0.2.8")));
      return null;
    }));
    s.locked(() -> {
      s.save(List.of(route("192.0.2.9")));
      return null;
    });
    t.join();
    assertThat(s.load()).hasSize(1);
  }
}
