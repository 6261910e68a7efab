package dev.seawall.desk.parse;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.time.ReadTime;
import dev.seawall.desk.time.Timestamps;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * The container family: e-mail (RFC 5322/2045), quoted-printable and base64, multipart (mixed,
 * alternative, signed), nested {@code message/rfc822} and {@code .eml} attachments, and gzip
 * attachments. It finds no events itself: it hands the decoded parts on as documents.
 */
public final class MimeParser implements NoticeParser {

  static final long MAX_GUNZIP = 32L << 20;
  private static final MimeConfig CONFIG = MimeConfig.custom()
      .setStrictParsing(false)
      .setMalformedHeaderStartsBody(false)
      .setMaxLineLen(-1)
      .setMaxHeaderCount(20_000)
      .setMaxHeaderLen(-1)
      .setMaxContentLen(256L << 20)
      .build();

  @Override
  public String family() {
    return "mime";
  }

  @Override
  public boolean claims(Document doc) {
    return doc.mediaType().equals("message/rfc822") || (doc.depth() == 0 && MailSniffer.looksLikeMail(doc.bytes()));
  }

  @Override
  public Extraction read(Document doc) {
    Extraction x = new Extraction();
    x.format = "MIME";
    byte[] raw = MailSniffer.withoutMboxLine(doc.bytes());
    Message msg;
    try {
      DefaultMessageBuilder builder = new DefaultMessageBuilder();
      builder.setMimeEntityConfig(CONFIG);
      builder.setDecodeMonitor(DecodeMonitor.SILENT);
      msg = builder.parseMessage(new ByteArrayInputStream(raw));
    } catch (IOException | RuntimeException e) {
      x.flags.add(Flag.PARSE_ERROR);
      x.notes.add(doc.name() + ": not readable as e-mail (" + e.getMessage() + "); read as plain text");
      x.children.add(Document.ofBytes(doc.name(), "text/plain", raw, null, doc.depth() + 1));
      return x;
    }
    x.headers = headers(msg, x);
    walk(msg, doc.name(), doc.depth() + 1, x);
    return x;
  }

  private static MailHeaders headers(Message msg, Extraction x) {
    String from = null;
    try {
      if (msg.getFrom() != null && !msg.getFrom().isEmpty()) {
        Mailbox mb = msg.getFrom().getFirst();
        from = mb.getAddress();
      }
    } catch (RuntimeException e) {
      x.notes.add("unreadable From header");
    }
    if (from == null) from = raw(msg, "From");
    String dateText = raw(msg, "Date");
    ReadTime date = dateText == null ? null : Timestamps.parse(dateText).orElse(null);
    String subject = null;
    try {
      subject = msg.getSubject();
    } catch (RuntimeException e) {
      subject = raw(msg, "Subject");
    }
    String messageId = raw(msg, "Message-ID");
    if (messageId != null) messageId = messageId.strip();
    return new MailHeaders(messageId, from, subject, date == null ? null : date.instant(), dateText);
  }

  private static String raw(Entity e, String name) {
    if (e.getHeader() == null) return null;
    Field f = e.getHeader().getField(name);
    if (f == null || f.getBody() == null) return null;
    String v = f.getBody().replaceAll("\\s+", " ").strip();
    return v.isEmpty() ? null : v;
  }

  private void walk(Entity entity, String name, int depth, Extraction x) {
    if (depth > 12) {
      x.notes.add(name + ": MIME nesting deeper than 12 levels not read");
      return;
    }
    Body body = entity.getBody();
    String mime = entity.getMimeType() == null ? "text/plain" : entity.getMimeType().toLowerCase(Locale.ROOT);
    String partName = entity.getFilename() != null ? entity.getFilename() : name;
    if (body instanceof Multipart mp) {
      if (mime.equals("multipart/signed")) x.signed = true;
      List<Entity> parts = mp.getBodyParts();
      if (mime.equals("multipart/alternative")) {
        Entity best = null;
        for (Entity p : parts) {
          String pm = p.getMimeType() == null ? "" : p.getMimeType().toLowerCase(Locale.ROOT);
          if (pm.equals("text/plain") && best == null) best = p;
        }
        if (best == null && !parts.isEmpty()) best = parts.getFirst();
        if (best != null) walk(best, name, depth + 1, x);
        return;
      }
      int i = 0;
      for (Entity p : parts) walk(p, name + "#" + (++i), depth + 1, x);
      return;
    }
    if (body instanceof Message nested) {
      walkNested(nested, partName, depth, x);
      return;
    }
    if (!(body instanceof SingleBody single)) return;
    byte[] bytes;
    try (InputStream in = single.getInputStream()) {
      bytes = in.readAllBytes();
    } catch (IOException | RuntimeException e) {
      x.flags.add(Flag.PARSE_ERROR);
      x.notes.add(partName + ": body not decodable (" + e.getMessage() + ")");
      return;
    }
    emit(partName, entity.getFilename(), mime, entity.getCharset(), bytes, depth, x);
  }

  private void walkNested(Message nested, String name, int depth, Extraction x) {
    // A nested mail is read by the same walk; its own headers are not the notice's.
    walk(nested, name, depth + 1, x);
  }

  /** @param fileName the part's own attachment name, or null (name may be the notice's file name) */
  private void emit(String name, String fileName, String mime, String charset, byte[] bytes, int depth, Extraction x) {
    String lower = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    if (isGzip(bytes)) {
      byte[] plain = gunzip(bytes, name, x);
      if (plain != null) {
        String inner = lower.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : name + ".gunzipped";
        emit(inner, inner, sniffType(inner, plain), null, plain, depth + 1, x);
      }
      return;
    }
    if (mime.equals("application/pgp-signature") || mime.startsWith("image/") || mime.startsWith("audio/")
        || mime.startsWith("video/") || mime.equals("application/pkcs7-signature")
        || mime.equals("application/x-pkcs7-signature")) {
      return;
    }
    if (mime.equals("message/rfc822") || lower.endsWith(".eml") || (depth > 1 && MailSniffer.looksLikeMail(bytes))) {
      x.children.add(Document.ofBytes(name, "message/rfc822", bytes, null, depth));
      return;
    }
    if (mime.equals("text/html")) {
      String html = Texts.decode(bytes, charset);
      x.children.add(Document.ofText(name, "text/plain", Texts.htmlToText(html), depth));
      return;
    }
    if (mime.startsWith("text/") || mime.contains("xml") || mime.contains("json") || lower.endsWith(".xml")
        || lower.endsWith(".json") || lower.endsWith(".txt") || mime.equals("application/octet-stream")) {
      x.children.add(Document.ofBytes(name, mime.equals("application/octet-stream") ? sniffType(name, bytes) : mime,
          bytes, charset, depth));
    }
  }

  static String sniffType(String name, byte[] bytes) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".xml")) return "application/xml";
    if (lower.endsWith(".json")) return "application/json";
    if (lower.endsWith(".eml")) return "message/rfc822";
    int i = 0;
    while (i < bytes.length && i < 64 && (Character.isWhitespace(bytes[i]) || (bytes[i] & 0xff) >= 0xEF)) i++;
    if (i < bytes.length && bytes[i] == '<') return "application/xml";
    if (i < bytes.length && (bytes[i] == '{' || bytes[i] == '[')) return "application/json";
    return "text/plain";
  }

  static boolean isGzip(byte[] b) {
    return b.length > 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b;
  }

  /** Gunzips with a ceiling, so a small bomb cannot take the desk down. */
  static byte[] gunzip(byte[] gz, String name, Extraction x) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(gz.length * 4);
      byte[] buf = new byte[16384];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > MAX_GUNZIP) {
          x.flags.add(Flag.ATTACHMENT_TOO_LARGE);
          x.notes.add(name + ": expands beyond " + (MAX_GUNZIP >> 20) + " MiB; not read");
          return null;
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      x.flags.add(Flag.PARSE_ERROR);
      x.notes.add(name + ": gzip data unreadable (" + e.getMessage() + ")");
      return null;
    }
  }
}
