package dev.seawall.desk.parse;

import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.event.Protocols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Web notices with no IP: a list of infringing URLs under a heading, and the works under another.
 * One event per domain (each domain may belong to a different customer or CDN zone).
 */
public final class UrlNoticeParser implements NoticeParser {

  private static final Pattern URL_HEADING = Pattern.compile(
      "(?im)^\\s*(?:location\\s+of\\s+(?:the\\s+)?infringing\\s+material|infringing\\s+(?:urls?|links?|locations?|material)|"
          + "reported\\s+urls?|urls?\\s+of\\s+infringing\\s+(?:material|content)|infringing\\s+content\\s+location)"
          + "\\s*(?:\\(s\\))?\\s*:?\\s*$");
  private static final Pattern WORK_HEADING = Pattern.compile(
      "(?im)^\\s*(?:copyrighted\\s+works?(?:\\(s\\))?(?:\\s+infringed(?:\\s+upon)?)?|infringed\\s+works?(?:\\(s\\))?|"
          + "original\\s+works?|works?\\s+infringed)\\s*:?\\s*$");
  private static final Pattern URL = Pattern.compile("(?:https?|ftp)://[^\\s<>\"\\]]+");
  private static final Pattern ITEM = Pattern.compile("^\\s*(?:[-*\u2022]|\\d{1,3}[.)])?\\s*(.+?)\\s*$");

  @Override
  public String family() {
    return "url-list";
  }

  @Override
  public boolean claims(Document doc) {
    String l = doc.lower();
    return (l.contains("infring") || l.contains("url")) && URL_HEADING.matcher(doc.text()).find();
  }

  @Override
  public Extraction read(Document doc) {
    Extraction x = new Extraction();
    String text = doc.text();
    List<String> urls = new ArrayList<>();
    Matcher h = URL_HEADING.matcher(text);
    while (h.find()) urls.addAll(listAfter(text, h.end(), true));
    if (urls.isEmpty()) return x;
    List<String> works = new ArrayList<>();
    Matcher w = WORK_HEADING.matcher(text);
    if (w.find()) works.addAll(listAfter(text, w.end(), false));
    Map<String, EventDraft> byDomain = new LinkedHashMap<>();
    for (String u : urls) {
      String domain = Values.domainOf(u);
      if (domain == null) continue;
      EventDraft d = byDomain.computeIfAbsent(domain, k -> {
        EventDraft n = new EventDraft();
        n.locationType = LocationType.URL;
        n.protocol = Protocols.HTTP;
        n.domain = k;
        works.forEach(n::title);
        return n;
      });
      d.url(u);
    }
    x.events.addAll(byDomain.values());
    if (!x.events.isEmpty()) x.format = "URL list";
    return x;
  }

  /** The list under a heading: items until a second blank line or a line that is not an item. */
  private static List<String> listAfter(String text, int from, boolean urls) {
    List<String> out = new ArrayList<>();
    String[] lines = text.substring(from).split("\r?\n", 400);
    int blanks = 0;
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        if (++blanks >= 2 && !out.isEmpty()) break;
        continue;
      }
      blanks = 0;
      if (urls) {
        Matcher u = URL.matcher(line);
        if (!u.find()) break;
        out.add(u.group().replaceAll("[.,;)]+$", ""));
      } else {
        if (line.strip().endsWith(":") || URL.matcher(line).find()) break;
        Matcher m = ITEM.matcher(line);
        if (m.matches() && m.group(1).length() <= 200) out.add(m.group(1));
        else break;
      }
      if (out.size() > 10_000) break;
    }
    return out;
  }
}
