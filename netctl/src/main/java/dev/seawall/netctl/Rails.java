package dev.seawall.netctl;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The safety rails every null-route passes, kept apart from the mechanism that announces routes.
 *
 * @param ownRanges the operator's own address space: nothing outside it is ever null-routed
 * @param neverBlackhole prefixes that must stay reachable (infrastructure, resolvers, shared VPN
 *     exits, BGP peers), each with a label saying why; a request overlapping one is refused
 * @param minLengthV4 the shortest IPv4 prefix allowed: 32 (host routes only) unless explicitly widened
 * @param minLengthV6 the shortest IPv6 prefix allowed: 128 unless explicitly widened
 * @param maxRoutes how many null-routes may be active at once
 * @param defaultTtl the expiry used when a request names none
 * @param maxTtl the longest expiry a request may ask for
 */
public record Rails(
    List<Prefix> ownRanges,
    Map<Prefix, String> neverBlackhole,
    int minLengthV4,
    int minLengthV6,
    int maxRoutes,
    Duration defaultTtl,
    Duration maxTtl) {

  public Rails {
    ownRanges = List.copyOf(ownRanges);
    neverBlackhole = Map.copyOf(neverBlackhole);
    if (ownRanges.isEmpty()) throw new IllegalArgumentException("rails: ownRanges is empty, nothing could ever be null-routed");
    if (minLengthV4 < 8 || minLengthV4 > 32) throw new IllegalArgumentException("rails: minLengthV4 must be 8..32, got " + minLengthV4);
    if (minLengthV6 < 16 || minLengthV6 > 128) throw new IllegalArgumentException("rails: minLengthV6 must be 16..128, got " + minLengthV6);
    if (maxRoutes < 1) throw new IllegalArgumentException("rails: maxRoutes must be at least 1, got " + maxRoutes);
    if (defaultTtl == null || defaultTtl.isNegative() || defaultTtl.isZero()) throw new IllegalArgumentException("rails: defaultTtl must be positive");
    if (maxTtl == null || maxTtl.compareTo(defaultTtl) < 0) throw new IllegalArgumentException("rails: maxTtl must be at least defaultTtl");
  }

  /** Host routes only, one week at most, one day by default. */
  public static Rails hostOnly(List<Prefix> ownRanges, Map<Prefix, String> neverBlackhole, int maxRoutes) {
    return new Rails(ownRanges, neverBlackhole, 32, 128, maxRoutes, Duration.ofDays(1), Duration.ofDays(7));
  }

  /** The same rails with more never-blackhole entries (e.g. the BGP peers a backend reports). */
  public Rails protecting(Map<Prefix, String> more) {
    if (more.isEmpty()) return this;
    Map<Prefix, String> all = new LinkedHashMap<>(more);
    all.putAll(neverBlackhole);
    return new Rails(ownRanges, all, minLengthV4, minLengthV6, maxRoutes, defaultTtl, maxTtl);
  }

  /**
   * Checks one prefix and TTL against every rail except the cap.
   *
   * @return the refusal message, or empty when the prefix may be null-routed
   */
  public Optional<String> check(Prefix p, Duration ttl) {
    if (ownRanges.stream().noneMatch(r -> r.contains(p))) {
      return Optional.of(p + " is outside the own ranges " + ownRanges + ": only the operator's own addresses can be null-routed");
    }
    for (var e : neverBlackhole.entrySet()) {
      if (e.getKey().overlaps(p)) {
        return Optional.of(p + " is on the never-blackhole list (" + e.getKey() + ": " + e.getValue() + ")");
      }
    }
    int min = p.isIpv4() ? minLengthV4 : minLengthV6;
    if (p.length() < min) {
      return Optional.of(p + " is wider than allowed: the shortest " + (p.isIpv4() ? "IPv4" : "IPv6") + " prefix is /" + min
          + (min == p.maxLength() ? " (host routes only)" : ""));
    }
    if (ttl != null && ttl.compareTo(maxTtl) > 0) {
      return Optional.of("ttl " + ttl + " for " + p + " exceeds the maximum " + maxTtl);
    }
    return Optional.empty();
  }

  /** The cap: refuses a new route when {@code active} routes are already in place. */
  public Optional<String> checkCap(Prefix p, int active) {
    return active >= maxRoutes
        ? Optional.of(p + " refused: " + active + " null-routes are active, the cap is " + maxRoutes)
        : Optional.empty();
  }

  public Duration ttlOrDefault(Duration ttl) {
    return ttl == null ? defaultTtl : ttl;
  }
}
