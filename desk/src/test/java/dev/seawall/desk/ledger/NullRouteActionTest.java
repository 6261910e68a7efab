package dev.seawall.desk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.counter.CounterNoticeTest;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.RawNotice;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.workflow.Desk;
import dev.seawall.desk.workflow.MutableClock;
import dev.seawall.desk.workflow.TestDatabases;
import dev.seawall.desk.workflow.TestDesk;
import dev.seawall.desk.workflow.TestNotices;
import dev.seawall.testkit.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy's null-route action through netctl's real NullRouteService with the kernel backend,
 * in a network namespace this test creates (blackhole routes appear and go), behind netctl's rails;
 * and the dry-run mode. Needs root and iproute2.
 */
@Timeout(120)
class NullRouteActionTest {
  @TempDir Path tmp;
  static int serial;

  final String ns = "sw" + ProcessHandle.current().pid() + "d" + (++serial);
  MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
  Database db;
  Desk desk;
  int notice;

  @BeforeEach
  void setUp() throws Exception {
    Host.requireRoot();
    Host.requireCommands("ip");
    sh("ip", "netns", "add", ns);
    sh("ip", "-n", ns, "link", "set", "lo", "up");
    db = TestDatabases.open("h2", tmp);
    TestDesk.registry(db);
  }

  private void openDesk(boolean dryRun) throws Exception {
    Files.writeString(tmp.resolve("netctl.json"), """
        {
          "state": "nullroutes.json",
          "backend": {"type": "kernel", "netns": "%s"},
          "rails": {
            "ownRanges": ["198.51.100.0/24"],
            "neverBlackhole": {"198.51.100.1/32": "gateway of the acme block"},
            "maxRoutes": 10, "defaultTtl": "1d", "maxTtl": "30d"
          },
          "expiryCheck": "1s", "reconcileEvery": "30s"
        }
        """.formatted(ns));
    var config = TestDesk.config(tmp, 9, "\"netctl\": {\"config\": \"netctl.json\", \"dryRun\": " + dryRun + "}");
    // routes for three weeks here, so that one is still up when a counter-notice's restoration comes
    Files.writeString(tmp.resolve("policy.json"), TestDesk.POLICY.replace("\"action\": \"null-route\", \"duration\": \"3d\"",
        "\"action\": \"null-route\", \"duration\": \"21d\""));
    desk = Desk.open(db, config, clock);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (desk != null) desk.close();
    if (db != null) db.close();
    try {
      sh("ip", "netns", "del", ns);
    } catch (IOException e) {
      // not created (no root): nothing to clean
    }
  }

  private void receive(int count, String ip) throws Exception {
    List<RawNotice> raws = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = ++notice;
      raws.add(new RawNotice("t" + n, TestNotices.acnsMail("<nr" + n + "@studio.example>", "antipiracy@studio.example", "abuse@isp.example",
          "NR-" + n, ip, 6881, clock.instant().minusSeconds(3600).plusSeconds(n), "Film " + n, TestNotices.infohash(n), false)
          .getBytes(StandardCharsets.UTF_8)));
    }
    new Importer(new NoticeStore(db), clock).run(raws);
    desk.tick();
  }

  private String blackholes() throws Exception {
    return sh("ip", "-n", ns, "route", "show", "type", "blackhole");
  }

  private LedgerAction nullRoute() throws Exception {
    return desk.ledger().actions(Party.customer("acme")).stream().filter(a -> a.kind() == ActionKind.NULL_ROUTE).findFirst().orElseThrow();
  }

  @Test
  void theFifthStrikeBlackholesTheAddressAndACounterNoticeLiftsIt() throws Exception {
    openDesk(false);
    receive(5, "198.51.100.9");
    LedgerAction a = nullRoute();
    assertThat(a.outcome()).isEqualTo(Outcome.DONE);
    assertThat(a.detail()).startsWith("198.51.100.9 announced until 2026-03-23T08:00:00Z");
    assertThat(blackholes()).contains("blackhole 198.51.100.9 proto 83");

    // a counter-notice about one of the notices the route rests on: ten business days on, restoration lifts the route
    Actor hana = Actor.user("hana", Role.HANDLER);
    var cn = desk.counterNotices().submit(hana, CounterNoticeTest.complete(a.noticeIds().getFirst(), clock.instant()));
    // 03:00 in New York on both days; daylight saving time began on 8 March, so an hour earlier in UTC
    assertThat(cn.restoreAt()).isEqualTo(Instant.parse("2026-03-16T07:00:00Z"));
    clock.set(cn.restoreAt().minusSeconds(1));
    assertThat(desk.tick().restored()).isEmpty();
    assertThat(blackholes()).contains("198.51.100.9");
    clock.set(cn.restoreAt());
    assertThat(desk.tick().restored()).hasSize(1);
    assertThat(blackholes()).doesNotContain("198.51.100.9");
    assertThat(desk.audit().list(dev.seawall.desk.audit.AuditQuery.about(dev.seawall.desk.audit.Subject.of("counter-notice", cn.id()))))
        .anySatisfy(e -> assertThat(e.detail()).contains("null-routes lifted: 198.51.100.9/32 withdrawn"));
  }

  @Test
  void theRailsRefuseTheGatewayAndTheRefusalIsRecorded() throws Exception {
    openDesk(false);
    receive(5, "198.51.100.1");
    LedgerAction a = nullRoute();
    assertThat(a.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(a.detail()).contains("198.51.100.1/32 is on the never-blackhole list (198.51.100.1/32: gateway of the acme block)");
    assertThat(blackholes()).isEmpty();
  }

  @Test
  void dryRunRecordsWhatWouldHappenAndTouchesNothing() throws Exception {
    openDesk(true);
    receive(5, "198.51.100.9");
    LedgerAction a = nullRoute();
    assertThat(a.outcome()).isEqualTo(Outcome.DRY_RUN);
    assertThat(a.detail()).contains("dry run: would announce until 2026-03-23T08:00:00Z");
    assertThat(blackholes()).isEmpty();
  }

  static String sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + ": timed out");
    }
    if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
    return out;
  }
}
