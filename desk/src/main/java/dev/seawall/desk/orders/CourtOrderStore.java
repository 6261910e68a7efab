package dev.seawall.desk.orders;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.PermissionDenied;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.sql.Jdbc;
import dev.seawall.desk.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** Court orders in the desk's database, and the blocklist published from them. */
public final class CourtOrderStore implements CourtOrderService {
  private final Database db;
  private final AuditLog audit;
  private final Clock clock;

  public CourtOrderStore(Database db, AuditLog audit, Clock clock) {
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public CourtOrder create(Actor actor, CourtOrderDraft d) throws SQLException {
    actor.require(Role.HANDLER, "enter a court order");
    CourtOrderDraft n = normalise(d);
    return Jdbc.tx(db, c -> {
      Instant now = Jdbc.micros(clock.instant());
      long id = Jdbc.insert(c, "INSERT INTO court_order (court, case_number, title, jurisdiction, geo_scope, domains, urls, ips,"
              + " effective_at, expires_at, reporting_duty, report_due, document_ref, state, created_by, created_at)"
              + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
          n.court(), n.caseNumber(), Jdbc.text(n.title()), n.jurisdiction(), Jdbc.text(join(n.geoScope(), ",")),
          Jdbc.text(join(n.domains(), "\n")), Jdbc.text(join(n.urls(), "\n")), Jdbc.text(join(n.ips(), "\n")), n.effective(),
          Jdbc.time(n.expires()), Jdbc.text(n.reportingDuty()), Jdbc.date(n.reportDue()), Jdbc.text(n.documentRef()),
          OrderState.PENDING_APPROVAL, actor.userId(), now);
      audit.append(c, actor, "order.create", Subject.of("order", id), n.court() + " " + n.caseNumber(), List.of(),
          n.domains().size() + " domain(s), " + n.urls().size() + " URL(s), " + n.ips().size() + " address(es); " + n.jurisdiction()
              + (n.geoScope().isEmpty() ? "" : ", applies in " + String.join(",", n.geoScope())));
      return get(c, id);
    });
  }

  private CourtOrderDraft normalise(CourtOrderDraft d) {
    String court = need(d.court(), "court");
    String caseNo = need(d.caseNumber(), "caseNumber");
    List<String> domains = Scope.domains(d.domains());
    List<String> urls = Scope.urls(d.urls());
    List<String> ips = Scope.ips(d.ips());
    if (domains.isEmpty() && urls.isEmpty() && ips.isEmpty()) throw new IllegalArgumentException("the order's scope is empty: give domains, urls or ips");
    if (d.effective() == null) throw new IllegalArgumentException("effective (when the order takes effect) is required");
    if (d.expires() != null && !d.expires().isAfter(d.effective())) {
      throw new IllegalArgumentException("expires " + d.expires() + " is not after effective " + d.effective());
    }
    return new CourtOrderDraft(court, caseNo, blank(d.title()), Scope.jurisdiction(d.jurisdiction()), Scope.countries(d.geoScope(), "geoScope"),
        domains, urls, ips, Jdbc.micros(d.effective()), d.expires() == null ? null : Jdbc.micros(d.expires()), blank(d.reportingDuty()),
        d.reportDue(), blank(d.documentRef()));
  }

  @Override
  public CourtOrder approve(Actor actor, long id, String reason) throws SQLException {
    actor.require(Role.APPROVER, "approve a court order");
    return decide(actor, id, reason, OrderState.PENDING_APPROVAL, OrderState.APPROVED, "order.approve", true);
  }

  @Override
  public CourtOrder reject(Actor actor, long id, String reason) throws SQLException {
    actor.require(Role.APPROVER, "reject a court order");
    need(reason, "reason");
    return decide(actor, id, reason, OrderState.PENDING_APPROVAL, OrderState.REJECTED, "order.reject", false);
  }

  @Override
  public CourtOrder revoke(Actor actor, long id, String reason) throws SQLException {
    actor.require(Role.APPROVER, "revoke a court order");
    need(reason, "reason");
    return decide(actor, id, reason, OrderState.APPROVED, OrderState.REVOKED, "order.revoke", false);
  }

  private CourtOrder decide(Actor actor, long id, String reason, OrderState from, OrderState to, String action, boolean fourEyes)
      throws SQLException {
    return Jdbc.tx(db, c -> {
      CourtOrder o = Jdbc.one(c, "SELECT * FROM court_order WHERE id = ? FOR UPDATE", CourtOrderStore::row, id)
          .orElseThrow(() -> new NoSuchElementException("no court order " + id));
      if (o.state() != from) {
        throw new IllegalStateException("court order " + id + " is " + o.state().name().toLowerCase(Locale.ROOT).replace('_', ' ')
            + ", not " + from.name().toLowerCase(Locale.ROOT).replace('_', ' '));
      }
      if (fourEyes && o.createdBy().equals(actor.userId())) {
        throw new PermissionDenied(actor, actor.userId() + " entered court order " + id + " and may not approve it too: a second approver must");
      }
      Instant now = Jdbc.micros(clock.instant());
      Jdbc.update(c, "UPDATE court_order SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?", to,
          actor.userId(), now, Jdbc.text(blank(reason)), id);
      audit.append(c, actor, action, Subject.of("order", id), reason, List.of(), o.order().court() + " " + o.order().caseNumber());
      return get(c, id);
    });
  }

  @Override
  public List<CourtOrder> list(OrderState state) throws SQLException {
    try (Connection c = db.connect()) {
      if (state == null) return Jdbc.query(c, "SELECT * FROM court_order ORDER BY id", CourtOrderStore::row);
      return Jdbc.query(c, "SELECT * FROM court_order WHERE state = ? ORDER BY id", CourtOrderStore::row, state);
    }
  }

  @Override
  public Optional<CourtOrder> find(long id) throws SQLException {
    try (Connection c = db.connect()) {
      return Jdbc.one(c, "SELECT * FROM court_order WHERE id = ?", CourtOrderStore::row, id);
    }
  }

  @Override
  public PublishedBlocklist blocklist(Instant at, String region) throws SQLException {
    String reg = region == null || region.isBlank() ? null : Scope.countries(List.of(region), "region").getFirst();
    List<CourtOrder> inForce = new ArrayList<>();
    for (CourtOrder o : list(OrderState.APPROVED)) {
      if (!o.inForceAt(at)) continue;
      if (reg != null && !o.order().geoScope().isEmpty() && !o.order().geoScope().contains(reg)) continue;
      inForce.add(o);
    }
    StringBuilder body = new StringBuilder();
    Set<String> seen = new LinkedHashSet<>();
    int entries = 0;
    for (CourtOrder o : inForce) {
      CourtOrderDraft d = o.order();
      body.append("# order ").append(o.id()).append(": ").append(oneLine(d.court())).append(", case ").append(oneLine(d.caseNumber()))
          .append(", ").append(d.jurisdiction()).append(", in force from ").append(d.effective())
          .append(d.expires() == null ? " until lifted" : " until " + d.expires())
          .append(d.geoScope().isEmpty() ? "" : ", applies in " + String.join(",", d.geoScope())).append('\n');
      for (String e : concat(d.domains(), d.ips())) {
        if (seen.add(e)) {
          body.append(e).append('\n');
          entries++;
        }
      }
      for (String u : d.urls()) body.append("# URL (a path cannot be enforced by this list; see the order): ").append(oneLine(u)).append('\n');
    }
    String etag = "\"" + HexFormat.of().formatHex(sha256(body.toString())).substring(0, 32) + "\"";
    String text = "# Seawall court-order blocklist for " + (reg == null ? "all regions" : "region " + reg) + ", as of " + at + "\n"
        + "# One entry per line: exact domain, *.domain (names below it), IP address or CIDR prefix. " + inForce.size()
        + " order(s) in force.\n" + body;
    return new PublishedBlocklist(at, reg, text, entries, etag, inForce.stream().map(CourtOrder::id).toList());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CourtOrder get(Connection c, long id) throws SQLException {
    return Jdbc.one(c, "SELECT * FROM court_order WHERE id = ?", CourtOrderStore::row, id)
        .orElseThrow(() -> new NoSuchElementException("no court order " + id));
  }

  private static CourtOrder row(ResultSet rs) throws SQLException {
    CourtOrderDraft d = new CourtOrderDraft(rs.getString("court"), rs.getString("case_number"), rs.getString("title"),
        rs.getString("jurisdiction").strip(), split(rs.getString("geo_scope"), ","), split(rs.getString("domains"), "\n"),
        split(rs.getString("urls"), "\n"), split(rs.getString("ips"), "\n"), Jdbc.instant(rs, "effective_at"),
        Jdbc.instant(rs, "expires_at"), rs.getString("reporting_duty"), Jdbc.localDate(rs, "report_due"), rs.getString("document_ref"));
    return new CourtOrder(rs.getLong("id"), d, OrderState.valueOf(rs.getString("state").strip()), rs.getString("created_by"),
        Jdbc.instant(rs, "created_at"), rs.getString("decided_by"), Jdbc.instant(rs, "decided_at"), rs.getString("decision_reason"));
  }

  private static List<String> split(String s, String sep) {
    return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(sep));
  }

  private static String join(List<String> l, String sep) {
    return l.isEmpty() ? null : String.join(sep, l);
  }

  private static String need(String s, String what) {
    if (s == null || s.isBlank()) throw new IllegalArgumentException(what + " is required");
    return s.strip();
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ");
  }
}
