package dev.seawall.desk.match;

import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.net.IpAddress;
import dev.seawall.desk.registry.Assignment;
import dev.seawall.desk.registry.Registry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Matches an event to who held the address at the time: the most specific prefix (a reseller's
 * sub-allocation beats the reseller's block) whose lease overlaps the observation widened by the
 * clock-skew window, narrowed by port where a shared address is split by port ranges. Several
 * holders inside the window (overlapping leases, a hand-over within the skew) is not guessed:
 * the event stays unmatched and the candidates are named. Web events match through CDN zones.
 */
public final class EventMatcher {
  private final Registry registry;
  private final Duration skew;

  public EventMatcher(Registry registry, Duration skew) {
    if (skew.isNegative()) throw new IllegalArgumentException("negative skew");
    this.registry = registry;
    this.skew = skew;
  }

  /**
   * @param noticeDate the notice's own date; used only for web/server events that carry no time
   *     (content reported as present when the notice was written), never for P2P observations
   */
  public Match match(InfringementEvent e, Instant noticeDate) {
    Instant from = e.firstSeen() != null ? e.firstSeen() : e.timestamp();
    Instant to = e.lastSeen() != null ? e.lastSeen() : e.timestamp();
    String timeNote = "";
    if (from == null) {
      boolean web = e.locationType() != LocationType.P2P_ENDPOINT;
      if (!web || noticeDate == null) return Match.unmatched("no infringement time");
      from = noticeDate;
      to = noticeDate;
      timeNote = " (at the notice's date: no infringement time given)";
    }
    Instant lo = from.minus(skew), hi = to.plus(skew);

    Optional<IpAddress> ip = e.ip();
    if (e.ipText() != null && ip.isEmpty()) return Match.unmatched("'" + e.ipText() + "' is not an IP address");
    if (ip.isPresent()) {
      Match byIp = byAddress(ip.get(), e.port(), lo, hi, timeNote);
      if (byIp.verdict() != Verdict.NOT_OURS || e.domain() == null) return byIp;
    }
    if (e.domain() != null) return byZone(e.domain(), lo, hi, timeNote);
    return Match.unmatched("no address and no domain");
  }

  private Match byAddress(IpAddress ip, Integer port, Instant lo, Instant hi, String timeNote) {
    List<Assignment> all = registry.containing(ip);
    if (all.isEmpty()) return Match.notOurs(ip + " is not in the registry");
    List<Assignment> inTime = new ArrayList<>();
    for (Assignment a : all) {
      if (a.overlaps(lo, hi)) inTime.add(a);
    }
    if (inTime.isEmpty()) return Match.unmatched(ip + " was not assigned to anyone at that time" + timeNote);
    if (port != null) {
      List<Assignment> byPort = new ArrayList<>();
      for (Assignment a : inTime) {
        if (port >= a.portFrom() && port <= a.portTo()) byPort.add(a);
      }
      if (byPort.isEmpty()) return Match.unmatched("port " + port + " of " + ip + " was not assigned at that time" + timeNote);
      inTime = byPort;
    }
    int best = -1;
    for (Assignment a : inTime) best = Math.max(best, a.prefix().length());
    List<Assignment> specific = new ArrayList<>();
    for (Assignment a : inTime) {
      if (a.prefix().length() == best) specific.add(a);
    }
    return decide(specific, ip + (port == null ? "" : " port " + port), timeNote);
  }

  private Match byZone(String domain, Instant lo, Instant hi, String timeNote) {
    List<Assignment> all = registry.zonesOf(domain);
    if (all.isEmpty()) return Match.notOurs(domain + " is not a zone in the registry");
    List<Assignment> inTime = new ArrayList<>();
    for (Assignment a : all) {
      if (a.overlaps(lo, hi)) inTime.add(a);
    }
    if (inTime.isEmpty()) return Match.unmatched(domain + " was not served for anyone at that time" + timeNote);
    int best = -1;
    for (Assignment a : inTime) best = Math.max(best, a.zone().length());
    List<Assignment> specific = new ArrayList<>();
    for (Assignment a : inTime) {
      if (a.zone().length() == best) specific.add(a);
    }
    return decide(specific, domain, timeNote);
  }

  private Match decide(List<Assignment> specific, String what, String timeNote) {
    Set<String> holders = new LinkedHashSet<>();
    for (Assignment a : specific) holders.add(a.customer() + "/" + a.service());
    if (holders.size() > 1) {
      return new Match(Verdict.UNMATCHED, null, List.of(), specific,
          what + " had several holders within the skew window: " + String.join(", ", holders) + timeNote);
    }
    Assignment a = specific.getFirst();
    List<String> resellers = registry.resellersOf(a.customer());
    if (a.kind().shared()) {
      return new Match(Verdict.SHARED_EXIT, a, resellers, List.of(),
          what + " is a shared exit (" + a.kind().name().toLowerCase(Locale.ROOT) + " " + a.service()
              + "); no user is attributable" + timeNote);
    }
    return new Match(Verdict.CUSTOMER, a, resellers, List.of(), what + " held by " + a.customer() + "/" + a.service() + timeNote);
  }
}
