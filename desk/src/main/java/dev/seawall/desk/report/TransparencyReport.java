package dev.seawall.desk.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A transparency report for a period: the DMCA figures and the EU DSA Art. 15 figures in one
 * (a superset of both). Counts are of things that happened within [from, until): notices by their
 * receipt, mails by their sending, actions by their time, orders by their entry. Durations are
 * null where there was nothing to measure.
 *
 * @param medianReceiptToForward receipt of a notice → its forward accepted by the SMTP server
 * @param medianReceiptToAction  receipt → the desk's first mail about it (forward, acknowledgement or rejection)
 */
public record TransparencyReport(
    Instant from, Instant until, Instant generated, String operator, Notices notices, List<SenderRow> bySender,
    List<TypeRow> byFormat, List<TypeRow> byLocation, Events events, Forwards forwards, Duration medianReceiptToForward,
    Duration p90ReceiptToForward, Duration medianReceiptToAction, List<Bucket> forwardTimes, Actions actions,
    CounterNotices counterNotices, List<OrderRow> ordersByJurisdiction, List<Day> daily) {

  /** Notices received, by their §512(c)(3) verdict. */
  public record Notices(long received, long complete, long repairable, long invalid, long withoutEvents, long settlementOffers,
      long processedAutomatically) {}

  public record SenderRow(String sender, long received, long complete, long repairable, long invalid) {}

  public record TypeRow(String type, long received) {}

  /** Events of the period's notices by what the matching found ({@code notProcessed}: the workflow has not reached them yet). */
  public record Events(long total, long customer, long sharedExit, long notOurs, long unmatched, long notProcessed) {}

  /** Mails about the period's notices. */
  public record Forwards(long forwards, long forwardsSent, long forwardsFailed, long forwardsPending, long sharedExitAcks,
      long rejections) {}

  /** Forward times, for the distribution chart: how many forwards took at most {@code upTo} (null: longer than the last bucket). */
  public record Bucket(String label, Duration upTo, long forwards) {}

  /**
   * Repeat-infringer policy (terms of service) actions within the period; {@code nullRoutesDryRun} and
   * {@code nullRoutesRefused} are not counted in {@code nullRoutes}.
   */
  public record Actions(long strikes, long warnings, long acknowledgementRequests, long suspensions, long nullRoutes,
      long nullRoutesDryRun, long nullRoutesRefused, long terminations, long reinstatements) {}

  public record CounterNotices(long received, long complete, long incomplete, long restorations, long cancelledByLawsuit) {}

  /** Court and authority orders (law) by jurisdiction: entered in the period, and in force at its end. */
  public record OrderRow(String jurisdiction, long received, long approved, long rejected, long revoked, long inForceAtEnd,
      Duration medianTimeToApproval) {}

  /** For the notices-per-day chart. */
  public record Day(LocalDate date, long notices, long forwardsSent, long actions) {}

  public TransparencyReport {
    bySender = List.copyOf(bySender);
    byFormat = List.copyOf(byFormat);
    byLocation = List.copyOf(byLocation);
    forwardTimes = List.copyOf(forwardTimes);
    ordersByJurisdiction = List.copyOf(ordersByJurisdiction);
    daily = List.copyOf(daily);
  }
}
