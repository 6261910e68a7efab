package dev.seawall.desk.intake;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.InfoHashes;
import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.event.Protocols;
import dev.seawall.desk.net.IpAddress;
import dev.seawall.desk.parse.MailHeaders;
import dev.seawall.desk.parse.ParsedNotice;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.time.ReadTime;
import dev.seawall.desk.time.Timestamps;
import dev.seawall.desk.validity.CompletenessCheck;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rights holders' hit lists (CSV or .xlsx; the TorGuard case had 250,000 rows): one notice for the
 * file, one event per row. Columns are chosen by their header (IP, port, time, title, hash, file
 * name, protocol, in any order and common spellings). Rows go in by chunks and a killed import
 * resumes where it stopped. A row whose address or time cannot be read is kept and flagged.
 */
public final class SpreadsheetImport {
  private static final int CHUNK = 5000;

  enum Column { IP, PORT, TIME, TITLE, HASH, FILE, PROTOCOL }

  private static final Map<String, Column> HEADERS = Map.ofEntries(
      Map.entry("ip", Column.IP), Map.entry("ipaddress", Column.IP), Map.entry("ipaddr", Column.IP),
      Map.entry("sourceip", Column.IP), Map.entry("infringerip", Column.IP), Map.entry("infringersipaddress", Column.IP),
      Map.entry("infringeripaddress", Column.IP), Map.entry("peerip", Column.IP), Map.entry("address", Column.IP),
      Map.entry("port", Column.PORT), Map.entry("sourceport", Column.PORT), Map.entry("peerport", Column.PORT),
      Map.entry("infringerport", Column.PORT), Map.entry("portid", Column.PORT),
      Map.entry("timestamp", Column.TIME), Map.entry("time", Column.TIME), Map.entry("date", Column.TIME),
      Map.entry("hitdate", Column.TIME), Map.entry("datetime", Column.TIME), Map.entry("datetimeutc", Column.TIME),
      Map.entry("timeutc", Column.TIME), Map.entry("timestamputc", Column.TIME), Map.entry("observed", Column.TIME),
      Map.entry("firstseen", Column.TIME), Map.entry("detected", Column.TIME), Map.entry("utc", Column.TIME),
      Map.entry("hittime", Column.TIME), Map.entry("dateutc", Column.TIME),
      Map.entry("title", Column.TITLE), Map.entry("work", Column.TITLE), Map.entry("asset", Column.TITLE),
      Map.entry("worktitle", Column.TITLE), Map.entry("content", Column.TITLE),
      Map.entry("infohash", Column.HASH), Map.entry("hash", Column.HASH), Map.entry("torrenthash", Column.HASH),
      Map.entry("btih", Column.HASH), Map.entry("sha1", Column.HASH), Map.entry("infohashsha1", Column.HASH),
      Map.entry("filename", Column.FILE), Map.entry("file", Column.FILE),
      Map.entry("protocol", Column.PROTOCOL), Map.entry("network", Column.PROTOCOL));

  private final NoticeStore store;
  private final Clock clock;

  public SpreadsheetImport(NoticeStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public ImportSummary run(Path file, String sender) throws IOException, SQLException {
    byte[] bytes = Files.readAllBytes(file);
    List<List<String>> rows = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx")
        ? XlsxReader.read(file) : csvRows(bytes);
    if (rows.isEmpty()) throw new IOException(file + ": empty spreadsheet");
    Column[] cols = columns(rows.getFirst());
    if (!java.util.Arrays.asList(cols).contains(Column.IP)) {
      throw new IOException(file + ": no IP column among the headers " + rows.getFirst()
          + " (expected one of: IP, IP Address, Source IP, Infringer IP …)");
    }
    List<InfringementEvent> sample = new ArrayList<>();
    for (int i = 1; i < Math.min(rows.size(), 101); i++) sample.add(event(rows.get(i), cols, sender));
    ParsedNotice header = new ParsedNotice(sha256(bytes), file.toString(),
        new MailHeaders(null, sender, file.getFileName().toString(), null, null), List.of("spreadsheet"), List.of(),
        Set.of(), List.of(), CompletenessCheck.check("", sample, false, sender != null), bytes);
    ImportSummary summary = new ImportSummary();
    summary.read = 1;
    NoticeStore.Progress p = store.beginLarge(header, clock.instant());
    if (p.complete()) {
      summary.duplicates = 1;
      return summary;
    }
    Set<Flag> noticeFlags = EnumSet.noneOf(Flag.class);
    int stored = p.storedEvents();
    List<InfringementEvent> chunk = new ArrayList<>(CHUNK);
    long flaggedEvents = 0;
    int seq = 0;
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.stream().allMatch(String::isBlank)) continue;
      seq++;
      InfringementEvent e = event(row, cols, sender);
      if (!e.flags().isEmpty()) flaggedEvents++;
      noticeFlags.addAll(e.flags());
      if (seq <= stored) continue; // stored by an earlier, interrupted run
      chunk.add(e);
      if (chunk.size() == CHUNK) {
        store.appendEvents(p.noticeId(), seq - chunk.size() + 1, chunk);
        summary.events += chunk.size();
        chunk.clear();
      }
    }
    if (!chunk.isEmpty()) {
      store.appendEvents(p.noticeId(), seq - chunk.size() + 1, chunk);
      summary.events += chunk.size();
    }
    store.finishLarge(p.noticeId(), seq, noticeFlags);
    summary.stored = 1;
    summary.flagged = flaggedEvents > 0 ? 1 : 0;
    summary.perFormat.put("spreadsheet", 1L);
    return summary;
  }

  private static List<List<String>> csvRows(byte[] bytes) throws IOException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    List<String> header = new ArrayList<>();
    Csv csv = Csv.open(new StringReader(text), header);
    List<List<String>> rows = new ArrayList<>();
    rows.add(header);
    for (List<String> r; (r = csv.next()) != null; ) rows.add(r);
    return rows;
  }

  static Column[] columns(List<String> header) {
    Column[] out = new Column[header.size()];
    for (int i = 0; i < header.size(); i++) {
      String k = header.get(i).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
      Column c = HEADERS.get(k);
      if (c == null && (k.endsWith("utc") || k.endsWith("gmt"))) c = HEADERS.get(k.substring(0, k.length() - 3));
      if (c != null && !java.util.Arrays.asList(out).contains(c)) out[i] = c;
    }
    return out;
  }

  static InfringementEvent event(List<String> row, Column[] cols, String sender) {
    String ip = null, port = null, time = null, title = null, hash = null, file = null, protocol = null;
    for (int i = 0; i < cols.length && i < row.size(); i++) {
      if (cols[i] == null) continue;
      String v = row.get(i).strip();
      if (v.isEmpty()) continue;
      switch (cols[i]) {
        case IP -> ip = v;
        case PORT -> port = v;
        case TIME -> time = v;
        case TITLE -> title = v;
        case HASH -> hash = v;
        case FILE -> file = v;
        case PROTOCOL -> protocol = v;
      }
    }
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    Optional<IpAddress> addr = IpAddress.parse(ip);
    if (ip == null) flags.add(Flag.NO_LOCATION);
    else if (addr.isEmpty()) flags.add(Flag.IP_INVALID);
    else if (addr.get().isNotPublic()) flags.add(Flag.IP_NOT_PUBLIC);
    Integer p = null;
    if (port != null) {
      try {
        int v = Integer.parseInt(port.replaceAll("\\.0+$", ""));
        if (v >= 0 && v <= 65535) p = v;
      } catch (NumberFormatException e) {
        // left empty; the row stays
      }
    }
    Instant ts = null;
    if (time == null) {
      flags.add(Flag.TIME_MISSING);
    } else {
      Optional<ReadTime> t = time.matches("\\d{5}(\\.\\d+)?") ? Optional.of(new ReadTime(excelSerial(time), true))
          : Timestamps.parse(time);
      if (t.isEmpty()) flags.add(Flag.TIME_UNREADABLE);
      else {
        ts = t.get().instant();
        if (t.get().zoneAssumed()) flags.add(Flag.TIME_ZONE_ASSUMED);
      }
    }
    String infohash = InfoHashes.normalize(hash);
    String proto = Protocols.normalize(protocol);
    if (proto == null && infohash != null) proto = Protocols.BITTORRENT;
    return new InfringementEvent(sender, null, title == null ? List.of() : List.of(title), LocationType.P2P_ENDPOINT, ip,
        addr, p, ts, ts, ts, proto, infohash,
        hash != null && infohash == null ? new dev.seawall.desk.event.FileHash("unknown", hash) : null, file, null,
        List.of(), null, null, flags);
  }

  /** Excel stores date-times as days since 1899-12-30 (no zone: UTC assumed and flagged). */
  static Instant excelSerial(String v) {
    double days = Double.parseDouble(v);
    long whole = (long) Math.floor(days);
    long nanos = Math.round((days - whole) * 86_400_000_000_000L);
    return LocalDate.of(1899, 12, 30).plusDays(whole).atStartOfDay().toInstant(java.time.ZoneOffset.UTC).plusNanos(nanos);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
