package dev.seawall.desk.cases;

import dev.seawall.desk.registry.ServiceKind;
import java.time.Instant;

/**
 * One case as listed: the notices about one customer's service while the case is open.
 * {@code customer} is null for a review case (events the registry could not attribute to one holder).
 *
 * @param pendingForwards forwards not yet delivered
 * @param overdue         a forward is not delivered and its SLA deadline has passed
 */
public record CaseView(
    long id, String customer, String service, ServiceKind kind, CaseState state, Instant opened, Instant lastNotice,
    int notices, int events, int pendingForwards, boolean overdue, Instant closed, String closedBy, String closeReason) {}
