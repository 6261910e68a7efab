package dev.seawall.desk.forward;

import java.io.StringWriter;
import java.time.Instant;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * An ACNS 2.0 {@code NoticeAck} reply, in the ACNS namespace, using the reply vocabulary of the
 * ACNS schema: {@code @Accepted} and, when not accepted, a {@code RejectReason} of
 * UNKNOWN_RECIPIENT, IP_OUT_OF_RANGE, MULTIPLE, TEXT_XML_MISMATCH or OTHER. The sender's case id
 * ties it to the notice; {@code Notes} says why in words.
 */
public final class NoticeAck {
  private NoticeAck() {}

  public static final String NAMESPACE = "http://www.acns.net/ACNS";

  public enum RejectReason { UNKNOWN_RECIPIENT, IP_OUT_OF_RANGE, MULTIPLE, TEXT_XML_MISMATCH, OTHER }

  /**
   * @param reject null when accepted
   * @param caseId the sender's case id, or our reference when the notice had none
   */
  public static String xml(RejectReason reject, String caseId, String providerName, String providerEmail, Instant at, String notes) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("NoticeAck");
      w.writeDefaultNamespace(NAMESPACE);
      w.writeAttribute("Accepted", reject == null ? "true" : "false");
      w.writeAttribute("TimeStamp", at.toString());
      nl(w, 1);
      w.writeStartElement("Case");
      nl(w, 2);
      element(w, "ID", caseId);
      nl(w, 1);
      w.writeEndElement();
      nl(w, 1);
      w.writeStartElement("Service_Provider");
      nl(w, 2);
      element(w, "Entity", providerName);
      nl(w, 2);
      element(w, "Email", providerEmail);
      nl(w, 1);
      w.writeEndElement();
      if (reject != null) {
        nl(w, 1);
        element(w, "RejectReason", reject.name());
      }
      if (notes != null) {
        nl(w, 1);
        element(w, "Notes", notes);
      }
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write NoticeAck: " + e.getMessage(), e);
    }
    return out.toString();
  }

  private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text == null ? "" : text);
    w.writeEndElement();
  }

  private static void nl(XMLStreamWriter w, int depth) throws XMLStreamException {
    w.writeCharacters("\n" + "  ".repeat(depth));
  }
}
