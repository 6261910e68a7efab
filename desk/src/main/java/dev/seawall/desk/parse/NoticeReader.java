package dev.seawall.desk.parse;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.net.IpAddress;
import dev.seawall.desk.validity.Completeness;
import dev.seawall.desk.validity.CompletenessCheck;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one notice, whatever its format: unpacks containers, runs every parser that recognises a
 * part, reconciles the XML with the text of the same part (filling gaps, flagging
 * TEXT_XML_MISMATCH), merges the same observation seen in several parts, and checks plausibility
 * and §512(c)(3) completeness. Never throws on bad input; thread-safe.
 */
public final class NoticeReader {

  private static final int MAX_DOCUMENTS = 500;
  private static final Duration FUTURE_TOLERANCE = Duration.ofHours(1);
  private static final Duration STALE = Duration.ofDays(180);
  private static final Duration SAME_TIME = Duration.ofSeconds(1);
  private static final Pattern SETTLEMENT = Pattern.compile(
      "(?i)settlement\\s+(?:offer|link|website|system|information|amount)|offer\\s+of\\s+settlement|settle\\s+(?:online|this\\s+matter)");

  private final MimeParser mime = new MimeParser();
  private final List<NoticeParser> structured = List.of(new AcnsParser(), new IrmaParser(), new IodefParser(), new XarfParser());
  private final CdnForwardParser cdn = new CdnForwardParser();
  private final UrlNoticeParser urlList = new UrlNoticeParser();
  private final EvidenceTextParser evidence = new EvidenceTextParser();

  public ParsedNotice read(byte[] raw, String source) {
    Objects.requireNonNull(raw, "raw");
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    List<String> notes = new ArrayList<>();
    Set<String> formats = new LinkedHashSet<>();
    List<EventDraft> all = new ArrayList<>();
    StringBuilder allText = new StringBuilder();
    MailHeaders headers = null;
    boolean signed = false;

    Deque<Document> queue = new ArrayDeque<>();
    queue.add(Document.ofBytes(source, MimeParser.isGzip(raw) ? "application/gzip" : "", raw, null, 0));
    int seen = 0;
    while (!queue.isEmpty()) {
      Document doc = queue.poll();
      if (++seen > MAX_DOCUMENTS) {
        notes.add("more than " + MAX_DOCUMENTS + " parts; the rest not read");
        flags.add(Flag.PARSE_ERROR);
        break;
      }
      try {
        if (MimeParser.isGzip(doc.bytes())) {
          Extraction g = new Extraction();
          byte[] plain = MimeParser.gunzip(doc.bytes(), doc.name(), g);
          flags.addAll(g.flags);
          notes.addAll(g.notes);
          if (plain != null) queue.add(Document.ofBytes(doc.name(), MimeParser.sniffType(doc.name(), plain), plain, null, doc.depth() + 1));
          continue;
        }
        if (mime.claims(doc)) {
          Extraction x = mime.read(doc);
          formats.add(x.format);
          flags.addAll(x.flags);
          notes.addAll(x.notes);
          if (headers == null && x.headers != null) headers = x.headers;
          signed |= x.signed;
          queue.addAll(x.children);
          continue;
        }
        String text = doc.text();
        if (PgpClearSign.isSigned(text)) {
          signed = true;
          text = PgpClearSign.unescape(text);
          doc = Document.ofText(doc.name(), doc.mediaType(), text, doc.depth());
        }
        allText.append(text).append('\n');
        all.addAll(readPart(doc, formats, flags, notes));
      } catch (RuntimeException | StackOverflowError e) {
        // a parser bug must cost one part, not the notice
        flags.add(Flag.PARSE_ERROR);
        notes.add(doc.name() + ": " + e.getClass().getSimpleName() + " while reading (" + e.getMessage() + ")");
      }
    }
    if (headers == null) headers = MailHeaders.NONE;

    List<EventDraft> merged = mergeSameObservation(all);
    List<InfringementEvent> events = new ArrayList<>(merged.size());
    String text = allText.toString();
    String allLower = text.toLowerCase(java.util.Locale.ROOT);
    boolean settlement = allLower.contains("settle") && SETTLEMENT.matcher(text).find();
    for (EventDraft d : merged) {
      if (d.sender == null) d.sender = headers.from();
      plausibility(d, headers.date());
      events.add(d.finish());
    }
    boolean isMail = formats.contains("MIME");
    if (isMail && headers.date() == null) flags.add(Flag.NO_DATE_HEADER);
    if (settlement) flags.add(Flag.SETTLEMENT_OFFER);
    if (events.isEmpty()) flags.add(Flag.NO_EVENTS);
    for (InfringementEvent e : events) {
      for (Flag f : e.flags()) {
        if (f == Flag.XML_MALFORMED || f == Flag.TEXT_XML_MISMATCH) flags.add(f);
      }
    }
    Completeness completeness = CompletenessCheck.check(text, allLower, events, signed, headers.from() != null);
    return new ParsedNotice(identity(raw), source, headers, new ArrayList<>(formats), events, flags, notes,
        completeness, raw);
  }

  private List<EventDraft> readPart(Document doc, Set<String> formats, Set<Flag> flags, List<String> notes) {
    List<EventDraft> xml = new ArrayList<>();
    for (NoticeParser p : structured) {
      if (!p.claims(doc)) continue;
      Extraction x = p.read(doc);
      if (x.format != null) formats.add(x.format);
      flags.addAll(x.flags);
      notes.addAll(x.notes);
      xml.addAll(x.events);
    }
    List<EventDraft> text = new ArrayList<>();
    if (cdn.claims(doc)) {
      Extraction x = cdn.read(doc);
      if (x.format != null) formats.add(x.format);
      text.addAll(x.events);
    }
    if (text.isEmpty() && xml.isEmpty() && urlList.claims(doc)) {
      Extraction x = urlList.read(doc);
      if (x.format != null) formats.add(x.format);
      text.addAll(x.events);
    }
    if (text.isEmpty() && evidence.claims(doc)) {
      Extraction x = evidence.read(doc);
      if (x.format != null && xml.isEmpty()) formats.add(x.format);
      text.addAll(x.events);
    }
    if (xml.isEmpty()) return text;
    for (EventDraft t : text) {
      EventDraft s = correspondent(xml, t);
      if (s == null) {
        if (t.ip().isPresent()) {
          t.flags.add(Flag.TEXT_ONLY);
          xml.add(t);
        }
        continue;
      }
      if (disagree(s, t)) {
        s.flags.add(Flag.TEXT_XML_MISMATCH);
        notes.add(doc.name() + ": text and XML disagree for " + (s.ipText != null ? s.ipText : s.urls));
      }
      s.fillFrom(t);
    }
    return xml;
  }

  private static EventDraft correspondent(List<EventDraft> xml, EventDraft t) {
    Optional<IpAddress> tip = t.ip();
    for (EventDraft s : xml) {
      if (tip.isPresent() && tip.equals(s.ip())) return s;
      if (t.ipText != null && t.ipText.equals(s.ipText)) return s;
      if (t.ipText == null && s.ipText == null && !t.urls.isEmpty() && s.urls.contains(t.urls.getFirst())) return s;
    }
    return null;
  }

  /** The same observation described twice, differently (ACNS TEXT_XML_MISMATCH). */
  static boolean disagree(EventDraft xml, EventDraft text) {
    if (xml.port != null && text.port != null && !xml.port.equals(text.port)) return true;
    if (xml.infohash != null && text.infohash != null && !xml.infohash.equals(text.infohash)) return true;
    if (!xml.mentionedTimes.isEmpty() && !text.mentionedTimes.isEmpty()) {
      boolean common = false;
      for (Instant a : text.mentionedTimes) {
        for (Instant b : xml.mentionedTimes) {
          if (Duration.between(a, b).abs().compareTo(SAME_TIME) <= 0) common = true;
        }
      }
      if (!common) return true;
    }
    if (xml.fileSize != null && text.fileSize != null) {
      long a = xml.fileSize, b = text.fileSize;
      // sizes quoted in MB on one side and bytes on the other agree within the rounding of a unit
      if (Math.abs(a - b) > Math.max(1L << 20, Math.max(a, b) / 50)) return true;
    }
    return false;
  }

  /** One observation reported in several parts (IODEF record + attached original) is one event. */
  private static List<EventDraft> mergeSameObservation(List<EventDraft> drafts) {
    List<EventDraft> out = new ArrayList<>();
    for (EventDraft d : drafts) {
      EventDraft same = null;
      for (EventDraft o : out) {
        if (d.ipText != null && Objects.equals(d.ipText, o.ipText) && Objects.equals(d.port, o.port)
            && d.timestamp != null && d.timestamp.equals(o.timestamp)
            && (d.infohash == null || o.infohash == null || d.infohash.equals(o.infohash))) {
          same = o;
          break;
        }
      }
      if (same == null) {
        out.add(d);
      } else {
        same.fillFrom(d);
        same.flags.addAll(d.flags);
        same.flags.remove(Flag.TEXT_ONLY);
      }
    }
    return out;
  }

  private static void plausibility(EventDraft d, Instant noticeDate) {
    Optional<IpAddress> ip = d.ip();
    if (d.ipText != null && ip.isEmpty()) d.flags.add(Flag.IP_INVALID);
    if (ip.isPresent() && ip.get().isNotPublic()) d.flags.add(Flag.IP_NOT_PUBLIC);
    if (d.ipText == null && d.urls.isEmpty() && d.domain == null) d.flags.add(Flag.NO_LOCATION);
    LocationType type = d.locationType;
    if (d.timestamp == null && d.ipText != null && type != LocationType.URL && !d.flags.contains(Flag.TIME_UNREADABLE)) {
      d.flags.add(Flag.TIME_MISSING);
    }
    if (d.timestamp != null) d.flags.remove(Flag.TIME_MISSING);
    if (d.timestamp != null && noticeDate != null) {
      if (d.timestamp.isAfter(noticeDate.plus(FUTURE_TOLERANCE))) d.flags.add(Flag.TIME_AFTER_NOTICE);
      if (d.timestamp.isBefore(noticeDate.minus(STALE))) d.flags.add(Flag.TIME_STALE);
    }
  }

  /**
   * The notice's identity, from its bytes alone (cheap: callers use it to skip notices already
   * stored without parsing them): SHA-256 of the Message-ID and the body when the notice is a mail
   * with a Message-ID, so transport headers added on the way do not matter; of the bytes otherwise.
   * Line ends do not matter either.
   */
  public static String identity(byte[] raw) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] mail = MailSniffer.withoutMboxLine(raw);
    int body = bodyStart(mail);
    String messageId = messageId(mail, body);
    if (messageId != null) {
      sha.update(("mid:" + messageId + "\n").getBytes(StandardCharsets.UTF_8));
      updateNormalized(sha, mail, body);
    } else {
      updateNormalized(sha, raw, 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** The Message-ID header's value (unfolded, blanks collapsed) from the header block, or null. */
  private static String messageId(byte[] mail, int bodyStart) {
    String head = new String(mail, 0, Math.min(bodyStart, mail.length), StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < head.length()) {
      int nl = head.indexOf('\n', at);
      int end = nl < 0 ? head.length() : nl;
      if (head.regionMatches(true, at, "Message-ID:", 0, 11)) {
        StringBuilder v = new StringBuilder(head.substring(at + 11, end));
        while (end + 1 < head.length() && (head.charAt(end + 1) == ' ' || head.charAt(end + 1) == '\t')) {
          int next = head.indexOf('\n', end + 1);
          if (next < 0) next = head.length();
          v.append(' ').append(head, end + 1, next);
          end = next;
        }
        String id = v.toString().replace('\r', ' ').replaceAll("\\s+", " ").strip();
        return id.isEmpty() ? null : id;
      }
      at = end + 1;
    }
    return null;
  }

  /** Offset after the header block, so transport headers added on the way do not change identity. */
  private static int bodyStart(byte[] raw) {
    for (int i = 0; i + 1 < raw.length; i++) {
      if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n'))) {
        return i + 1;
      }
    }
    return raw.length;
  }

  /** CRLF and LF line ends hash alike. */
  private static void updateNormalized(MessageDigest sha, byte[] raw, int from) {
    int start = from;
    for (int i = from; i < raw.length; i++) {
      if (raw[i] == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') {
        sha.update(raw, start, i - start);
        start = i + 1;
      }
    }
    sha.update(raw, start, raw.length - start);
  }
}
