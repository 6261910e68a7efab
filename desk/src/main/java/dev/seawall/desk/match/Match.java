package dev.seawall.desk.match;

import dev.seawall.desk.registry.Assignment;
import java.util.List;

/**
 * The answer for one event.
 *
 * @param holder     the assignment that answered (null unless CUSTOMER or SHARED_EXIT)
 * @param resellers  the reseller chain above the holder's customer, nearest first
 * @param candidates for UNMATCHED because of overlapping holders: who they were
 * @param reason     why, in words, for the handler and the sender's reply
 */
public record Match(Verdict verdict, Assignment holder, List<String> resellers, List<Assignment> candidates, String reason) {

  public Match {
    resellers = List.copyOf(resellers);
    candidates = List.copyOf(candidates);
  }

  public String customer() {
    return holder == null ? null : holder.customer();
  }

  static Match unmatched(String reason) {
    return new Match(Verdict.UNMATCHED, null, List.of(), List.of(), reason);
  }

  static Match notOurs(String reason) {
    return new Match(Verdict.NOT_OURS, null, List.of(), List.of(), reason);
  }
}
