package dev.seawall.desk.parse;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.event.Protocols;
import dev.seawall.desk.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CDN or reverse proxy forwarding a web complaint to the origin host ("The actual host for
 * example.com are the following IP addresses …"). The IP it names is the origin server, not an
 * infringer: events are SERVER_IP, flagged {@link Flag#CDN_ORIGIN_IP}, one per origin address.
 */
public final class CdnForwardParser implements NoticeParser {

  private static final Pattern ORIGIN = Pattern.compile(
      "(?is)(?:actual|origin(?:al)?|backend|back-end)\\s+(?:host|server|ip(?:\\s+address)?)(?:s)?\\s+(?:for|of)\\s+([a-z0-9.-]+\\.[a-z]{2,})"
          + "\\s+(?:is|are)\\s+(?:the\\s+following\\s+ip\\s+address(?:es)?)?[:.]?\\s*((?:[0-9a-f:.]+[\\s,;]*(?:and\\s+)?)+)");
  private static final Pattern REPORTED = Pattern.compile("(?im)^\\s*(?:reported|infringing)\\s+urls?\\s*:?\\s*$");
  private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"\\]]+");
  private static final Pattern HOLDER = Pattern.compile("(?im)^\\s*copyright\\s+holder'?s?\\s+name\\s*:\\s*(.+)$");
  private static final Pattern REPORTER = Pattern.compile("(?im)^\\s*reporter'?s?\\s+e-?mail(?:\\s+address)?\\s*:\\s*(\\S+@\\S+)");
  private static final Pattern WORK = Pattern.compile("(?im)^\\s*original\\s+work\\s*:\\s*(.+)$");

  @Override
  public String family() {
    return "cdn-forward";
  }

  @Override
  public boolean claims(Document doc) {
    String l = doc.lower();
    return (l.contains("actual host") || l.contains("actual server") || l.contains("origin") || l.contains("backend")
        || l.contains("back-end")) && ORIGIN.matcher(doc.text()).find();
  }

  @Override
  public Extraction read(Document doc) {
    Extraction x = new Extraction();
    String text = doc.text();
    Matcher m = ORIGIN.matcher(text);
    if (!m.find()) return x;
    String domain = m.group(1).toLowerCase(java.util.Locale.ROOT);
    List<String> ips = new ArrayList<>();
    for (String tok : m.group(2).split("[\\s,;]+")) {
      String t = tok.replaceAll("\\.$", "");
      if (IpAddress.parse(t).isPresent() && !ips.contains(t)) ips.add(t);
    }
    List<String> urls = reportedUrls(text);
    String holder = group(HOLDER, text);
    String reporter = group(REPORTER, text);
    String work = group(WORK, text);
    x.format = "CDN forward";
    for (String ip : ips) {
      EventDraft d = new EventDraft();
      d.ipText = ip;
      d.locationType = LocationType.SERVER_IP;
      d.protocol = Protocols.HTTP;
      d.domain = domain;
      d.rightsHolder = holder;
      d.sender = reporter;
      if (work != null) d.title(work.length() > 200 ? work.substring(0, 200) : work);
      urls.forEach(d::url);
      d.flags.add(Flag.CDN_ORIGIN_IP);
      x.events.add(d);
    }
    return x;
  }

  static List<String> reportedUrls(String text) {
    List<String> out = new ArrayList<>();
    Matcher h = REPORTED.matcher(text);
    if (!h.find()) return out;
    String[] lines = text.substring(h.end()).split("\r?\n");
    int blank = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        if (!out.isEmpty() || ++blank > 2) { if (!out.isEmpty()) break; }
        continue;
      }
      Matcher u = URL.matcher(line);
      if (!u.find()) break;
      out.add(u.group());
    }
    return out;
  }

  private static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(1).strip() : null;
  }
}
