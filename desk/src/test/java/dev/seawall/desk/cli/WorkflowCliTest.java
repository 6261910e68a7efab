package dev.seawall.desk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.workflow.TestDesk;
import dev.seawall.desk.workflow.TestNotices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The workflow commands as an operator runs them, against an H2 file and GreenMail's SMTP on loopback. */
class WorkflowCliTest {
  @RegisterExtension
  static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path tmp;
  String db;
  String config;

  @BeforeEach
  void setUp() throws Exception {
    db = "jdbc:h2:file:" + tmp.resolve("desk").toAbsolutePath();
    try (Database d = Database.open(db)) {
      TestDesk.registry(d);
    }
    TestDesk.config(tmp, mail.getSmtp().getPort(), null); // writes policy.json
    Files.writeString(tmp.resolve("desk.json"), """
        {
          "operator": {"name": "Example Hosting", "address": "abuse@isp.example", "alertsTo": "desk-ops@isp.example"},
          "smtp": {"host": "127.0.0.1", "port": %d},
          "forwardSla": {"default": "4h", "dedicated": "2h"},
          "policy": "policy.json"
        }
        """.formatted(mail.getSmtp().getPort()));
    config = tmp.resolve("desk.json").toString();
  }

  @Test
  void importProcessForwardAndReadTheLedger() throws Exception {
    for (int i = 1; i <= 3; i++) {
      Files.writeString(tmp.resolve("n" + i + ".eml"), TestNotices.acnsMail("<cli" + i + "@studio.example>", "antipiracy@studio.example",
          "abuse@isp.example", "C-" + i, "198.51.100.5", 6881, Instant.parse("2026-03-02T08:00:00Z").plusSeconds(i), "Film " + i,
          TestNotices.infohash(i), false));
    }
    Run imp = Run.of(new NoticesCommand(), "import", tmp.resolve("n1.eml").toString(), tmp.resolve("n2.eml").toString(),
        tmp.resolve("n3.eml").toString(), "--db", db);
    assertThat(imp.exit()).as(imp.err()).isZero();
    Run p = Run.of(new NoticesCommand(), "process", "--db", db, "--config", config);
    assertThat(p.exit()).as(p.err()).isZero();
    assertThat(p.out()).contains("processed 3 notice(s), 3 event(s): 3 forward(s)").contains("3 strike(s), 2 action(s); mail sent 5");
    assertThat(mail.waitForIncomingEmail(10_000, 5)).isTrue();

    Run show = Run.of(new LedgerCommand(), "show", "acme", "--db", db, "--config", config);
    assertThat(show.out()).contains("ack_required").contains("active strikes 3, total 3").contains("WARN").contains("REQUIRE_ACK");
    Run ack = Run.of(new LedgerCommand(), "acknowledge", "acme", "--reason", "signed form received", "--user", "hana", "--db", db,
        "--config", config);
    assertThat(ack.exit()).as(ack.err()).isZero();
    assertThat(ack.out()).contains("active ");
    Run again = Run.of(new LedgerCommand(), "reinstate", "acme", "--reason", "x", "--user", "hana", "--db", db, "--config", config);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("error: acme is not terminated (ACTIVE)\n");

    Run report = Run.of(new ReportCommand(), "--from", "2026-01-01", "--until", "2100-01-01", "--format", "csv", "--db", db);
    assertThat(report.exit()).as(report.err()).isZero();
    assertThat(report.out()).contains("notices,,received,3").contains("actions,,strikes,3");
    Run bad = Run.of(new ReportCommand(), "--from", "last year", "--until", "2100-01-01", "--db", db);
    assertThat(bad.err()).contains("--from 'last year' is not a date");
  }

  @Test
  void ordersNeedTwoPeopleAndPublishTheBlocklist() throws Exception {
    Run add = Run.of(new OrdersCommand(), "add", "--court", "Tribunal judiciaire de Paris", "--case", "RG 26/1", "--jurisdiction", "FR",
        "--applies-in", "FR", "--domain", "pirate.example", "--domain", "*.pirate.example", "--ip", "198.51.100.66",
        "--effective", "2026-01-01T00:00:00Z", "--user", "hana", "--db", db);
    assertThat(add.exit()).as(add.err()).isZero();
    assertThat(add.out()).startsWith("1  pending_approval");
    Run self = Run.of(new OrdersCommand(), "approve", "1", "--user", "hana", "--db", db);
    assertThat(self.exit()).isEqualTo(1);
    assertThat(self.err()).contains("a second approver must");
    Run ok = Run.of(new OrdersCommand(), "approve", "1", "--user", "ann", "--reason", "read the order", "--db", db);
    assertThat(ok.exit()).as(ok.err()).isZero();
    Path out = tmp.resolve("blocklist.txt");
    Run bl = Run.of(new OrdersCommand(), "blocklist", "--region", "FR", "--out", out.toString(), "--db", db);
    assertThat(bl.out()).contains("3 entries from 1 order(s)");
    assertThat(Files.readString(out)).contains("\npirate.example\n*.pirate.example\n198.51.100.66\n");
    Run de = Run.of(new OrdersCommand(), "blocklist", "--region", "DE", "--db", db);
    assertThat(de.out()).contains("0 order(s) in force").doesNotContain("pirate.example");
    Run badDomain = Run.of(new OrdersCommand(), "add", "--court", "c", "--case", "1", "--jurisdiction", "FR", "--domain", "no spaces.example",
        "--effective", "2026-01-01T00:00:00Z", "--user", "hana", "--db", db);
    assertThat(badDomain.err()).isEqualTo("error: domains[0] 'no spaces.example': not a domain name (character ' ')\n");
  }

  @Test
  void agentsAndExitEnforcement() throws Exception {
    Run add = Run.of(new AgentsCommand(), "add", "--entity", "Example Hosting LLC", "--name", "DMCA Agent", "--email", "dmca@isp.example",
        "--filed", "2023-05-02", "--registration", "DMCA-1234567", "--user", "root", "--db", db, "--config", config);
    assertThat(add.exit()).as(add.err()).isZero();
    assertThat(add.out()).contains("expires 2026-05-02");
    Run enforce = Run.of(new AgentsCommand(), "enforce", "vpnco", "exit-nyc", "--since", "2025-06-01T00:00:00Z", "--user", "root", "--db",
        db, "--config", config);
    assertThat(enforce.exit()).as(enforce.err()).isZero();
    Run notShared = Run.of(new AgentsCommand(), "enforce", "acme", "srv-1", "--since", "2025-06-01T00:00:00Z", "--user", "root", "--db",
        db, "--config", config);
    assertThat(notShared.err()).contains("acme/srv-1 is DEDICATED, not a shared exit");
    Run exits = Run.of(new AgentsCommand(), "exits", "--db", db, "--config", config);
    assertThat(exits.out()).contains("vpnco/exit-nyc  seawall firewall (NFQUEUE) from 2025-06-01T00:00:00Z");
    Run noConfig = Run.of(new AgentsCommand(), "list", "--db", db);
    assertThat(noConfig.err()).contains("needs --config FILE");
  }

  @Test
  void counterNoticeFromAJsonFile() throws Exception {
    Files.writeString(tmp.resolve("n.eml"), TestNotices.acnsMail("<cn@studio.example>", "antipiracy@studio.example", "abuse@isp.example",
        "C-9", "198.51.100.5", 6881, Instant.parse("2026-03-02T08:00:00Z"), "Film", TestNotices.infohash(9), false));
    Run.of(new NoticesCommand(), "import", tmp.resolve("n.eml").toString(), "--db", db);
    Run.of(new NoticesCommand(), "process", "--db", db, "--config", config);
    Files.writeString(tmp.resolve("cn.json"), """
        {"notice": 1, "receivedAt": "2025-11-19T20:30:00Z", "subscriberName": "Sam", "address": "1 Main St", "phone": "+1 217 555 0199",
         "email": "sam@customer.example", "material": "Film.mkv", "priorLocation": "ftp://198.51.100.5/Film.mkv", "reason": "misidentified",
         "statement": "Under penalty of perjury I have a good faith belief the material was removed by mistake. I consent to the jurisdiction of the Federal District Court and will accept service of process from the complainant.",
         "signature": "/s/ Sam"}
        """);
    Run cn = Run.of(new CounterCommand(), "submit", tmp.resolve("cn.json").toString(), "--user", "hana", "--db", db, "--config", config);
    assertThat(cn.exit()).as(cn.err()).isZero();
    assertThat(cn.out()).contains("scheduled").contains("window 2025-12-04 – 2025-12-10");
    Files.writeString(tmp.resolve("bad.json"), "{\"notice\": 1, \"receivedAt\": \"2026-11-18T20:30:00Z\", \"colour\": \"red\"}");
    Run bad = Run.of(new CounterCommand(), "submit", tmp.resolve("bad.json").toString(), "--user", "hana", "--db", db, "--config", config);
    assertThat(bad.err()).contains("unknown field 'colour'");
  }
}
