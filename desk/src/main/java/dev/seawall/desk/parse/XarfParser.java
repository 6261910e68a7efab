package dev.seawall.desk.parse;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.event.Protocols;
import dev.seawall.desk.time.ReadTime;
import dev.seawall.desk.time.Timestamps;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * X-ARF v3 ({@code ReportClass: Content}, {@code ReportType: Copyright}, {@code InfringedMaterial})
 * and XARF v4 ({@code category: copyright}, types p2p, cyberlocker, link-site, ugc-platform,
 * usenet) JSON reports, bare or as a mail part. Keys are matched without regard to case.
 */
public final class XarfParser implements NoticeParser {

  @Override
  public String family() {
    return "xarf";
  }

  @Override
  public boolean claims(Document doc) {
    char c = doc.firstChar();
    if (c != '{') return false;
    String l = doc.lower().length() > 8192 ? doc.lower().substring(0, 8192) : doc.lower();
    return l.contains("xarf") || l.contains("\"reportclass\"") || l.contains("\"reporttype\"")
        || (l.contains("\"category\"") && l.contains("copyright"));
  }

  @Override
  public Extraction read(Document doc) {
    Extraction x = new Extraction();
    JsonNode json = JsonTree.read(doc.text().strip());
    if (json == null || !json.isObject()) {
      x.flags.add(Flag.PARSE_ERROR);
      x.notes.add(doc.name() + ": X-ARF JSON not readable");
      return x;
    }
    boolean v4 = field(json, "xarf_version") != null || field(json, "category") != null;
    x.format = v4 ? "XARF v4" : "X-ARF v3";
    EventDraft d = new EventDraft();
    d.structured = true;
    if (v4) {
      readV4(json, d);
    } else {
      readV3(json, d);
    }
    if (d.ipText == null && d.urls.isEmpty()) {
      x.notes.add(doc.name() + ": X-ARF report without a source address or URL");
    }
    x.events.add(d);
    return x;
  }

  private static void readV4(JsonNode j, EventDraft d) {
    d.caseId = text(j, "report_id");
    JsonNode reporter = field(j, "reporter");
    if (reporter == null) reporter = field(j, "sender");
    if (reporter != null) {
      d.sender = text(reporter, "contact");
      if (d.sender == null) d.sender = text(reporter, "org");
    }
    d.rightsHolder = text(j, "rights_holder");
    d.title(text(j, "work_title"));
    String type = text(j, "type");
    String proto = text(j, "p2p_protocol");
    d.protocol = Protocols.normalize(proto != null ? proto : "p2p".equalsIgnoreCase(type) ? "P2P" : type);
    String source = text(j, "source_identifier");
    if (source != null && dev.seawall.desk.net.IpAddress.parse(source).isPresent()) {
      d.ipText = source;
    } else if (Values.isWebUrl(source)) {
      d.url(source);
    } else if (source != null) {
      d.ipText = source; // kept as written; flagged invalid later
    }
    d.port = Values.port(text(j, "source_port"));
    for (String k : new String[] {"infringing_url", "url", "content_url", "download_url"}) {
      String u = text(j, k);
      if (Values.isWebUrl(u)) d.url(u);
    }
    JsonNode swarm = field(j, "swarm_info");
    if (swarm != null) {
      Values.hash(d, "BTIH", text(swarm, "info_hash"));
      String magnet = text(swarm, "magnet_uri");
      if (d.infohash == null && magnet != null) {
        int at = magnet.toLowerCase(Locale.ROOT).indexOf("urn:btih:");
        if (at >= 0) {
          String rest = magnet.substring(at);
          int amp = rest.indexOf('&');
          Values.hash(d, "BTIH", amp < 0 ? rest : rest.substring(0, amp));
        }
      }
    }
    JsonNode fileInfo = field(j, "file_info");
    if (fileInfo != null) {
      d.fileName = text(fileInfo, "name");
      d.fileSize = Values.size(text(fileInfo, "size"));
    }
    time(j, d, "timestamp");
    finishLocation(d);
  }

  private static void readV3(JsonNode j, EventDraft d) {
    d.caseId = text(j, "Report-ID");
    if (d.caseId == null) d.caseId = text(j, "ReportID");
    d.sender = text(j, "Reporter");
    String sourceType = text(j, "SourceType");
    String source = text(j, "Source");
    if (source != null && sourceType != null && sourceType.toLowerCase(Locale.ROOT).startsWith("ip")) {
      d.ipText = source;
    } else if (Values.isWebUrl(source)) {
      d.url(source);
    } else {
      d.ipText = source;
    }
    d.port = Values.port(text(j, "Port"));
    d.title(text(j, "InfringedMaterial"));
    d.title(text(j, "Title"));
    d.protocol = Protocols.normalize(text(j, "Service") != null ? text(j, "Service") : text(j, "Protocol"));
    String hash = text(j, "Hash");
    if (hash == null) hash = text(j, "InfoHash");
    Values.hash(d, "SHA1", hash);
    d.fileName = text(j, "FileName");
    time(j, d, "Date");
    finishLocation(d);
  }

  private static void time(JsonNode j, EventDraft d, String key) {
    Optional<ReadTime> t = Values.time(d, text(j, key), Timestamps.SlashOrder.UNKNOWN);
    t.ifPresent(rt -> { d.timestamp = rt.instant(); d.time(rt.instant()); });
    if (t.isEmpty() && !d.flags.contains(Flag.TIME_UNREADABLE)) d.flags.add(Flag.TIME_MISSING);
  }

  private static void finishLocation(EventDraft d) {
    if (d.ipText == null && !d.urls.isEmpty()) {
      d.locationType = LocationType.URL;
      d.domain = Values.domainOf(d.urls.getFirst());
      if (d.protocol == null || "P2P".equals(d.protocol)) d.protocol = Protocols.HTTP;
    }
  }

  private static JsonNode field(JsonNode j, String key) {
    if (j == null || !j.isObject()) return null;
    JsonNode v = j.get(key);
    if (v != null) return v;
    String k = XmlNode.key(key);
    for (Map.Entry<String, JsonNode> e : j.properties()) {
      if (XmlNode.key(e.getKey()).equals(k)) return e.getValue();
    }
    return null;
  }

  private static String text(JsonNode j, String key) {
    JsonNode v = field(j, key);
    if (v == null || v.isNull() || v.isObject() || v.isArray()) return null;
    return Values.blankToNull(v.asString(""));
  }
}
