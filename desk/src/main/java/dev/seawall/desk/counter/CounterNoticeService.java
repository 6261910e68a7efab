package dev.seawall.desk.counter;

import dev.seawall.desk.audit.Actor;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * §512(g) counter-notices: element check, copy to the complainant, restoration 10–14 US business
 * days after receipt (federal holidays observed), cancelled when the complainant reports a court
 * action first. Every write is audited.
 */
public interface CounterNoticeService {

  /** Records a counter-notice (handler). Complete: copy queued, restoration scheduled. Incomplete: recorded with what is missing. */
  CounterNotice submit(Actor actor, CounterNoticeForm form) throws SQLException;

  /** The complainant filed an action seeking a court order (handler): the restoration is cancelled. */
  CounterNotice reportLawsuit(Actor actor, long counterNoticeId, String court, String caseNumber, String reason) throws SQLException;

  List<CounterNotice> list(CounterState state) throws SQLException;

  Optional<CounterNotice> find(long id) throws SQLException;

  /** Restores every scheduled counter-notice whose time has come; returns them (run by the desk's timer). */
  List<CounterNotice> restoreDue(Instant now) throws SQLException;
}
