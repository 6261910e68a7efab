package dev.seawall.desk.parse;

import java.time.Instant;

/** What the outermost mail says about itself; every field may be null (bare XML/JSON files). */
public record MailHeaders(String messageId, String from, String subject, Instant date, String dateText) {
  public static final MailHeaders NONE = new MailHeaders(null, null, null, null, null);
}
