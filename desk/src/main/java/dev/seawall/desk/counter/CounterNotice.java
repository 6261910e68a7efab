package dev.seawall.desk.counter;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A recorded counter-notice and its timer.
 *
 * @param restoreEarliest the 10th US business day after receipt (restoration not before)
 * @param restoreLatest   the 14th US business day after receipt (restoration not after)
 * @param restoreAt       when the desk restores (start of {@code restoreEarliest} in the desk's zone)
 */
public record CounterNotice(
    long id, long noticeId, String customer, CounterNoticeForm form, CounterState state, List<CounterElement> missing,
    Instant received, LocalDate restoreEarliest, LocalDate restoreLatest, Instant restoreAt, Instant restoredAt,
    String complainant, Long copyDeliveryId, String lawsuit, String createdBy) {

  public CounterNotice {
    missing = List.copyOf(missing);
  }
}
