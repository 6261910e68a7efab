package dev.seawall.desk.parse;

import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.event.Protocols;
import dev.seawall.desk.time.ReadTime;
import dev.seawall.desk.time.Timestamps;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text formats of the large senders, read by structure: "Evidentiary Information" key/value
 * blocks (MarkMonitor, IP-Echelon, Vobile, Irdeto, Rightscorp, CEG TEK), "Infringement Details"
 * lists and aligned-column tables (Entura, Sony, OneProvider forwards), wrapped values, "Bay ID:
 * hash|size". Labels come from a dictionary of the spellings seen, not from sender names; a block
 * becomes an event when it names an address (or URL) and something that pins it down.
 */
public final class EvidenceTextParser implements NoticeParser {

  enum Field { IP, PORT, TIME, TIME_FIRST, TIME_LAST, TITLE, PROTOCOL, HASH, BAY_ID, FILE_NAME, FILE_SIZE, CASE_ID, URL, RIGHTS_HOLDER }

  private static final Map<String, Field> LABELS = new HashMap<>();

  private static void label(Field f, String... names) {
    for (String n : names) LABELS.put(n, f);
  }

  static {
    label(Field.IP, "ip address", "ip", "ip addr", "ipaddress", "infringer's ip address", "infringers ip address",
        "infringer ip address", "infringer's ip", "unauthorized ip address", "peer ip address", "peer ip", "source ip",
        "source ip address", "ip address(es)", "infringing ip", "infringing ip address", "offending ip",
        "offending ip address", "infringer address", "ip-address", "reported ip", "host ip");
    label(Field.PORT, "port", "port id", "ip port", "infringer's port", "infringers port", "unauthorized port",
        "source port", "peer port", "port number", "infringer port");
    label(Field.TIME, "timestamp", "time stamp", "date/time", "date and time", "infringement timestamp",
        "time of infringement", "date of infringement", "infringement date", "infringement time", "observed",
        "observed at", "detection time", "detected at", "utc timestamp", "event time", "hit date", "date/time utc",
        "timestamp utc", "time utc", "date time");
    label(Field.TIME_FIRST, "initial infringement timestamp", "first found", "first seen", "first seen date",
        "start time", "initial timestamp", "first observed");
    label(Field.TIME_LAST, "last seen date", "last seen", "recent infringement timestamp", "last found",
        "end time", "last observed");
    label(Field.TITLE, "title", "asset", "infringed work", "work title", "work", "copyrighted work", "infringing content",
        "title(s)", "infringed content", "infringed title", "name of work", "infringed material", "content title");
    label(Field.PROTOCOL, "protocol", "unauthorized protocol", "network", "infringement source", "type", "p2p protocol",
        "file sharing protocol", "infringement type");
    label(Field.HASH, "torrent hash", "infohash", "info hash", "info-hash", "unauthorized hash", "hash", "btih",
        "torrent infohash", "sha1 hash", "hash (sha1)", "torrent info hash");
    label(Field.BAY_ID, "bay id");
    label(Field.FILE_NAME, "file name", "filename", "infringing filename", "infringing file name",
        "unauthorized file name", "torrent name", "release name");
    label(Field.FILE_SIZE, "file size", "filesize", "infringing filesize", "infringing file size",
        "unauthorized file size", "size");
    label(Field.CASE_ID, "notice id", "case id", "case #", "case-id", "reference#", "reference", "ticket id",
        "notice number", "case number", "report id", "notice #");
    label(Field.URL, "url", "infringing url", "link", "infringing link");
    label(Field.RIGHTS_HOLDER, "copyright owner", "rights holder", "rightsholder", "copyright holder",
        "copyright holder's name", "intellectual property owner", "content owner", "rights owner");
  }

  private static final Pattern KEY = Pattern.compile("^\\s{0,8}([A-Za-z][A-Za-z0-9 '\u2019()#/&._-]{0,60}?)\\s*:\\s?(.*)$");
  private static final Pattern TABLE_SPLIT = Pattern.compile("\\s*\\|\\s*|\\t+|\\s{2,}");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*\u2022]|\\d{1,3}[.)])\\s+(.*)$");
  private static final Set<String> NOT_LABELS = Set.of("http", "https", "ftp", "mailto", "magnet", "ed2k");
  private static final int PROSE_GAP = 12;

  @Override
  public String family() {
    return "text";
  }

  @Override
  public boolean claims(Document doc) {
    char c = doc.firstChar();
    boolean text = doc.mediaType().startsWith("text/");
    if (doc.mediaType().contains("json")) return false;
    return text || (c != '{' && c != '<');
  }

  @Override
  public Extraction read(Document doc) {
    Extraction x = new Extraction();
    String text = withoutEmbeddedXml(doc.text());
    String[] lines = text.lines().toArray(String[]::new);
    List<Map<Field, List<String>>> blocks = new ArrayList<>();
    readTables(lines, blocks);
    readKeyValues(lines, blocks);
    for (Map<Field, List<String>> b : blocks) {
      EventDraft d = toDraft(b);
      if (d != null) x.events.add(d);
    }
    if (!x.events.isEmpty()) x.format = "text";
    return x;
  }

  /** Removes inline XML notices (read by their own parsers) so their text is not read twice. */
  static String withoutEmbeddedXml(String text) {
    if (text.indexOf('<') < 0) return text;
    String t = cut(text, "Infringement");
    return cut(t, "InvestigationInfo");
  }

  /** Removes each {@code [<?xml …?>]<name …>…</name>} (or to the end when never closed). */
  private static String cut(String text, String name) {
    if (!Texts.hasTag(text, name)) return text;
    StringBuilder out = new StringBuilder(text.length());
    int pos = 0;
    while (true) {
      int open = openTag(text, name, pos);
      if (open < 0) break;
      int start = open;
      int prolog = text.lastIndexOf("<?xml", open);
      if (prolog >= pos && text.substring(prolog, open).indexOf('>') == text.substring(prolog, open).lastIndexOf('>')
          && text.substring(prolog, open).strip().endsWith("?>")) {
        start = prolog;
      }
      int close = Texts.indexOfIgnoreCase(text, "</" + name, open);
      int end = close < 0 ? text.length() : Math.max(close, text.indexOf('>', close) + 1);
      out.append(text, pos, start).append('\n');
      pos = end;
    }
    out.append(text, pos, text.length());
    return out.toString();
  }

  private static int openTag(String text, String name, int from) {
    int i = Texts.indexOfIgnoreCase(text, "<" + name, from);
    while (i >= 0) {
      int end = i + 1 + name.length();
      if (end >= text.length() || Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '>' || text.charAt(end) == '/') return i;
      i = Texts.indexOfIgnoreCase(text, "<" + name, i + 1);
    }
    return -1;
  }

  static String normalizeLabel(String raw) {
    String lower = raw.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    String l = lower;
    if (l.indexOf('(') >= 0) {
      l = l.replace("(if applicable)", " ").replace("(if available)", " ").replace("(utc)", " ").replace("(gmt)", " ");
      if (lower.contains("(utc)") || lower.contains("(gmt)")) l = l + " utc";
    }
    StringBuilder sb = new StringBuilder(l.length());
    boolean space = false;
    for (int i = 0; i < l.length(); i++) {
      char c = l.charAt(i);
      if (Character.isWhitespace(c)) {
        space = sb.length() > 0;
      } else {
        if (space) sb.append(' ');
        sb.append(c);
        space = false;
      }
    }
    l = sb.toString();
    if (l.endsWith(" utc") && !LABELS.containsKey(l)) l = l.substring(0, l.length() - 4);
    return l;
  }

  private void readKeyValues(String[] lines, List<Map<Field, List<String>>> blocks) {
    Map<Field, List<String>> block = new EnumMap<>(Field.class);
    int proseRun = 0;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      Matcher m = colon > 0 && colon < 80 ? KEY.matcher(line) : null;
      Field f = null;
      boolean keyLine = false;
      String label = null;
      if (m != null && m.matches()) {
        label = normalizeLabel(m.group(1));
        keyLine = !NOT_LABELS.contains(label);
        f = LABELS.get(label);
      }
      if (!keyLine) {
        if (!line.isBlank() && ++proseRun > PROSE_GAP && !block.isEmpty()) {
          blocks.add(block);
          block = new EnumMap<>(Field.class);
        }
        continue;
      }
      proseRun = 0;
      if (f == null) continue;
      if (f == Field.PROTOCOL && !knownProtocol(m.group(2))) continue;
      String value = m.group(2).strip();
      List<String> values = new ArrayList<>();
      if (value.isEmpty() && (f == Field.TITLE || f == Field.URL)) {
        // a heading followed by a list: "Infringing Content:" then one title per line
        int j = i + 1;
        while (j < lines.length && !lines[j].isBlank() && !isKeyLine(lines[j])) {
          Matcher li = LIST_ITEM.matcher(lines[j]);
          values.add((li.matches() ? li.group(1) : lines[j]).strip());
          j++;
        }
        i = j - 1;
      } else {
        // a value wrapped onto one more line, sandwiched between two key lines
        if ((f == Field.FILE_NAME || f == Field.TITLE) && i + 2 < lines.length && !lines[i + 1].isBlank()
            && !isKeyLine(lines[i + 1]) && isKeyLine(lines[i + 2])) {
          value = value + " " + lines[i + 1].strip();
          i++;
        }
        if (!value.isEmpty()) values.add(value);
      }
      if (values.isEmpty()) continue;
      if (block.containsKey(f) && f != Field.CASE_ID) {
        blocks.add(block);
        block = new EnumMap<>(Field.class);
      }
      block.computeIfAbsent(f, k -> new ArrayList<>()).addAll(values);
    }
    if (!block.isEmpty()) blocks.add(block);
  }

  private static boolean isKeyLine(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0 || colon >= 80) return false;
    Matcher m = KEY.matcher(line);
    return m.matches() && !NOT_LABELS.contains(normalizeLabel(m.group(1)));
  }

  private static boolean knownProtocol(String v) {
    String p = Protocols.normalize(v);
    return p != null && (p.equals(Protocols.BITTORRENT) || p.equals(Protocols.EDONKEY) || p.equals(Protocols.HTTP)
        || p.equals(Protocols.FTP) || p.equals("Gnutella") || p.equals("Ares") || p.equals("DirectConnect")
        || p.equals("Usenet") || p.equals("P2P"));
  }

  /** Aligned-column or pipe tables: a header row naming at least an address column and two more. */
  private void readTables(String[] lines, List<Map<Field, List<String>>> blocks) {
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      // a header row names the address column and separates columns by tabs, pipes or runs of spaces
      if (line.length() > 2000 || !Texts.containsIgnoreCase(line, "ip")
          || (line.indexOf('\t') < 0 && line.indexOf('|') < 0 && !line.strip().contains("  "))) {
        continue;
      }
      String[] head = TABLE_SPLIT.split(line.strip());
      if (head.length < 3) continue;
      Field[] cols = new Field[head.length];
      int known = 0;
      boolean hasIp = false;
      for (int c = 0; c < head.length; c++) {
        cols[c] = LABELS.get(normalizeLabel(head[c].replace(":", "")));
        if (cols[c] != null) known++;
        if (cols[c] == Field.IP) hasIp = true;
      }
      if (known < 3 || !hasIp) continue;
      int j = i + 1;
      while (j < lines.length && (lines[j].isBlank() || lines[j].matches("^[\\s=|+-]+$"))) j++;
      while (j < lines.length && !lines[j].isBlank()) {
        String[] cells = TABLE_SPLIT.split(lines[j].strip());
        if (cells.length != head.length) break;
        Map<Field, List<String>> row = new EnumMap<>(Field.class);
        for (int c = 0; c < cells.length; c++) {
          if (cols[c] != null && !cells[c].isBlank()) row.computeIfAbsent(cols[c], k -> new ArrayList<>()).add(cells[c].strip());
        }
        blocks.add(row);
        j++;
      }
      i = j;
    }
  }

  private static String first(Map<Field, List<String>> b, Field f) {
    List<String> v = b.get(f);
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  private EventDraft toDraft(Map<Field, List<String>> b) {
    EventDraft d = new EventDraft();
    String ip = first(b, Field.IP);
    if (ip != null) {
      // "198.0.65.218:59441" and "[2001:db8::1]:6881"
      Matcher hp = Pattern.compile("^\\[?([0-9a-fA-F:.]+?)\\]?:(\\d{1,5})$").matcher(ip);
      if (hp.matches() && ip.indexOf('.') > 0 && ip.indexOf(':') == ip.lastIndexOf(':')) {
        ip = hp.group(1);
        if (!b.containsKey(Field.PORT)) d.port = Values.port(hp.group(2));
      }
      d.ipText = ip.split("\\s+")[0];
    }
    if (d.port == null) d.port = Values.port(first(b, Field.PORT));
    d.protocol = Protocols.normalize(first(b, Field.PROTOCOL));
    for (String t : b.getOrDefault(Field.TITLE, List.of())) d.title(t);
    d.fileName = Values.blankToNull(first(b, Field.FILE_NAME));
    d.fileSize = Values.size(first(b, Field.FILE_SIZE));
    d.caseId = first(b, Field.CASE_ID);
    d.rightsHolder = first(b, Field.RIGHTS_HOLDER);
    Values.hash(d, "SHA1", first(b, Field.HASH));
    String bay = first(b, Field.BAY_ID);
    if (bay != null) {
      String[] parts = bay.split("\\|");
      Values.hash(d, "BTIH", parts[0]);
      if (d.fileSize == null && parts.length > 1) d.fileSize = Values.size(parts[1]);
    }
    for (String u : b.getOrDefault(Field.URL, List.of())) {
      String url = u.replaceAll("^[\\[<(]+|[\\]>)]+$", "").strip();
      if (Values.isWebUrl(url)) d.url(url);
    }
    Optional<ReadTime> first = Values.time(d, first(b, Field.TIME_FIRST), Timestamps.SlashOrder.UNKNOWN);
    Optional<ReadTime> main = Values.time(d, first(b, Field.TIME), Timestamps.SlashOrder.UNKNOWN);
    Optional<ReadTime> last = Values.time(d, first(b, Field.TIME_LAST), Timestamps.SlashOrder.UNKNOWN);
    ReadTime primary = main.orElse(first.orElse(last.orElse(null)));
    if (primary != null) d.timestamp = primary.instant();
    first.ifPresent(t -> d.time(t.instant()));
    main.ifPresent(t -> d.time(t.instant()));
    last.ifPresent(t -> d.time(t.instant()));
    if (d.protocol == null && d.infohash != null) d.protocol = Protocols.BITTORRENT;

    boolean pinned = d.timestamp != null || d.port != null || d.infohash != null || !d.titles.isEmpty();
    if (d.ipText != null && pinned) {
      d.locationType = Protocols.isServer(d.protocol) ? LocationType.SERVER_IP : LocationType.P2P_ENDPOINT;
      return d;
    }
    if (d.ipText == null && !d.urls.isEmpty() && (!d.titles.isEmpty() || d.timestamp != null)) {
      d.locationType = LocationType.URL;
      d.domain = Values.domainOf(d.urls.getFirst());
      if (d.protocol == null) d.protocol = Protocols.HTTP;
      return d;
    }
    return null;
  }
}
