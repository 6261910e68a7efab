package dev.seawall.desk.parse;

import java.util.regex.Pattern;

/**
 * XML reading for notices. Any {@code <!DOCTYPE} or {@code <!ENTITY} is refused before parsing,
 * and the reader ({@link LenientXml}) implements no DTD processing and no external or general
 * entities at all, so XXE and entity expansion cannot happen (JDK StAX reads external entities by
 * default: shared/notes/ecosystem.md pitfall 2). Broken XML (stray '&', mismatched tags,
 * truncation) is read tolerantly and reported as such.
 */
public final class SafeXml {
  private SafeXml() {}

  private static final Pattern DECLARATION = Pattern.compile("<!\\s*(DOCTYPE|ENTITY)", Pattern.CASE_INSENSITIVE);

  /** The tree and whether it had to be repaired (not well-formed). */
  public record Parsed(XmlNode root, boolean lenient) {}

  public static Parsed parse(String xml) throws XmlRefused {
    refuseDeclarations(xml);
    LenientXml.Result r = LenientXml.read(xml);
    return new Parsed(r.root(), r.repaired());
  }

  /** Bytes of a whole XML file, decoded by its BOM or declared encoding (ISO-8859-1 ACNS 0.6 files). */
  public static Parsed parse(byte[] xml) throws XmlRefused {
    return parse(Texts.decodeXmlBytes(xml));
  }

  /**
   * Refuses a segment cut out of a larger text when the text just before it declares a DTD: the
   * segment alone would parse, but the sender meant the declarations for it.
   */
  static void refuseDeclarationsBefore(String text, int segmentStart) throws XmlRefused {
    refuseDeclarations(text.substring(Math.max(0, segmentStart - 4096), segmentStart));
  }

  static void refuseDeclarations(String xml) throws XmlRefused {
    if (xml.indexOf("<!") < 0) return;
    var m = DECLARATION.matcher(xml);
    if (m.find()) {
      throw new XmlRefused("XML declares <!" + m.group(1).toUpperCase(java.util.Locale.ROOT) + " at offset " + m.start()
          + ": DTDs and entities are refused");
    }
  }
}
