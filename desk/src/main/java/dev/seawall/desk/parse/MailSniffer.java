package dev.seawall.desk.parse;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/** Tells an e-mail from a bare XML/JSON/text file by its header block. */
final class MailSniffer {
  private MailSniffer() {}

  private static final Set<String> KNOWN = Set.of("from", "to", "subject", "date", "message-id", "received",
      "return-path", "mime-version", "content-type", "delivered-to", "reply-to", "sender", "x-mailer",
      "dkim-signature", "authentication-results", "content-transfer-encoding");

  static boolean looksLikeMail(byte[] bytes) {
    int limit = Math.min(bytes.length, 64 * 1024);
    String head = new String(bytes, 0, limit, StandardCharsets.ISO_8859_1);
    int pos = 0;
    if (head.startsWith("From ")) {
      int nl = head.indexOf('\n');
      if (nl < 0) return false;
      pos = nl + 1;
    }
    int known = 0;
    int lines = 0;
    while (pos < head.length()) {
      int nl = head.indexOf('\n', pos);
      if (nl < 0) nl = head.length();
      String line = head.substring(pos, nl).replace("\r", "");
      pos = nl + 1;
      if (line.isEmpty()) return known > 0 && lines > 0;
      if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        if (lines == 0) return false;
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) return false;
      String name = line.substring(0, colon);
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c <= 32 || c >= 127) return false;
      }
      lines++;
      if (KNOWN.contains(name.toLowerCase(Locale.ROOT))) known++;
    }
    return known > 0 && lines > 0;
  }

  /** Drops an mbox "From " separator line, which is not a header. */
  static byte[] withoutMboxLine(byte[] bytes) {
    if (bytes.length > 5 && bytes[0] == 'F' && bytes[1] == 'r' && bytes[2] == 'o' && bytes[3] == 'm' && bytes[4] == ' ') {
      for (int i = 5; i < bytes.length; i++) {
        if (bytes[i] == '\n') return java.util.Arrays.copyOfRange(bytes, i + 1, bytes.length);
      }
    }
    return bytes;
  }
}
