package dev.seawall.desk.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte-to-text decoding that never fails: declared charset, then UTF-8, then Windows-1252. */
public final class Texts {
  private Texts() {}

  private static final Pattern XML_ENCODING =
      Pattern.compile("^\\s*<\\?xml[^>]*encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** Decodes with the named charset when it exists and fits, otherwise by sniffing. */
  public static String decode(byte[] bytes, String charsetName) {
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
      return decodeStrict(bytes, 3, StandardCharsets.UTF_8, false);
    }
    Charset cs = charset(charsetName);
    if (cs != null) {
      String s = decodeStrict(bytes, 0, cs, true);
      if (s != null) return s;
    }
    String utf8 = decodeStrict(bytes, 0, StandardCharsets.UTF_8, true);
    if (utf8 != null) return utf8;
    return new String(bytes, WINDOWS_1252);
  }

  private static String decodeStrict(byte[] bytes, int offset, Charset cs, boolean strict) {
    try {
      var dec = cs.newDecoder();
      if (strict) {
        dec.onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
      } else {
        dec.onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
      }
      return dec.decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static Charset charset(String name) {
    if (name == null || name.isBlank()) return null;
    String n = name.strip().replace("\"", "").toLowerCase(Locale.ROOT);
    if (n.equals("utf8")) n = "utf-8";
    try {
      return Charset.isSupported(n) ? Charset.forName(n) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Text of an XML file, honouring a BOM and the encoding in its declaration. */
  public static String decodeXmlBytes(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
    if (head.startsWith("\u00ef\u00bb\u00bf")) head = head.substring(3);
    Matcher m = XML_ENCODING.matcher(head);
    String s = decode(bytes, m.find() ? m.group(1) : "UTF-8");
    return stripBom(s);
  }

  public static String stripBom(String s) {
    return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
  }

  /** A readable rendering of an HTML part (used only when a mail has no plain-text part). */
  public static String htmlToText(String html) {
    String s = html.replaceAll("(?is)<(script|style|head)[^>]*>.*?</\\1\\s*>", " ");
    s = s.replaceAll("(?i)<br\\s*/?>|</p\\s*>|</div\\s*>|</tr\\s*>|</li\\s*>|</h[1-6]\\s*>", "\n");
    s = s.replaceAll("(?i)</t[dh]\\s*>", "  ");
    s = s.replaceAll("<[^>]{0,2000}>", "");
    return LenientXml.decode(s.replace("&nbsp;", " "), 0, s.replace("&nbsp;", " ").length());
  }

  /** Case-insensitive substring test without regex or copying (hot: runs on every notice). */
  public static boolean containsIgnoreCase(String hay, String needle) {
    return indexOfIgnoreCase(hay, needle, 0) >= 0;
  }

  public static int indexOfIgnoreCase(String hay, String needle, int from) {
    int n = needle.length();
    if (n == 0) return from;
    char lo = Character.toLowerCase(needle.charAt(0)), up = Character.toUpperCase(needle.charAt(0));
    for (int i = Math.max(0, from), last = hay.length() - n; i <= last; i++) {
      char c = hay.charAt(i);
      if ((c == lo || c == up) && hay.regionMatches(true, i, needle, 0, n)) return i;
    }
    return -1;
  }

  /** True when the text has an element {@code <name} or {@code <prefix:name}, any case. */
  public static boolean hasTag(String text, String name) {
    int i = text.indexOf('<');
    while (i >= 0) {
      int j = i + 1;
      int k = j;
      while (k < text.length() && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '_')) k++;
      if (k < text.length() && text.charAt(k) == ':') j = k + 1;
      int end = j + name.length();
      if (end < text.length() && text.regionMatches(true, j, name, 0, name.length())) {
        char c = text.charAt(end);
        if (Character.isWhitespace(c) || c == '>' || c == '/') return true;
      }
      i = text.indexOf('<', i + 1);
    }
    return false;
  }
}
