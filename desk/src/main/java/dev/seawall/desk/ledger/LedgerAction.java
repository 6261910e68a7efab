package dev.seawall.desk.ledger;

import java.time.Instant;
import java.util.List;

/**
 * An action on a party: which policy rule (or person) took it, when, why, on which notices, and
 * what became of it.
 *
 * @param rule   the policy rule's name, or null for a person's action
 * @param until  for a suspension or null-route, when it ends
 * @param detail webhook status, route, refusal message…
 */
public record LedgerAction(
    long id, Party party, ActionKind kind, String rule, Instant at, String actor, String reason, List<Long> noticeIds,
    Outcome outcome, String detail, Instant until) {

  public LedgerAction {
    noticeIds = List.copyOf(noticeIds);
  }
}
