package dev.seawall.desk.intake;

/** One notice's bytes as received, and where it came from (file, mbox#n, imap://…). */
public record RawNotice(String source, byte[] bytes) {}
