package dev.seawall.desk.store;

import dev.seawall.desk.event.FileHash;
import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.net.IpAddress;
import dev.seawall.desk.parse.ParsedNotice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Notices and their events in the database. Intake is idempotent: a notice whose identity is
 * already stored is a duplicate and changes nothing, and each batch is one transaction, so an
 * import killed midway and run again neither loses nor duplicates anything.
 */
public final class NoticeStore {

  private static final String INSERT_NOTICE = "INSERT INTO notice (notice_key, source, message_id, subject, sender,"
      + " mail_date, received_at, formats, primary_format, completeness, missing_elements, flags, notes, event_count,"
      + " state, raw_gzip, raw_size) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  private static final String INSERT_EVENT = "INSERT INTO event (notice_id, seq, sender, rights_holder, titles,"
      + " location_type, ip_text, ip_bytes, port, ts, first_seen, last_seen, protocol, infohash, file_hash_type,"
      + " file_hash, file_name, file_size, urls, web_domain, case_id, flags)"
      + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

  private final Database db;

  public NoticeStore(Database db) {
    this.db = db;
  }

  public Database database() {
    return db;
  }

  /**
   * Stores every notice of the batch not stored before, in one transaction.
   *
   * @return the outcome per notice, in the batch's order
   */
  public List<ImportOutcome> store(List<ParsedNotice> batch, Instant receivedAt) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try {
        List<ImportOutcome> out = storeIn(c, batch, receivedAt);
        c.commit();
        return out;
      } catch (SQLException e) {
        c.rollback();
        if (!"23505".equals(e.getSQLState())) throw e;
        // another desk instance stored one of these meanwhile: go one by one
        List<ImportOutcome> out = new ArrayList<>();
        for (ParsedNotice n : batch) {
          try {
            out.addAll(storeIn(c, List.of(n), receivedAt));
            c.commit();
          } catch (SQLException e2) {
            c.rollback();
            if (!"23505".equals(e2.getSQLState())) throw e2;
            out.add(ImportOutcome.DUPLICATE);
          }
        }
        return out;
      }
    }
  }

  /**
   * A batch of notices and their events, in one transaction. A notice row still IMPORTING (a
   * spreadsheet-style remnant) is replaced; notices a crash left without their events are found
   * by {@link #repairRecent} before each import.
   */
  private List<ImportOutcome> storeIn(Connection c, List<ParsedNotice> batch, Instant receivedAt) throws SQLException {
    Map<String, Remnant> known = existing(c, batch.stream().map(ParsedNotice::identity).collect(Collectors.toSet()));
    List<ImportOutcome> out = new ArrayList<>(batch.size());
    List<ParsedNotice> fresh = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    List<Long> remnants = new ArrayList<>();
    for (ParsedNotice n : batch) {
      Remnant k = known.get(n.identity());
      if (!taken.add(n.identity()) || (k != null && k.complete())) {
        out.add(ImportOutcome.DUPLICATE);
        continue;
      }
      if (k != null) remnants.add(k.id());
      fresh.add(n);
      out.add(ImportOutcome.STORED);
    }
    if (fresh.isEmpty()) return out;
    deleteNotices(c, remnants);
    long[] ids = new long[fresh.size()];
    try (PreparedStatement ps = c.prepareStatement(INSERT_NOTICE, new String[] {"id"})) {
      for (ParsedNotice n : fresh) {
        bindNotice(ps, n, receivedAt, "COMPLETE", n.events().size());
        ps.addBatch();
      }
      ps.executeBatch();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        int i = 0;
        while (keys.next() && i < ids.length) ids[i++] = keys.getLong(1);
        if (i != ids.length) throw new SQLException("database returned " + i + " keys for " + ids.length + " notices");
      }
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
      int pending = 0;
      for (int i = 0; i < fresh.size(); i++) {
        List<InfringementEvent> events = fresh.get(i).events();
        for (int s = 0; s < events.size(); s++) {
          bindEvent(ps, ids[i], s + 1, events.get(s));
          ps.addBatch();
          if (++pending == 1000) {
            ps.executeBatch();
            pending = 0;
          }
        }
      }
      if (pending > 0) ps.executeBatch();
    }
    return out;
  }

  private record Remnant(long id, boolean complete) {}

  /**
   * Removes what an interrupted import left half-stored among the most recent notices: a notice
   * whose stored events do not match its event count (H2 after kill -9 was seen to keep the notice
   * rows of a committed batch without its events), and events whose notice is gone. The next
   * import then stores those notices again. Spreadsheets being imported are left alone (they
   * resume by themselves). Cheap: only the last {@code window} notices are looked at, which is
   * far more than an unflushed tail can hold.
   *
   * @return how many notices were removed for re-import
   */
  public int repairRecent(int window) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try {
        long from;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM notice")) {
          rs.next();
          from = rs.getLong(1) - window;
        }
        List<Long> broken = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.id FROM notice n LEFT JOIN event e ON e.notice_id = n.id"
            + " WHERE n.id > ? AND NOT (n.state = 'IMPORTING' AND n.primary_format = 'spreadsheet')"
            + " GROUP BY n.id, n.event_count HAVING COUNT(e.id) <> n.event_count")) {
          ps.setLong(1, from);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) broken.add(rs.getLong(1));
          }
        }
        deleteNotices(c, broken);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM event WHERE notice_id > ?"
            + " AND NOT EXISTS (SELECT 1 FROM notice n WHERE n.id = event.notice_id)")) {
          ps.setLong(1, from);
          ps.executeUpdate();
        }
        c.commit();
        return broken.size();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void deleteNotices(Connection c, List<Long> ids) throws SQLException {
    if (ids.isEmpty()) return;
    try (PreparedStatement e = c.prepareStatement("DELETE FROM event WHERE notice_id = ?");
         PreparedStatement n = c.prepareStatement("DELETE FROM notice WHERE id = ?")) {
      for (long id : ids) {
        e.setLong(1, id);
        e.executeUpdate();
        n.setLong(1, id);
        n.executeUpdate();
      }
    }
  }

  /** Which of these identities are completely stored already (one query per 500). */
  public Set<String> storedIdentities(java.util.Collection<String> keys) throws SQLException {
    try (Connection c = db.connect()) {
      Set<String> out = new HashSet<>();
      existing(c, new HashSet<>(keys)).forEach((k, r) -> {
        if (r.complete()) out.add(k);
      });
      return out;
    }
  }

  private static Map<String, Remnant> existing(Connection c, Set<String> keys) throws SQLException {
    Map<String, Remnant> found = new HashMap<>();
    List<String> all = new ArrayList<>(keys);
    for (int from = 0; from < all.size(); from += 500) {
      List<String> part = all.subList(from, Math.min(all.size(), from + 500));
      String sql = "SELECT notice_key, id, state FROM notice WHERE notice_key IN ("
          + String.join(",", java.util.Collections.nCopies(part.size(), "?")) + ")";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < part.size(); i++) ps.setString(i + 1, part.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) found.put(rs.getString(1).strip(), new Remnant(rs.getLong(2), "COMPLETE".equals(rs.getString(3))));
        }
      }
    }
    return found;
  }

  private static void bindNotice(PreparedStatement ps, ParsedNotice n, Instant receivedAt, String state, int events)
      throws SQLException {
    ps.setString(1, n.identity());
    ps.setString(2, n.source());
    ps.setString(3, n.headers().messageId());
    ps.setString(4, n.headers().subject());
    ps.setString(5, n.headers().from());
    setTime(ps, 6, n.headers().date());
    setTime(ps, 7, receivedAt);
    ps.setString(8, String.join(",", n.formats()));
    String primary = n.primaryFormat();
    ps.setString(9, primary.length() > 64 ? primary.substring(0, 64) : primary);
    ps.setString(10, n.completeness().verdict().name());
    ps.setString(11, join(n.completeness().sortedMissing().stream().map(Enum::name).toList()));
    ps.setString(12, join(n.sortedFlags().stream().map(Enum::name).toList()));
    ps.setString(13, n.notes().isEmpty() ? null : String.join("\n", n.notes()));
    ps.setInt(14, events);
    ps.setString(15, state);
    ps.setBytes(16, gzip(n.raw()));
    ps.setLong(17, n.raw().length);
  }

  static void bindEvent(PreparedStatement ps, long noticeId, int seq, InfringementEvent e) throws SQLException {
    ps.setLong(1, noticeId);
    ps.setInt(2, seq);
    ps.setString(3, e.sender());
    ps.setString(4, e.rightsHolder());
    ps.setString(5, e.titles().isEmpty() ? null : String.join("\n", e.titles()));
    ps.setString(6, e.locationType().name());
    ps.setString(7, e.ipText());
    if (e.ip().isPresent()) ps.setBytes(8, e.ip().get().toBytes()); else ps.setNull(8, Types.VARBINARY);
    if (e.port() != null) ps.setInt(9, e.port()); else ps.setNull(9, Types.INTEGER);
    setTime(ps, 10, e.timestamp());
    setTime(ps, 11, e.firstSeen());
    setTime(ps, 12, e.lastSeen());
    ps.setString(13, e.protocol());
    ps.setString(14, e.infohash());
    ps.setString(15, e.fileHash() == null ? null : e.fileHash().type());
    ps.setString(16, e.fileHash() == null ? null : e.fileHash().value());
    ps.setString(17, e.fileName());
    if (e.fileSize() != null) ps.setLong(18, e.fileSize()); else ps.setNull(18, Types.BIGINT);
    ps.setString(19, e.urls().isEmpty() ? null : String.join("\n", e.urls()));
    ps.setString(20, e.domain());
    ps.setString(21, e.caseId());
    ps.setString(22, join(e.sortedFlags().stream().map(Enum::name).toList()));
  }

  private static String join(List<String> parts) {
    return parts.isEmpty() ? null : String.join(",", parts);
  }

  static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    else ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  static Instant time(ResultSet rs, String col) throws SQLException {
    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** The evidence is kept compressed; fast compression, since intake speed matters more than a few bytes. */
  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  // ---- large notices (spreadsheets): events go in by chunks, resumable ----

  /** Where a large notice stands: its id, how many events are stored, whether it was finished. */
  public record Progress(long noticeId, int storedEvents, boolean complete) {}

  /** Registers a large notice (without events) or finds it from an earlier, possibly killed, run. */
  public Progress beginLarge(ParsedNotice header, Instant receivedAt) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement q = c.prepareStatement("SELECT id, state FROM notice WHERE notice_key = ?")) {
        q.setString(1, header.identity());
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            long id = rs.getLong(1);
            boolean done = "COMPLETE".equals(rs.getString(2));
            c.commit();
            return new Progress(id, storedEvents(c, id), done);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement(INSERT_NOTICE, new String[] {"id"})) {
        bindNotice(ps, header, receivedAt, "IMPORTING", 0);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          long id = keys.getLong(1);
          c.commit();
          return new Progress(id, 0, false);
        }
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static int storedEvents(Connection c, long noticeId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM event WHERE notice_id = ?")) {
      ps.setLong(1, noticeId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Appends events numbered from {@code firstSeq}, in one transaction. */
  public void appendEvents(long noticeId, int firstSeq, List<InfringementEvent> events) throws SQLException {
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
        for (int i = 0; i < events.size(); i++) {
          bindEvent(ps, noticeId, firstSeq + i, events.get(i));
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  public void finishLarge(long noticeId, int eventCount, Set<Flag> flags) throws SQLException {
    try (Connection c = db.connect();
         PreparedStatement ps = c.prepareStatement("UPDATE notice SET state = 'COMPLETE', event_count = ?, flags = ? WHERE id = ?")) {
      ps.setInt(1, eventCount);
      ps.setString(2, flags.isEmpty() ? null : join(EnumSet.copyOf(flags).stream().map(Enum::name).toList()));
      ps.setLong(3, noticeId);
      ps.executeUpdate();
    }
  }

  // ---- reading ----

  public record Counts(long notices, long events, Map<String, Long> byFormat) {}

  public Counts counts() throws SQLException {
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      long notices, events;
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM notice")) {
        rs.next();
        notices = rs.getLong(1);
      }
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM event")) {
        rs.next();
        events = rs.getLong(1);
      }
      Map<String, Long> byFormat = new java.util.TreeMap<>();
      try (ResultSet rs = st.executeQuery("SELECT primary_format, COUNT(*) FROM notice GROUP BY primary_format")) {
        while (rs.next()) byFormat.put(rs.getString(1), rs.getLong(2));
      }
      return new Counts(notices, events, byFormat);
    }
  }

  /** The notice as received. */
  public Optional<byte[]> raw(long noticeId) throws SQLException {
    try (Connection c = db.connect();
         PreparedStatement ps = c.prepareStatement("SELECT raw_gzip FROM notice WHERE id = ?")) {
      ps.setLong(1, noticeId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) return Optional.empty();
        return Optional.of(gunzip(rs.getBytes(1)));
      } catch (IOException e) {
        throw new SQLException("stored notice " + noticeId + " is not valid gzip: " + e.getMessage(), e);
      }
    }
  }

  /** Streams every event in intake order (oldest first), with its notice's source and date. */
  public void forEachEvent(Instant since, Instant until, Consumer<EventRow> sink) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT e.*, n.source AS n_source, n.message_id AS n_mid, n.mail_date AS n_date,"
        + " n.flags AS n_flags FROM event e JOIN notice n ON n.id = e.notice_id");
    List<Instant> params = new ArrayList<>();
    if (since != null || until != null) {
      sql.append(" WHERE 1=1");
      if (since != null) { sql.append(" AND e.ts >= ?"); params.add(since); }
      if (until != null) { sql.append(" AND e.ts < ?"); params.add(until); }
    }
    sql.append(" ORDER BY e.notice_id, e.seq");
    try (Connection c = db.connect()) {
      c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        ps.setFetchSize(1000);
        for (int i = 0; i < params.size(); i++) setTime(ps, i + 1, params.get(i));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) sink.accept(row(rs));
        }
      }
      c.commit();
    }
  }

  private static EventRow row(ResultSet rs) throws SQLException {
    byte[] ipBytes = rs.getBytes("ip_bytes");
    Optional<IpAddress> ip = ipBytes == null ? Optional.empty() : Optional.of(IpAddress.ofBytes(ipBytes));
    String hashValue = rs.getString("file_hash");
    FileHash fh = hashValue == null ? null : new FileHash(rs.getString("file_hash_type"), hashValue);
    Integer port = rs.getObject("port") == null ? null : rs.getInt("port");
    Long size = rs.getObject("file_size") == null ? null : rs.getLong("file_size");
    String infohash = rs.getString("infohash");
    InfringementEvent e = new InfringementEvent(rs.getString("sender"), rs.getString("rights_holder"),
        lines(rs.getString("titles")), LocationType.valueOf(rs.getString("location_type")), rs.getString("ip_text"), ip,
        port, time(rs, "ts"), time(rs, "first_seen"), time(rs, "last_seen"), rs.getString("protocol"),
        infohash == null ? null : infohash.strip(), fh, rs.getString("file_name"), size, lines(rs.getString("urls")),
        rs.getString("web_domain"), rs.getString("case_id"), flags(rs.getString("flags")));
    String mid = rs.getString("n_mid");
    return new EventRow(rs.getLong("id"), rs.getLong("notice_id"), rs.getInt("seq"), mid != null ? mid : rs.getString("n_source"),
        time(rs, "n_date"), rs.getString("n_flags"), e);
  }

  private static List<String> lines(String s) {
    return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
  }

  static Set<Flag> flags(String s) {
    Set<Flag> out = EnumSet.noneOf(Flag.class);
    if (s == null || s.isBlank()) return out;
    Map<String, Flag> byName = new HashMap<>();
    for (Flag f : Flag.values()) byName.put(f.name(), f);
    for (String p : s.split(",")) {
      Flag f = byName.get(p.strip());
      if (f != null) out.add(f);
    }
    return out;
  }
}
