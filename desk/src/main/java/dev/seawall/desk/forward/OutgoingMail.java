package dev.seawall.desk.forward;

import java.util.List;

/** A mail ready for SMTP; {@code messageId} is fixed by the outbox so that retries reuse it. */
public record OutgoingMail(
    String fromName, String from, String to, String subject, String body, String messageId, String inReplyTo,
    List<Attachment> attachments) {

  public OutgoingMail {
    attachments = List.copyOf(attachments);
  }
}
