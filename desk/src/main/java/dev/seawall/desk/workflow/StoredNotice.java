package dev.seawall.desk.workflow;

import dev.seawall.desk.event.FileHash;
import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.net.IpAddress;
import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.validity.Completeness;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A stored notice as the workflow needs it: header, §512(c)(3) verdict, flags and events (with
 * their ids), read from part 1's {@code notice} and {@code event} tables.
 */
public record StoredNotice(
    long id, String source, String messageId, String subject, String sender, Instant mailDate, Instant received,
    Completeness.Verdict completeness, List<String> missing, Set<Flag> flags, List<Event> events) {

  /** An event with its row id. */
  public record Event(long id, int seq, InfringementEvent event) {}

  public StoredNotice {
    missing = List.copyOf(missing);
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(flags);
    events = List.copyOf(events);
  }

  public boolean settlementOffer() {
    return flags.contains(Flag.SETTLEMENT_OFFER);
  }

  /** How the notice is named to people: its Message-ID, else the sender's case id, else the desk's number. */
  public String reference() {
    if (messageId != null) return messageId;
    for (Event e : events) if (e.event().caseId() != null) return "case " + e.event().caseId();
    return "#" + id;
  }

  /** The sender's own case id (ACNS Case/ID), if any. */
  public String senderCaseId() {
    for (Event e : events) if (e.event().caseId() != null) return e.event().caseId();
    return null;
  }

  public static Optional<StoredNotice> load(Connection c, long noticeId) throws SQLException {
    Optional<StoredNotice> head = Jdbc.one(c, "SELECT id, source, message_id, subject, sender, mail_date, received_at, completeness,"
        + " missing_elements, flags FROM notice WHERE id = ? AND state = 'COMPLETE'", rs -> new StoredNotice(rs.getLong("id"),
            rs.getString("source"), rs.getString("message_id"), rs.getString("subject"), rs.getString("sender"),
            Jdbc.instant(rs, "mail_date"), Jdbc.instant(rs, "received_at"),
            Completeness.Verdict.valueOf(rs.getString("completeness").strip()), split(rs.getString("missing_elements")),
            flags(rs.getString("flags")), List.of()), noticeId);
    if (head.isEmpty()) return head;
    List<Event> events = Jdbc.query(c, "SELECT * FROM event WHERE notice_id = ? ORDER BY seq", StoredNotice::event, noticeId);
    StoredNotice h = head.get();
    return Optional.of(new StoredNotice(h.id, h.source, h.messageId, h.subject, h.sender, h.mailDate, h.received, h.completeness,
        h.missing, h.flags, events));
  }

  private static Event event(ResultSet rs) throws SQLException {
    byte[] ipBytes = rs.getBytes("ip_bytes");
    String hash = rs.getString("file_hash");
    String infohash = rs.getString("infohash");
    InfringementEvent e = new InfringementEvent(rs.getString("sender"), rs.getString("rights_holder"), lines(rs.getString("titles")),
        LocationType.valueOf(rs.getString("location_type").strip()), rs.getString("ip_text"),
        ipBytes == null ? Optional.empty() : Optional.of(IpAddress.ofBytes(ipBytes)), Jdbc.nullableInt(rs, "port"),
        Jdbc.instant(rs, "ts"), Jdbc.instant(rs, "first_seen"), Jdbc.instant(rs, "last_seen"), rs.getString("protocol"),
        infohash == null ? null : infohash.strip(), hash == null ? null : new FileHash(rs.getString("file_hash_type"), hash),
        rs.getString("file_name"), Jdbc.nullableLong(rs, "file_size"), lines(rs.getString("urls")), rs.getString("web_domain"),
        rs.getString("case_id"), flags(rs.getString("flags")));
    return new Event(rs.getLong("id"), rs.getInt("seq"), e);
  }

  private static List<String> lines(String s) {
    return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split("\n"));
  }

  private static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    if (s != null) for (String p : s.split(",")) if (!p.isBlank()) out.add(p.strip());
    return out;
  }

  static Set<Flag> flags(String s) {
    Set<Flag> out = EnumSet.noneOf(Flag.class);
    for (String p : split(s)) {
      try {
        out.add(Flag.valueOf(p));
      } catch (IllegalArgumentException e) {
        // a flag a newer intake wrote: not ours to judge here
      }
    }
    return out;
  }
}
