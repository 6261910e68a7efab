package dev.seawall.desk.cases;

import dev.seawall.desk.audit.Actor;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Cases: the notices matched to one customer's service, grouped while the case is open. Cases are
 * opened by the workflow when it processes a notice; handlers read, annotate and close them.
 * Every write is audited. Unknown ids throw {@link java.util.NoSuchElementException}, a change
 * that does not fit the case's state {@link IllegalStateException}, a missing role
 * {@link dev.seawall.desk.audit.PermissionDenied}.
 */
public interface CaseService {

  List<CaseView> list(CaseFilter filter) throws SQLException;

  Optional<CaseDetail> find(long caseId) throws SQLException;

  /** The notice exactly as received (the evidence), e.g. for the case page's "original" link. */
  Optional<byte[]> original(long noticeId) throws SQLException;

  /** Closes an open case (handler); a reason is required. Later notices open a new case. */
  CaseView close(Actor actor, long caseId, String reason) throws SQLException;

  /** Re-opens a closed case (handler) if no other case is open for the same service. */
  CaseView reopen(Actor actor, long caseId, String reason) throws SQLException;

  /** Adds a handler's note to the case's audit trail. */
  void note(Actor actor, long caseId, String text) throws SQLException;
}
