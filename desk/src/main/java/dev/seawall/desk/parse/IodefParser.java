package dev.seawall.desk.parse;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.time.ReadTime;
import dev.seawall.desk.time.Timestamps;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * IODEF (RFC 5070) incident documents, as AbuseIO and other ticket systems forward them (often
 * gzipped). Each {@code EventData} is an observation: source address from {@code Flow/System},
 * time from {@code RecordData/DateTime}; an embedded notice in {@code RecordItem} (ACNS as XML or
 * JSON) supplies the details.
 */
public final class IodefParser implements NoticeParser {

  @Override
  public String family() {
    return "iodef";
  }

  @Override
  public boolean claims(Document doc) {
    return doc.firstChar() == '<' && doc.lower().contains("iodef-document");
  }

  @Override
  public Extraction read(Document doc) {
    Extraction x = new Extraction();
    SafeXml.Parsed parsed;
    try {
      parsed = doc.hasBytes() ? SafeXml.parse(doc.bytes()) : SafeXml.parse(doc.text());
    } catch (XmlRefused e) {
      x.flags.add(Flag.XML_DTD_REFUSED);
      x.notes.add(doc.name() + ": " + e.getMessage());
      return x;
    }
    x.format = "IODEF";
    if (parsed.lenient()) x.flags.add(Flag.XML_MALFORMED);
    for (XmlNode incident : parsed.root().descendants("Incident")) {
      String incidentId = incident.text("IncidentID");
      for (XmlNode data : incident.all("EventData")) {
        String address = null;
        Integer port = null;
        for (XmlNode system : data.descendants("System")) {
          String category = system.attr("category");
          if (category != null && !category.equalsIgnoreCase("source")) continue;
          for (XmlNode a : system.descendants("Address")) {
            if (address == null) address = Values.blankToNull(a.text());
          }
          for (XmlNode p : system.descendants("Port")) {
            if (port == null) port = Values.port(p.text());
          }
        }
        boolean embedded = false;
        for (XmlNode record : data.descendants("RecordData")) {
          String dateTime = record.text("DateTime");
          for (XmlNode item : record.all("RecordItem")) {
            List<EventDraft> inner = embeddedNotice(item.text());
            for (EventDraft d : inner) {
              if (d.ipText == null) d.ipText = address;
              if (d.port == null) d.port = port;
              if (d.caseId == null) d.caseId = incidentId;
              embedded = true;
              x.events.add(d);
            }
          }
          if (!embedded && address != null) {
            EventDraft d = new EventDraft();
            d.structured = true;
            d.ipText = address;
            d.port = port;
            d.caseId = incidentId;
            Optional<ReadTime> t = Values.time(d, dateTime, Timestamps.SlashOrder.UNKNOWN);
            t.ifPresent(rt -> { d.timestamp = rt.instant(); d.time(rt.instant()); });
            if (t.isEmpty() && !d.flags.contains(Flag.TIME_UNREADABLE)) d.flags.add(Flag.TIME_MISSING);
            x.events.add(d);
            embedded = true;
          }
        }
      }
    }
    return x;
  }

  private static List<EventDraft> embeddedNotice(String text) {
    if (text == null || text.isBlank()) return List.of();
    String t = text.strip();
    if (t.startsWith("{")) {
      JsonNode json = JsonTree.read(t);
      if (json == null || !json.isObject()) return List.of();
      JsonNode inner = json.has("Infringement") ? json.get("Infringement") : json;
      if (!inner.has("Source") && !inner.has("Content")) return List.of();
      return AcnsParser.fromTree(JsonTree.toXml("Infringement", inner));
    }
    if (t.startsWith("<")) {
      try {
        XmlNode root = SafeXml.parse(t).root();
        XmlNode inf = root.is("Infringement") ? root : root.descendants("Infringement").stream().findFirst().orElse(null);
        return inf == null ? List.of() : AcnsParser.fromTree(inf);
      } catch (XmlRefused e) {
        return List.of();
      }
    }
    return List.of();
  }
}
