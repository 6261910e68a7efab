package dev.seawall.desk.forward;

import java.time.Instant;

/**
 * A mail to queue.
 *
 * @param recipient    the address, or null when there is nobody to send to ({@code problem} says why;
 *                     the delivery is recorded as FAILED so that it shows up, is alerted and can be retried)
 * @param attachNotice attach the original of {@code noticeId}, unchanged
 * @param extra        another attachment (e.g. ACNS XML), or null
 * @param due          the SLA deadline, or null
 */
public record QueuedMail(
    Purpose purpose, Long caseId, Long noticeId, String recipient, String problem, String subject, String body,
    boolean attachNotice, Attachment extra, String inReplyTo, Instant due) {}
