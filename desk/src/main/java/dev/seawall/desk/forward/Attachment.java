package dev.seawall.desk.forward;

/**
 * A file attached to an outgoing mail.
 *
 * @param contentType e.g. {@code message/rfc822} for an original mail, {@code application/xml}
 */
public record Attachment(String fileName, String contentType, byte[] bytes) {}
