package dev.seawall.desk.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.AuditEntry;
import dev.seawall.desk.audit.AuditQuery;
import dev.seawall.desk.audit.PermissionDenied;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.workflow.Desk;
import dev.seawall.desk.workflow.MutableClock;
import dev.seawall.desk.workflow.TestDatabases;
import dev.seawall.desk.workflow.TestDesk;
import dev.seawall.blocklist.Blocklist;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Court orders: four-eyes approval, dates, geo-scope, and a blocklist read by the parser the proxy and firewall use. H2 and PostgreSQL. */
@ParameterizedClass
@ValueSource(strings = {"h2", "postgresql"})
class CourtOrderTest {
  @Parameter String kind;
  @TempDir Path tmp;

  static final Instant NOW = Instant.parse("2026-05-04T09:00:00Z");
  MutableClock clock = new MutableClock(NOW);
  Database db;
  Desk desk;
  final Actor hana = Actor.user("hana", Role.HANDLER);
  final Actor ann = Actor.user("ann", Role.APPROVER);
  final Actor bob = Actor.user("bob", Role.APPROVER);

  @BeforeEach
  void setUp() throws Exception {
    db = TestDatabases.open(kind, tmp);
    desk = Desk.open(db, TestDesk.config(tmp, 9, null), clock, null);
  }

  @AfterEach
  void tearDown() throws Exception {
    desk.close();
    db.close();
  }

  static CourtOrderDraft paris(Instant effective, Instant expires) {
    return new CourtOrderDraft("Tribunal judiciaire de Paris", "RG 26/01234", "Studios v. ISPs", "fr", List.of("FR"),
        List.of("Pirate-Site.EXAMPLE.", "*.pirate-site.example", "bücher-raub.example"), List.of("https://cyberlocker.example/f/abc123"),
        List.of("198.51.100.7", "2001:db8:bad::/48"), effective, expires, "report the measures taken to the court within 30 days",
        LocalDate.parse("2026-06-03"), "order-2026-01234.pdf");
  }

  @Test
  void approvedOrdersInForceArePublishedInTheEnforcementPointsFormat() throws Exception {
    CourtOrder o = desk.orders().create(hana, paris(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365))));
    assertThat(o.state()).isEqualTo(OrderState.PENDING_APPROVAL);
    assertThat(o.order().domains()).containsExactly("pirate-site.example", "*.pirate-site.example", "xn--bcher-raub-9db.example");
    assertThat(o.order().jurisdiction()).isEqualTo("FR");
    assertThat(desk.orders().blocklist(NOW, "FR").entries()).isZero(); // not approved yet

    CourtOrder approved = desk.orders().approve(ann, o.id(), "checked against the signed order");
    assertThat(approved.state()).isEqualTo(OrderState.APPROVED);
    assertThat(approved.decidedBy()).isEqualTo("ann");

    PublishedBlocklist fr = desk.orders().blocklist(NOW, "FR");
    assertThat(fr.entries()).isEqualTo(5);
    assertThat(fr.orders()).containsExactly(o.id());
    Blocklist parsed = Blocklist.parse(fr.text(), "desk");
    assertThat(parsed.problems()).isEmpty();
    assertThat(parsed.size()).isEqualTo(5);
    assertThat(parsed.blocksName("pirate-site.example")).isTrue();
    assertThat(parsed.blocksName("cdn.pirate-site.example")).isTrue();
    assertThat(parsed.blocksName("bücher-raub.example")).isTrue();
    assertThat(parsed.blocksName("example")).isFalse();
    assertThat(parsed.blocksAddress(InetAddress.getByName("198.51.100.7"))).isTrue();
    assertThat(parsed.blocksAddress(InetAddress.getByName("2001:db8:bad:1::9"))).isTrue();
    assertThat(parsed.blocksAddress(InetAddress.getByName("198.51.100.8"))).isFalse();
    assertThat(fr.text()).contains("# URL (a path cannot be enforced by this list; see the order): https://cyberlocker.example/f/abc123")
        .contains("# order " + o.id() + ": Tribunal judiciaire de Paris, case RG 26/01234, FR");

    // geo-scope: an exit in Germany does not apply a French order; the all-regions list does
    assertThat(desk.orders().blocklist(NOW, "DE").entries()).isZero();
    assertThat(desk.orders().blocklist(NOW, null).entries()).isEqualTo(5);
    // the ETag follows the content, not the time of asking
    assertThat(desk.orders().blocklist(NOW.plusSeconds(60), "FR").etag()).isEqualTo(fr.etag());

    // revoked: gone from the list
    desk.orders().revoke(bob, o.id(), "order set aside on appeal");
    PublishedBlocklist after = desk.orders().blocklist(NOW, "FR");
    assertThat(after.entries()).isZero();
    assertThat(after.etag()).isNotEqualTo(fr.etag());
    List<AuditEntry> trail = desk.audit().list(AuditQuery.about(Subject.of("order", o.id())));
    assertThat(trail).extracting(AuditEntry::action).containsExactly("order.create", "order.approve", "order.revoke");
    assertThat(trail).extracting(AuditEntry::actor).containsExactly("hana", "ann", "bob");
  }

  @Test
  void theCreatorCannotApproveTheirOwnOrder() throws Exception {
    Actor boss = Actor.user("boss", Role.ADMIN);
    CourtOrder o = desk.orders().create(boss, paris(NOW, null));
    assertThatThrownBy(() -> desk.orders().approve(boss, o.id(), "mine")).isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("a second approver must");
    assertThatThrownBy(() -> desk.orders().approve(hana, o.id(), "ok")).isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("needs the approver role");
    assertThat(desk.orders().find(o.id()).orElseThrow().state()).isEqualTo(OrderState.PENDING_APPROVAL);
    desk.orders().approve(ann, o.id(), "second pair of eyes");
    assertThatThrownBy(() -> desk.orders().approve(bob, o.id(), "again")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void ordersApplyOnlyBetweenTheirDates() throws Exception {
    Instant from = NOW.plus(Duration.ofDays(2)), until = NOW.plus(Duration.ofDays(30));
    CourtOrder o = desk.orders().create(hana, paris(from, until));
    desk.orders().approve(ann, o.id(), "ok");
    assertThat(desk.orders().blocklist(NOW, "FR").entries()).isZero();
    assertThat(desk.orders().blocklist(from, "FR").entries()).isEqualTo(5);
    assertThat(desk.orders().blocklist(until.minusSeconds(1), "FR").entries()).isEqualTo(5);
    assertThat(desk.orders().blocklist(until, "FR").entries()).isZero();
  }

  @Test
  void badScopeEntriesAreRefusedNamingTheEntry() {
    CourtOrderDraft p = paris(NOW, null);
    assertThatThrownBy(() -> desk.orders().create(hana, new CourtOrderDraft(p.court(), p.caseNumber(), null, "FR", List.of(),
        List.of("ok.example", "bad domain.example"), List.of(), List.of(), NOW, null, null, null, null)))
        .hasMessage("domains[1] 'bad domain.example': not a domain name (character ' ')");
    assertThatThrownBy(() -> desk.orders().create(hana, new CourtOrderDraft(p.court(), p.caseNumber(), null, "FR", List.of(),
        List.of(), List.of(), List.of("198.51.100.7/24"), NOW, null, null, null, null)))
        .hasMessageContaining("ips[0] '198.51.100.7/24': host bits set (the prefix would be 198.51.100.0/24)");
    assertThatThrownBy(() -> desk.orders().create(hana, new CourtOrderDraft(p.court(), p.caseNumber(), null, "France", List.of(),
        List.of("a.example"), List.of(), List.of(), NOW, null, null, null, null))).hasMessageContaining("jurisdiction 'France'");
    assertThatThrownBy(() -> desk.orders().create(hana, new CourtOrderDraft(p.court(), p.caseNumber(), null, "FR", List.of(),
        List.of(), List.of("ftp://x.example/a"), List.of(), NOW, null, null, null, null))).hasMessageContaining("urls[0]");
    assertThatThrownBy(() -> desk.orders().create(hana, new CourtOrderDraft(p.court(), p.caseNumber(), null, "FR", List.of(),
        List.of(), List.of(), List.of(), NOW, null, null, null, null))).hasMessageContaining("scope is empty");
    assertThatThrownBy(() -> desk.orders().create(hana, new CourtOrderDraft(p.court(), p.caseNumber(), null, "FR", List.of(),
        List.of("a.example"), List.of(), List.of(), NOW, NOW, null, null, null))).hasMessageContaining("is not after effective");
  }
}
