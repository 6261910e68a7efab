package dev.seawall.desk.ledger;

import dev.seawall.desk.audit.Actor;
import java.sql.SQLException;
import java.util.List;

/**
 * The repeat-infringer ledger (§512(i)): strikes per customer and per subscriber, the actions the
 * policy took, and the few things people may do — attribute a strike to a subscriber, record an
 * acknowledgement, lift a suspension, reinstate a terminated party. Nothing resets strikes: they
 * expire only by the policy's lifetime rule. Every write is audited with who, why and which notices.
 */
public interface Ledger {

  RepeatInfringerPolicy policy();

  PartyStatus status(Party party) throws SQLException;

  /** Every party with strikes or actions, most recent strike first. */
  List<PartyStatus> parties(int limit) throws SQLException;

  List<Strike> strikes(Party party, boolean includeExpired) throws SQLException;

  List<LedgerAction> actions(Party party) throws SQLException;

  /**
   * The customer says which subscriber an event was (handler). The strike then counts for the
   * subscriber as well as the customer, and the policy is evaluated for the subscriber.
   */
  Strike attributeSubscriber(Actor actor, long strikeId, String subscriber, String reason) throws SQLException;

  /** Records that a party in ACK_REQUIRED acknowledged the policy (handler). */
  PartyStatus acknowledge(Actor actor, Party party, String reason) throws SQLException;

  /** Ends a suspension early (approver), with a reason; the strikes stay. */
  PartyStatus liftSuspension(Actor actor, Party party, String reason) throws SQLException;

  /** Reinstates a terminated party (approver), with a reason; the strikes stay. */
  PartyStatus reinstate(Actor actor, Party party, String reason) throws SQLException;
}
