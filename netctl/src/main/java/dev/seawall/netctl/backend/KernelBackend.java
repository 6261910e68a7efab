package dev.seawall.netctl.backend;

import dev.seawall.netctl.BackendException;
import dev.seawall.netctl.Prefix;
import dev.seawall.netctl.RouteBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Null-routes on this machine alone, for a single server without a router: {@code ip route replace
 * blackhole PREFIX proto N}. Seawall's routes carry their own routing-protocol number so that listing
 * and withdrawing never touch anyone else's blackhole routes.
 *
 * <p>Needs CAP_NET_ADMIN. {@code netns} (optional) runs every command in a named network namespace
 * ({@code ip -n NAME}), e.g. a router namespace.
 */
public final class KernelBackend implements RouteBackend {
  /** Not in iproute2's reserved list (rt_protos): marks routes as Seawall's. */
  public static final int DEFAULT_PROTO = 83;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String netns;
  private final int proto;

  public KernelBackend(String netns, int proto) {
    if (proto < 1 || proto > 255) throw new IllegalArgumentException("kernel backend: proto must be 1..255, got " + proto);
    this.netns = netns == null || netns.isBlank() ? null : netns;
    this.proto = proto;
  }

  @Override
  public String name() {
    return "kernel" + (netns == null ? "" : " (netns " + netns + ")");
  }

  private List<String> ip(String... args) {
    List<String> c = new ArrayList<>(List.of("ip"));
    if (netns != null) c.addAll(List.of("-n", netns));
    c.addAll(List.of(args));
    return c;
  }

  private static String family(Prefix p) {
    return p.isIpv4() ? "-4" : "-6";
  }

  @Override
  public void announce(Prefix p) {
    Exec.check(ip(family(p), "route", "replace", "blackhole", p.toString(), "proto", Integer.toString(proto)), TIMEOUT);
  }

  @Override
  public void withdraw(Prefix p) {
    Exec.Result r = Exec.run(ip(family(p), "route", "del", "blackhole", p.toString(), "proto", Integer.toString(proto)), TIMEOUT);
    // "No such process" (ESRCH) = the route is already gone, which is what was asked
    if (r.exit() != 0 && !r.err().contains("No such process")) {
      throw new BackendException("ip route del blackhole " + p + " failed: " + r.err());
    }
  }

  /** The default gateways: blackholing one would cut this machine off. */
  @Override
  public java.util.Map<Prefix, String> protectedAddresses() {
    java.util.Map<Prefix, String> out = new java.util.LinkedHashMap<>();
    for (String fam : List.of("-4", "-6")) {
      for (JsonNode r : json(ip("-j", fam, "route", "show", "default"))) {
        String gw = r.path("gateway").asString("");
        if (!gw.isEmpty()) out.put(Prefix.parse(gw), "default gateway");
      }
    }
    return out;
  }

  private static JsonNode json(List<String> command) {
    String text = Exec.check(command, TIMEOUT);
    if (text.isBlank()) return JSON.createArrayNode();
    try {
      return JSON.readTree(text);
    } catch (JacksonException e) {
      throw new BackendException("'" + String.join(" ", command) + "' printed something that is not JSON: " + e.getOriginalMessage());
    }
  }

  @Override
  public Set<Prefix> announced() {
    Set<Prefix> out = new LinkedHashSet<>();
    for (String fam : List.of("-4", "-6")) {
      for (JsonNode r : json(ip("-j", fam, "route", "show", "type", "blackhole", "proto", Integer.toString(proto)))) {
        String dst = r.path("dst").asString("");
        if (dst.isEmpty() || dst.equals("default")) continue;
        out.add(Prefix.parse(dst));
      }
    }
    return out;
  }
}
