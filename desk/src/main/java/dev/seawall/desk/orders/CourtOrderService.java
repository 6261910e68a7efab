package dev.seawall.desk.orders;

import dev.seawall.desk.audit.Actor;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Court orders (§512(j), DSA Art. 9): entered by one user, approved by a second user with the
 * approver role, then published — while in force — as the blocklist enforcement points fetch.
 * Bad scope entries are refused naming the entry. Every write is audited.
 */
public interface CourtOrderService {

  /** Records a new order (handler); it waits for approval. */
  CourtOrder create(Actor actor, CourtOrderDraft draft) throws SQLException;

  /** Approves (approver, not the creator). */
  CourtOrder approve(Actor actor, long orderId, String reason) throws SQLException;

  /** Refuses (approver), with a reason. */
  CourtOrder reject(Actor actor, long orderId, String reason) throws SQLException;

  /** Withdraws an approved order (approver), with a reason. */
  CourtOrder revoke(Actor actor, long orderId, String reason) throws SQLException;

  List<CourtOrder> list(OrderState state) throws SQLException;

  Optional<CourtOrder> find(long orderId) throws SQLException;

  /** The blocklist in force at {@code at} for a region (country code), or for every region when null. */
  PublishedBlocklist blocklist(Instant at, String region) throws SQLException;
}
