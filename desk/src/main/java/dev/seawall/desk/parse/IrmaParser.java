package dev.seawall.desk.parse;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.Protocols;
import dev.seawall.desk.time.ReadTime;
import dev.seawall.desk.time.Timestamps;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpSec/MarkMonitor IRMA {@code <InvestigationInfo>} XML: one event per {@code Case}. Its times
 * are {@code dd/MM/yyyy HH:mm:ss} without a zone; UTC is taken and the event flagged.
 */
public final class IrmaParser implements NoticeParser {

  private static final Pattern OPEN = Pattern.compile("(?i)<(?:[A-Za-z0-9_]+:)?InvestigationInfo[\\s>/]");
  private static final Pattern CLOSE = Pattern.compile("(?i)</(?:[A-Za-z0-9_]+:)?InvestigationInfo\\s*>");

  @Override
  public String family() {
    return "irma";
  }

  @Override
  public boolean claims(Document doc) {
    return Texts.hasTag(doc.text(), "InvestigationInfo");
  }

  @Override
  public Extraction read(Document doc) {
    Extraction x = new Extraction();
    String text = doc.text();
    Matcher open = OPEN.matcher(text);
    int pos = 0;
    while (pos < text.length() && open.find(pos)) {
      Matcher close = CLOSE.matcher(text);
      int end = close.find(open.end()) ? close.end() : text.length();
      String seg = text.substring(open.start(), end);
      pos = end;
      SafeXml.Parsed parsed;
      try {
        SafeXml.refuseDeclarationsBefore(text, open.start());
        parsed = SafeXml.parse(seg);
      } catch (XmlRefused e) {
        x.flags.add(Flag.XML_DTD_REFUSED);
        x.notes.add(doc.name() + ": " + e.getMessage());
        continue;
      }
      x.format = "IRMA InvestigationInfo";
      if (parsed.lenient()) x.flags.add(Flag.XML_MALFORMED);
      XmlNode root = parsed.root();
      String protocol = Protocols.normalize(root.text("Protocol"));
      XmlNode list = root.child("CaseList");
      for (XmlNode c : (list == null ? root : list).all("Case")) {
        EventDraft d = new EventDraft();
        d.structured = true;
        d.protocol = protocol == null ? Protocols.BITTORRENT : protocol;
        d.caseId = c.text("CaseId");
        d.ipText = Values.blankToNull(c.text("PeerIP"));
        d.port = Values.port(c.text("PeerPort"));
        Optional<ReadTime> start = Values.time(d, c.text("Initiated"), Timestamps.SlashOrder.DAY_FIRST);
        Optional<ReadTime> done = Values.time(d, c.text("Completed"), Timestamps.SlashOrder.DAY_FIRST);
        start.ifPresent(t -> { d.timestamp = t.instant(); d.time(t.instant()); });
        done.ifPresent(t -> { if (d.timestamp == null) d.timestamp = t.instant(); d.time(t.instant()); });
        if (d.timestamp == null && !d.flags.contains(Flag.TIME_UNREADABLE)) d.flags.add(Flag.TIME_MISSING);
        if (parsed.lenient()) d.flags.add(Flag.XML_MALFORMED);
        XmlNode contents = c.child("ContentList");
        for (XmlNode content : (contents == null ? c : contents).all("Content")) {
          if (d.fileName == null) d.fileName = Values.blankToNull(content.attr("name"));
          if (d.fileSize == null) d.fileSize = Values.size(content.attr("size"));
          XmlNode hash = content.child("Hash");
          if (hash != null) Values.hash(d, hash.attr("algorithm"), hash.text());
          for (XmlNode detail : content.descendants("MatchDetail")) {
            String key = detail.attr("key");
            if ("Title".equalsIgnoreCase(key)) d.title(detail.text());
            if ("CopyrightOwner".equalsIgnoreCase(key) && d.rightsHolder == null) d.rightsHolder = Values.blankToNull(detail.text());
          }
        }
        x.events.add(d);
      }
    }
    return x;
  }
}
