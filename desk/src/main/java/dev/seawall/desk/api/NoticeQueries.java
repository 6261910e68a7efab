package dev.seawall.desk.api;

import dev.seawall.desk.event.FileHash;
import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.match.EventMatcher;
import dev.seawall.desk.match.Match;
import dev.seawall.desk.net.IpAddress;
import dev.seawall.desk.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads notices and events for the API and the dashboard: pages (newest first, by id cursor), one
 * notice with its events, events filtered by time, verdict and customer. The match is computed on
 * the way out against the registry given, so it always reflects the registry as it is now.
 */
public final class NoticeQueries {
  /** Rows looked at per request at most when filters leave most of them out: a page may come back short. */
  static final int SCAN_LIMIT = 20_000;

  private final Database db;

  public NoticeQueries(Database db) {
    this.db = db;
  }

  /** What to list. Every field may be null (no filter). */
  public record EventFilter(Long before, int limit, Instant since, Instant until, String verdict, String customer,
      Long noticeId, String ip) {}

  public Page<NoticeView> notices(Long before, int limit, String sender, String completeness) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT * FROM notice WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (before != null) { sql.append(" AND id < ?"); args.add(before); }
    if (sender != null) { sql.append(" AND LOWER(sender) LIKE ?"); args.add("%" + sender.toLowerCase(java.util.Locale.ROOT) + "%"); }
    if (completeness != null) { sql.append(" AND completeness = ?"); args.add(completeness); }
    sql.append(" ORDER BY id DESC LIMIT ").append(limit + 1);
    List<NoticeView> out = new ArrayList<>();
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(notice(rs, List.of()));
      }
    }
    Long next = null;
    if (out.size() > limit) {
      out = out.subList(0, limit);
      next = out.getLast().id();
    }
    return new Page<>(out, next);
  }

  public Optional<NoticeView> notice(long id, EventMatcher matcher) throws SQLException {
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT * FROM notice WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        NoticeView n = notice(rs, List.of());
        List<EventView> events = new ArrayList<>();
        try (PreparedStatement e = c.prepareStatement(EVENTS + " WHERE e.notice_id = ? ORDER BY e.seq")) {
          e.setLong(1, id);
          try (ResultSet ers = e.executeQuery()) {
            while (ers.next()) events.add(event(ers, matcher));
          }
        }
        return Optional.of(withEvents(n, events));
      }
    }
  }

  /** A stored notice's id and how many events it has. */
  public record Stored(long id, int events) {}

  /** The stored notice with this identity (see NoticeReader.identity). */
  public Optional<Stored> stored(String identity) throws SQLException {
    try (Connection c = db.connect();
         PreparedStatement ps = c.prepareStatement("SELECT id, event_count FROM notice WHERE notice_key = ?")) {
      ps.setString(1, identity);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Stored(rs.getLong(1), rs.getInt(2))) : Optional.empty();
      }
    }
  }

  private static final String EVENTS = "SELECT e.*, n.mail_date AS n_date, n.flags AS n_flags FROM event e JOIN notice n ON n.id = e.notice_id";

  public Page<EventView> events(EventFilter f, EventMatcher matcher) throws SQLException {
    StringBuilder sql = new StringBuilder(EVENTS + " WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (f.since() != null) { sql.append(" AND e.ts >= ?"); args.add(f.since()); }
    if (f.until() != null) { sql.append(" AND e.ts < ?"); args.add(f.until()); }
    if (f.noticeId() != null) { sql.append(" AND e.notice_id = ?"); args.add(f.noticeId()); }
    if (f.ip() != null) {
      IpAddress ip = IpAddress.parse(f.ip()).orElseThrow(() -> ApiError.badRequest("ip", "'" + f.ip() + "' is not an IP address"));
      sql.append(" AND e.ip_bytes = ?");
      args.add(ip.toBytes());
    }
    boolean filtered = f.verdict() != null || f.customer() != null;
    int batch = filtered ? 500 : f.limit() + 1;
    List<EventView> out = new ArrayList<>();
    Long cursor = f.before();
    int scanned = 0;
    boolean exhausted = false;
    try (Connection c = db.connect()) {
      while (out.size() <= f.limit() && scanned < SCAN_LIMIT) {
        String q = sql + (cursor != null ? " AND e.id < ?" : "") + " ORDER BY e.id DESC LIMIT " + batch;
        int got = 0;
        try (PreparedStatement ps = c.prepareStatement(q)) {
          List<Object> a = new ArrayList<>(args);
          if (cursor != null) a.add(cursor);
          bind(ps, a);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              got++;
              EventView e = event(rs, matcher);
              cursor = e.id();
              if (f.verdict() != null && !f.verdict().equals(e.match().verdict())) continue;
              if (f.customer() != null && !f.customer().equals(e.match().customer())) continue;
              out.add(e);
              if (out.size() > f.limit()) break;
            }
          }
        }
        scanned += got;
        if (got < batch) {
          exhausted = true;
          break;
        }
      }
    }
    Long next = null;
    if (out.size() > f.limit()) {
      out = out.subList(0, f.limit());
      next = out.getLast().id();
    } else if (!exhausted) {
      next = cursor; // the scan limit was reached: continue from where it stopped
    }
    return new Page<>(out, next);
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof Instant t) ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      else ps.setObject(i + 1, a);
    }
  }

  private static NoticeView notice(ResultSet rs, List<EventView> events) throws SQLException {
    return new NoticeView(rs.getLong("id"), rs.getString("source"), rs.getString("message_id"), rs.getString("subject"),
        rs.getString("sender"), time(rs, "mail_date"), time(rs, "received_at"), list(rs.getString("formats"), ","),
        rs.getString("primary_format"), rs.getString("completeness"), list(rs.getString("missing_elements"), ","),
        list(rs.getString("flags"), ","), list(rs.getString("notes"), "\n"), rs.getInt("event_count"),
        rs.getString("state"), rs.getLong("raw_size"), events);
  }

  private static NoticeView withEvents(NoticeView n, List<EventView> events) {
    return new NoticeView(n.id(), n.source(), n.messageId(), n.subject(), n.sender(), n.mailDate(), n.receivedAt(),
        n.formats(), n.primaryFormat(), n.completeness(), n.missingElements(), n.flags(), n.notes(), n.eventCount(),
        n.state(), n.rawSize(), events);
  }

  private static EventView event(ResultSet rs, EventMatcher matcher) throws SQLException {
    InfringementEvent e = infringement(rs);
    Match m = matcher.match(e, time(rs, "n_date"));
    List<String> flags = new ArrayList<>(e.sortedFlags().stream().map(Enum::name).toList());
    for (String nf : list(rs.getString("n_flags"), ",")) if (!flags.contains(nf)) flags.add(nf);
    return new EventView(rs.getLong("id"), rs.getLong("notice_id"), rs.getInt("seq"), e.sender(), e.rightsHolder(), e.titles(),
        e.locationType().name(), e.ipText(), e.port(), e.timestamp(), e.firstSeen(), e.lastSeen(), e.protocol(), e.infohash(),
        e.fileHash() == null ? null : e.fileHash().type(), e.fileHash() == null ? null : e.fileHash().value(), e.fileName(),
        e.fileSize(), e.urls(), e.domain(), e.caseId(), flags, MatchView.of(m));
  }

  /** The stored event as the matcher needs it. */
  static InfringementEvent infringement(ResultSet rs) throws SQLException {
    byte[] ipBytes = rs.getBytes("ip_bytes");
    String hashValue = rs.getString("file_hash");
    String infohash = rs.getString("infohash");
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    for (String f : list(rs.getString("flags"), ",")) {
      try {
        flags.add(Flag.valueOf(f));
      } catch (IllegalArgumentException ignored) {
        // a flag written by a newer desk version: not one this version can act on
      }
    }
    return new InfringementEvent(rs.getString("sender"), rs.getString("rights_holder"), list(rs.getString("titles"), "\n"),
        LocationType.valueOf(rs.getString("location_type")), rs.getString("ip_text"),
        ipBytes == null ? Optional.empty() : Optional.of(IpAddress.ofBytes(ipBytes)),
        rs.getObject("port") == null ? null : rs.getInt("port"), time(rs, "ts"), time(rs, "first_seen"), time(rs, "last_seen"),
        rs.getString("protocol"), infohash == null ? null : infohash.strip(),
        hashValue == null ? null : new FileHash(rs.getString("file_hash_type"), hashValue), rs.getString("file_name"),
        rs.getObject("file_size") == null ? null : rs.getLong("file_size"), list(rs.getString("urls"), "\n"),
        rs.getString("web_domain"), rs.getString("case_id"), flags);
  }

  static Instant time(ResultSet rs, String col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static List<String> list(String s, String sep) {
    if (s == null || s.isBlank()) return List.of();
    return Arrays.stream(s.split(sep)).map(String::strip).filter(x -> !x.isEmpty()).toList();
  }
}
