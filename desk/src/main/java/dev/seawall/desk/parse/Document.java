package dev.seawall.desk.parse;

import java.util.Locale;

/**
 * One decoded piece of a notice: the whole file, a MIME part (transfer encoding undone), an
 * attachment after gunzip. Text is decoded once, on first use.
 */
public final class Document {
  private final String name;
  private final String mediaType;
  private final byte[] bytes;
  private final String charset;
  private final int depth;
  private String text;
  private String lower;

  private Document(String name, String mediaType, byte[] bytes, String charset, String text, int depth) {
    this.name = name == null ? "" : name;
    this.mediaType = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
    this.bytes = bytes;
    this.charset = charset;
    this.text = text;
    this.depth = depth;
  }

  public static Document ofBytes(String name, String mediaType, byte[] bytes, String charset, int depth) {
    return new Document(name, mediaType, bytes, charset, null, depth);
  }

  public static Document ofText(String name, String mediaType, String text, int depth) {
    return new Document(name, mediaType, null, null, text, depth);
  }

  public String name() {
    return name;
  }

  /** Lower-case media type, possibly empty ("text/plain", "application/xml"...). */
  public String mediaType() {
    return mediaType;
  }

  /** Nesting level: 0 for the file itself, +1 per MIME/gzip/rfc822 layer. */
  public int depth() {
    return depth;
  }

  public byte[] bytes() {
    return bytes != null ? bytes : text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  public boolean hasBytes() {
    return bytes != null;
  }

  public String text() {
    if (text == null) {
      text = looksLikeXml() ? Texts.decodeXmlBytes(bytes) : Texts.stripBom(Texts.decode(bytes, charset));
    }
    return text;
  }

  /** The text in lower case (ROOT locale), computed once: substring tests use String.indexOf on it. */
  public String lower() {
    if (lower == null) lower = text().toLowerCase(java.util.Locale.ROOT);
    return lower;
  }

  private boolean looksLikeXml() {
    int i = 0;
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF) i = 3;
    while (i < bytes.length && Character.isWhitespace(bytes[i])) i++;
    return i < bytes.length && bytes[i] == '<';
  }

  /** The first non-blank character of the text, or 0. */
  public char firstChar() {
    String t = text();
    for (int i = 0; i < Math.min(t.length(), 4096); i++) {
      char c = t.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') return c;
    }
    return 0;
  }

  @Override
  public String toString() {
    return name + " (" + mediaType + ")";
  }
}
