package dev.seawall.desk.parse;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.event.Protocols;
import dev.seawall.desk.time.ReadTime;
import dev.seawall.desk.time.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ACNS 0.6, 0.7 and 2.0 (v1.0–v1.3) {@code <Infringement>} documents: bare, attached, inline
 * between Start/End markers with any dashes, or without markers; several per mail. Namespaces
 * are ignored (none, movielabs, acns.net with or without /ACNS). Broken XML is read tolerantly
 * and flagged. One event per distinct info-hash among the Items (an ACNS notice describes one
 * source; Items listing eleven tracks of one torrent are one event).
 */
public final class AcnsParser implements NoticeParser {

  private static final Pattern START = Pattern.compile("(?i)[\\s-]*(?:begin|start)\\s+ACNS\\s+XML[\\s-]*");
  private static final Pattern END = Pattern.compile("(?i)[\\s-]*end\\s+ACNS\\s+XML[\\s-]*");
  private static final Pattern OPEN = Pattern.compile("(?i)<(?:[A-Za-z0-9_]+:)?Infringement[\\s>/]");
  private static final Pattern CLOSE = Pattern.compile("(?i)</(?:[A-Za-z0-9_]+:)?Infringement\\s*>");
  private static final Pattern PROLOG = Pattern.compile("(?s)<\\?xml[^>]{0,300}\\?>\\s*\\z");

  @Override
  public String family() {
    return "acns";
  }

  @Override
  public boolean claims(Document doc) {
    return Texts.hasTag(doc.text(), "Infringement");
  }

  @Override
  public Extraction read(Document doc) {
    Extraction x = new Extraction();
    String text = doc.text();
    List<String> segments = segments(text);
    for (String seg : segments) {
      SafeXml.Parsed parsed;
      try {
        int at = text.indexOf(seg);
        if (at > 0) SafeXml.refuseDeclarationsBefore(text, at);
        parsed = SafeXml.parse(seg);
      } catch (XmlRefused e) {
        x.flags.add(Flag.XML_DTD_REFUSED);
        x.notes.add(doc.name() + ": " + e.getMessage());
        continue;
      }
      List<XmlNode> roots = parsed.root().is("Infringement") ? List.of(parsed.root())
          : parsed.root().descendants("Infringement");
      for (XmlNode root : roots) {
        List<EventDraft> drafts = fromTree(root);
        if (parsed.lenient()) {
          x.flags.add(Flag.XML_MALFORMED);
          x.notes.add(doc.name() + ": ACNS XML not well-formed; read tolerantly");
          for (EventDraft d : drafts) d.flags.add(Flag.XML_MALFORMED);
        }
        x.events.addAll(drafts);
        if (x.format == null) x.format = version(seg, root);
      }
    }
    return x;
  }

  /** The XML segments of a text, marked or not, in order. */
  static List<String> segments(String text) {
    List<String> out = new ArrayList<>();
    List<int[]> covered = new ArrayList<>();
    int from = 0;
    while (true) {
      int[] start = marker(text, from, true);
      if (start == null) break;
      int[] end = marker(text, start[1], false);
      int segEnd = end == null ? text.length() : end[0];
      String seg = text.substring(start[1], segEnd);
      if (Texts.hasTag(seg, "Infringement")) {
        out.add(seg.strip());
        covered.add(new int[] {start[0], segEnd});
      }
      from = Math.max(segEnd, start[1]);
      if (from >= text.length()) break;
    }
    Matcher open = OPEN.matcher(text);
    int pos = 0;
    while (pos < text.length() && open.find(pos)) {
      int s = open.start();
      if (inside(covered, s)) {
        pos = open.end();
        continue;
      }
      Matcher close = CLOSE.matcher(text);
      int e = close.find(open.end()) ? close.end() : text.length();
      String before = text.substring(Math.max(0, s - 400), s);
      Matcher prolog = PROLOG.matcher(before);
      int segStart = prolog.find() ? s - (before.length() - prolog.start()) : s;
      out.add(text.substring(segStart, e));
      covered.add(new int[] {segStart, e});
      pos = e;
    }
    return out;
  }

  /**
   * The next marker line ("---Start ACNS XML", "- - ---Begin ACNS XML", "End ACNS XML" with any
   * dashes and blanks around) at or after {@code from}: {start of line, end of line}, or null.
   */
  static int[] marker(String text, int from, boolean start) {
    int at = Texts.indexOfIgnoreCase(text, "acns", from);
    while (at >= 0) {
      int lineStart = text.lastIndexOf('\n', at) + 1;
      int lineEnd = text.indexOf('\n', at);
      if (lineEnd < 0) lineEnd = text.length();
      if (lineStart >= from || start) {
        Matcher m = (start ? START : END).matcher(text.substring(lineStart, lineEnd).replace("\r", ""));
        if (lineStart >= from && m.matches()) return new int[] {lineStart, Math.min(text.length(), lineEnd + 1)};
      }
      at = Texts.indexOfIgnoreCase(text, "acns", lineEnd);
    }
    return null;
  }

  private static boolean inside(List<int[]> ranges, int p) {
    for (int[] r : ranges) {
      if (p >= r[0] && p < r[1]) return true;
    }
    return false;
  }

  static String version(String xml, XmlNode root) {
    String head = xml.length() > 2000 ? xml.substring(0, 2000) : xml;
    String l = head.toLowerCase(Locale.ROOT);
    boolean namespaced = Pattern.compile("xmlns\\s*=\\s*[\"'][^\"']*(acns|movielabs)").matcher(l).find();
    if (!namespaced) {
      XmlNode item = root.child("Content") == null ? null : root.child("Content").child("Item");
      return item != null && item.child("TimeStamp") != null ? "ACNS 0.7" : "ACNS 0.6";
    }
    Matcher v = Pattern.compile("v(1)[._](\\d)").matcher(l);
    if (v.find()) return "ACNS 2 v" + v.group(1) + "." + v.group(2);
    return l.contains("movielabs") ? "ACNS 2 v1.0" : "ACNS 2";
  }

  /** Events of one {@code <Infringement>} (also used for ACNS rendered as JSON inside IODEF). */
  static List<EventDraft> fromTree(XmlNode root) {
    XmlNode src = root.child("Source");
    String caseId = root.text("Case", "ID");
    String complainantEmail = root.text("Complainant", "Email");
    String complainant = complainantEmail != null ? complainantEmail : root.text("Complainant", "Entity");
    String typeText = src == null ? null : src.text("Type");
    XmlNode sub = src == null ? null : src.child("SubType");
    String subProtocol = sub == null ? null : Values.blankToNull(sub.attr("Protocol"));
    String protocol = Protocols.normalize(subProtocol != null ? subProtocol : typeText);
    if ("P2P".equals(protocol) && sub != null && sub.attr("BaseType") != null && subProtocol == null) protocol = "P2P";

    EventDraft base = new EventDraft();
    base.structured = true;
    base.caseId = caseId;
    base.sender = complainant;
    base.protocol = protocol;
    if (src != null) {
      base.ipText = Values.blankToNull(src.text("IP_Address"));
      String portText = src.text("Port");
      base.port = Values.port(portText);
      String ts = src.text("TimeStamp");
      Optional<ReadTime> t = Values.time(base, ts, Timestamps.SlashOrder.UNKNOWN);
      t.ifPresent(rt -> {
        base.timestamp = rt.instant();
        base.time(rt.instant());
      });
      String urlBase = src.text("URL_Base");
      if (Values.isWebUrl(urlBase) && base.ipText == null) base.url(urlBase);
    }

    // group Items by info-hash: one event per torrent
    Map<String, EventDraft> byHash = new LinkedHashMap<>();
    XmlNode content = root.child("Content");
    List<XmlNode> items = content == null ? List.of() : content.all("Item");
    for (XmlNode item : items) {
      EventDraft probe = new EventDraft();
      probe.protocol = protocol;
      XmlNode hash = item.child("Hash");
      if (hash != null) Values.hash(probe, hash.attr("Type"), hash.text());
      // Items without an info-hash describe the same source: they join the first group
      String key = probe.infohash != null ? probe.infohash : byHash.isEmpty() ? "" : byHash.keySet().iterator().next();
      EventDraft d = byHash.computeIfAbsent(key, k -> copyOf(base));
      if (probe.infohash != null) d.infohash = probe.infohash;
      if (probe.fileHash != null && d.fileHash == null && d.infohash == null) d.fileHash = probe.fileHash;
      d.flags.addAll(probe.flags);
      d.title(item.text("Title"));
      if (d.fileName == null) d.fileName = item.text("FileName");
      if (d.fileSize == null) d.fileSize = Values.size(item.text("FileSize"));
      String url = item.text("URL");
      if (Values.isWebUrl(url)) d.url(url);
      Optional<ReadTime> it = Values.time(d, item.text("TimeStamp"), Timestamps.SlashOrder.UNKNOWN);
      it.ifPresent(rt -> {
        d.time(rt.instant());
        if (d.timestamp == null) d.timestamp = rt.instant();
      });
      for (XmlNode seen : item.all("AlsoSeen")) {
        Values.time(d, seen.attr("Start"), Timestamps.SlashOrder.UNKNOWN).ifPresent(rt -> d.time(rt.instant()));
        Values.time(d, seen.attr("End"), Timestamps.SlashOrder.UNKNOWN).ifPresent(rt -> d.time(rt.instant()));
      }
    }
    List<EventDraft> out = new ArrayList<>(byHash.isEmpty() ? List.of(base) : byHash.values());
    for (EventDraft d : out) {
      if (d.timestamp == null && d.mentionedTimes.isEmpty() && !d.flags.contains(Flag.TIME_UNREADABLE)) {
        d.flags.add(Flag.TIME_MISSING);
      }
      if (d.ipText == null && !d.urls.isEmpty()) {
        d.locationType = LocationType.URL;
        d.domain = Values.domainOf(d.urls.getFirst());
        if (d.protocol == null || "Web".equalsIgnoreCase(typeText)) d.protocol = Protocols.HTTP;
      } else if (d.ipText != null && Protocols.isServer(d.protocol)) {
        d.locationType = LocationType.SERVER_IP;
      } else if (d.ipText != null) {
        d.locationType = LocationType.P2P_ENDPOINT;
      }
    }
    return out;
  }

  private static EventDraft copyOf(EventDraft b) {
    EventDraft d = new EventDraft();
    d.structured = true;
    d.fillFrom(b);
    d.flags.addAll(b.flags);
    d.mentionedTimes.addAll(b.mentionedTimes);
    d.firstSeen = b.firstSeen;
    d.lastSeen = b.lastSeen;
    return d;
  }

  static Instant instantOrNull(Optional<ReadTime> t) {
    return t.map(ReadTime::instant).orElse(null);
  }
}
