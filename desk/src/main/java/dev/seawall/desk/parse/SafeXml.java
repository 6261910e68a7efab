package dev.seawall.desk.parse;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML reading for notices. DTDs and external entities are off in the StAX factory, and any
 * {@code <!DOCTYPE} or {@code <!ENTITY} is refused before parsing (JDK StAX reads external
 * entities by default: shared/notes/ecosystem.md pitfall 2). Well-formed XML goes through StAX;
 * broken XML (stray '&', mismatched tags, truncation) through {@link LenientXml}.
 */
public final class SafeXml {
  private SafeXml() {}

  private static final Pattern DECLARATION = Pattern.compile("<!\\s*(DOCTYPE|ENTITY)", Pattern.CASE_INSENSITIVE);
  private static final XMLInputFactory FACTORY = newFactory();

  private static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    f.setXMLResolver((publicId, systemId, base, ns) -> {
      throw new XMLStreamException("external resource refused: " + systemId);
    });
    return f;
  }

  /** The tree and whether the tolerant reader had to be used. */
  public record Parsed(XmlNode root, boolean lenient) {}

  public static Parsed parse(String xml) throws XmlRefused {
    refuseDeclarations(xml);
    try {
      return new Parsed(strict(FACTORY.createXMLStreamReader(new StringReader(xml))), false);
    } catch (XMLStreamException | RuntimeException e) {
      return new Parsed(LenientXml.parse(xml), true);
    }
  }

  /** Bytes of a whole XML file: StAX honours the declared encoding (ISO-8859-1 ACNS 0.6 files). */
  public static Parsed parse(byte[] xml) throws XmlRefused {
    String asText = Texts.decodeXmlBytes(xml);
    refuseDeclarations(asText);
    try {
      return new Parsed(strict(FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml))), false);
    } catch (XMLStreamException | RuntimeException e) {
      return new Parsed(LenientXml.parse(asText), true);
    }
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
      throw new XmlRefused("XML declares <!" + m.group(1).toUpperCase(Locale.ROOT) + " at offset " + m.start()
          + ": DTDs and entities are refused");
    }
  }

  private static XmlNode strict(XMLStreamReader r) throws XMLStreamException {
    Deque<XmlNode> stack = new ArrayDeque<>();
    XmlNode root = null;
    try {
      while (r.hasNext()) {
        int ev = r.next();
        switch (ev) {
          case XMLStreamConstants.START_ELEMENT -> {
            XmlNode n = new XmlNode(r.getLocalName());
            for (int i = 0; i < r.getAttributeCount(); i++) n.attribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
            if (stack.isEmpty()) {
              if (root != null) throw new XMLStreamException("second root element");
              root = n;
            } else {
              stack.peek().add(n);
            }
            if (stack.size() > 256) throw new XMLStreamException("nesting deeper than 256");
            stack.push(n);
          }
          case XMLStreamConstants.END_ELEMENT -> stack.pop();
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            if (!stack.isEmpty()) stack.peek().appendText(r.getText());
          }
          case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.DTD ->
              throw new XMLStreamException("entity or DTD refused");
          default -> { }
        }
      }
    } finally {
      r.close();
    }
    if (root == null) throw new XMLStreamException("no element");
    return root;
  }
}
