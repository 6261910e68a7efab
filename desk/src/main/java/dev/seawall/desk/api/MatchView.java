package dev.seawall.desk.api;

import dev.seawall.desk.match.Match;
import java.util.List;

/**
 * Who held an address (or zone) at a time.
 *
 * @param verdict customer, shared-exit, not-ours or unmatched
 * @param candidates for unmatched because several held it within the skew window: customer/service
 */
public record MatchView(String verdict, String customer, String service, String serviceKind, List<String> resellers,
    List<String> candidates, String reason) {

  public static MatchView of(Match m) {
    return new MatchView(m.verdict().label(), m.customer(), m.holder() == null ? null : m.holder().service(),
        m.holder() == null ? null : m.holder().kind().name(), m.resellers(),
        m.candidates().stream().map(a -> a.customer() + "/" + a.service()).toList(), m.reason());
  }
}
