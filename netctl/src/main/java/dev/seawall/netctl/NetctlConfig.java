package dev.seawall.netctl;

import dev.seawall.netctl.backend.ExabgpBackend;
import dev.seawall.netctl.backend.GobgpBackend;
import dev.seawall.netctl.backend.KernelBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The null-route configuration file (JSON): which backend, the rails, where the state lives.
 *
 * <pre>{@code
 * {
 *   "state": "/var/lib/seawall/nullroutes.json",
 *   "backend": { "type": "gobgp", "target": "127.0.0.1:50051", "communities": ["64500:666"] },
 *   "rails": {
 *     "ownRanges": ["192.0.2.0/24", "2001:db8::/32"],
 *     "neverBlackhole": { "192.0.2.1/32": "gateway", "192.0.2.53/32": "resolver", "192.0.2.10/32": "shared VPN exit" },
 *     "maxRoutes": 100, "defaultTtl": "1d", "maxTtl": "7d"
 *   }
 * }
 * }</pre>
 *
 * Backends: {@code gobgp} (target, nextHop4, nextHop6, communities), {@code exabgp} (pipes, nextHop4,
 * nextHop6, communities), {@code kernel} (netns, proto). Rails also take minLengthV4 / minLengthV6
 * (32 / 128 = host routes only). Timers: expiryCheck (default 1s), reconcileEvery (default 30s).
 */
public record NetctlConfig(Path state, Backend backend, Rails rails, Duration expiryCheck, Duration reconcileEvery) {

  /** Which mechanism carries the routes. */
  public sealed interface Backend {
    RouteBackend open();
  }

  public record Gobgp(String target, String nextHop4, String nextHop6, List<Community> communities) implements Backend {
    @Override
    public RouteBackend open() {
      return new GobgpBackend(target, nextHop4, nextHop6, communities);
    }
  }

  public record Exabgp(Path pipes, String nextHop4, String nextHop6, List<Community> communities) implements Backend {
    @Override
    public RouteBackend open() {
      return new ExabgpBackend(pipes, nextHop4, nextHop6, communities);
    }
  }

  public record Kernel(String netns, int proto) implements Backend {
    @Override
    public RouteBackend open() {
      return new KernelBackend(netns, proto);
    }
  }

  public static NetctlConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("config " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("config " + file + ": cannot read: " + e.getMessage());
    }
    try {
      return parse(text, file.toString(), file.toAbsolutePath().getParent());
    } catch (JacksonException e) {
      throw new IllegalArgumentException("config " + file + " is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
    }
  }

  /** Parses the JSON text; relative paths are resolved against {@code base}. */
  public static NetctlConfig parse(String json, String where, Path base) {
    JsonFields top = new JsonFields(where, JsonMapper.builder().build().readTree(json));
    Path state = base.resolve(top.string("state"));
    JsonFields b = top.object("backend");
    String type = b.string("type");
    Backend backend = switch (type) {
      case "gobgp" -> new Gobgp(b.string("target", "127.0.0.1:50051"), b.string("nextHop4", null), b.string("nextHop6", null),
          communities(b));
      case "exabgp" -> new Exabgp(base.resolve(b.string("pipes", "/run/exabgp/exabgp")), b.string("nextHop4", null),
          b.string("nextHop6", null), communities(b));
      case "kernel" -> new Kernel(b.string("netns", null), b.integer("proto", KernelBackend.DEFAULT_PROTO));
      default -> throw new IllegalArgumentException(b.where() + ".type: '" + type + "' is not one of gobgp, exabgp, kernel");
    };
    JsonFields r = top.object("rails");
    Rails rails;
    try {
      rails = new Rails(r.prefixes("ownRanges"), r.prefixLabels("neverBlackhole"), r.integer("minLengthV4", 32),
          r.integer("minLengthV6", 128), r.integer("maxRoutes", 100), r.duration("defaultTtl", Duration.ofDays(1)),
          r.duration("maxTtl", Duration.ofDays(7)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage());
    }
    return new NetctlConfig(state, backend, rails, top.duration("expiryCheck", Duration.ofSeconds(1)),
        top.duration("reconcileEvery", Duration.ofSeconds(30)));
  }

  private static List<Community> communities(JsonFields b) {
    List<String> s = b.strings("communities");
    return s.stream().map(x -> {
      try {
        return Community.parse(x);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(b.where() + ".communities: " + e.getMessage());
      }
    }).toList();
  }

  /** A router over this configuration: recovers from the state at once, no timers (one-shot use). */
  public NullRouter open(Clock clock) {
    return new NullRouter(rails, backend.open(), new StateFile(state), clock);
  }

  /** A router with expiry and reconcile timers, for long-running processes (the desk, a daemon). */
  public NullRouter start(Clock clock) {
    NullRouter r = open(clock);
    r.startTimers(expiryCheck, reconcileEvery);
    return r;
  }
}
