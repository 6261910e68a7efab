package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.blocklist.Blocklist;
import dev.seawall.blocklist.BlocklistSource;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The court-order blocklist as the proxy and the firewall get it: their own fetcher
 * ({@link BlocklistSource}, no account) reads the running desk's {@code /api/blocklist} over HTTP,
 * sees an order once a second user approved it, is told "unchanged" (ETag) while nothing changes,
 * and drops the entries when the order is revoked.
 */
class BlocklistFetchTest {
  static TestDesk desk;

  @BeforeAll
  static void start() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    desk = TestDesk.withWorkflow(closedPort);
  }

  @AfterAll
  static void stop() throws Exception {
    if (desk != null) desk.close();
  }

  @Test
  void theEnforcementPointsFetcherFollowsTheApprovedOrders() throws Exception {
    BlocklistSource fr = new BlocklistSource(desk.url("/api/blocklist?region=FR"));
    Optional<Blocklist> first = fr.refresh();
    assertThat(fr.status().lastError()).isNull();
    assertThat(first).hasValueSatisfying(b -> assertThat(b.size()).isZero());

    long id = desk.postJson("/api/orders", "handler", """
        {"court": "Tribunal judiciaire de Paris", "caseNumber": "RG 26/0042", "jurisdiction": "FR", "geoScope": ["FR"],
         "domains": ["films-pirates.example", "*.films-pirates.example"], "ips": ["192.0.2.0/28"],
         "effective": "2026-01-01T00:00:00Z"}""").json().path("id").asLong();
    assertThat(fr.refresh()).as("entered, not approved yet: nothing changed").isEmpty();
    assertThat(desk.postJson("/api/orders/" + id + "/approve", "approver", "{\"reason\":\"checked\"}").status()).isEqualTo(200);

    Blocklist in = fr.refresh().orElseThrow();
    assertThat(in.problems()).isEmpty();
    assertThat(in.blocksDomain("films-pirates.example")).isTrue();
    assertThat(in.blocksDomain("cdn.films-pirates.example")).isTrue();
    assertThat(in.blocksDomain("films.example")).isFalse();
    assertThat(in.blocksAddress(InetAddress.getByName("192.0.2.9"))).isTrue();
    assertThat(in.blocksAddress(InetAddress.getByName("192.0.2.20"))).isFalse();
    assertThat(fr.refresh()).as("304: same ETag").isEmpty();
    assertThat(fr.status().loads()).isEqualTo(2);
    assertThat(fr.status().failures()).isZero();

    // geo-scoped to France: another region's list does not carry it
    BlocklistSource de = new BlocklistSource(desk.url("/api/blocklist?region=DE"));
    assertThat(de.refresh().orElseThrow().blocksDomain("films-pirates.example")).isFalse();

    assertThat(desk.postJson("/api/orders/" + id + "/revoke", "approver2", "{\"reason\":\"set aside on appeal\"}").status()).isEqualTo(200);
    assertThat(fr.refresh().orElseThrow().blocksDomain("films-pirates.example")).isFalse();
    assertThat(fr.current().size()).isZero();
  }
}
