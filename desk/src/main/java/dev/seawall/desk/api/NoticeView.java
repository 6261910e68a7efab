package dev.seawall.desk.api;

import java.time.Instant;
import java.util.List;

/**
 * A stored notice as the API shows it (without its raw bytes, which have their own URL).
 *
 * @param completeness COMPLETE, REPAIRABLE or INVALID under §512(c)(3)
 * @param missingElements the §512(c)(3) elements the notice lacks
 * @param state COMPLETE, or IMPORTING while a large spreadsheet is still going in
 * @param events the notice's events with their match; empty in lists
 */
public record NoticeView(
    long id, String source, String messageId, String subject, String sender, Instant mailDate, Instant receivedAt,
    List<String> formats, String primaryFormat, String completeness, List<String> missingElements, List<String> flags,
    List<String> notes, int eventCount, String state, long rawSize, List<EventView> events) {}
