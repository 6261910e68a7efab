package dev.seawall.desk.cases;

import java.time.Instant;
import java.util.List;

/**
 * A notice in a case. The original bytes are at {@code CaseService.original(noticeId)}.
 *
 * @param settlementOffer the sender asks the subscriber for money: kept and forwarded, but marked
 */
public record CaseNotice(
    long noticeId, Instant received, String sender, String subject, String messageId, String completeness,
    List<String> missingElements, List<String> flags, boolean settlementOffer, List<CaseEvent> events) {

  public CaseNotice {
    missingElements = List.copyOf(missingElements);
    flags = List.copyOf(flags);
    events = List.copyOf(events);
  }
}
