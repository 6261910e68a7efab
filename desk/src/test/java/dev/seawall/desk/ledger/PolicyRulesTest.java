package dev.seawall.desk.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.RawNotice;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.workflow.Desk;
import dev.seawall.desk.workflow.MutableClock;
import dev.seawall.desk.workflow.TestDatabases;
import dev.seawall.desk.workflow.TestDesk;
import dev.seawall.desk.workflow.TestNotices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented firing rule of policy rules: windows, repeatEvery, and judging by receipt time even when processing lags. */
class PolicyRulesTest {
  @TempDir Path tmp;
  MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));
  Database db;
  Desk desk;
  int serial;

  void open(String rules) throws Exception {
    db = TestDatabases.open("h2", tmp);
    TestDesk.registry(db);
    var config = TestDesk.config(tmp, 9, null);
    Files.writeString(tmp.resolve("policy.json"), """
        {"name": "p", "version": "1", "strikeLifetime": "365d", "rules": [%s]}
        """.formatted(rules));
    desk = Desk.open(db, config, clock, null);
  }

  @AfterEach
  void close() throws Exception {
    if (desk != null) desk.close();
    if (db != null) db.close();
  }

  /** Stores a notice received now (not processed yet). */
  void receive() throws Exception {
    int n = ++serial;
    new Importer(new NoticeStore(db), clock).run(List.of(new RawNotice("t" + n, TestNotices.acnsMail("<p" + n + "@s.example>",
        "a@s.example", "abuse@isp.example", "P-" + n, "198.51.100.9", 6881, clock.instant().minusSeconds(600), "T" + n,
        TestNotices.infohash(n), false).getBytes(StandardCharsets.UTF_8))));
  }

  List<ActionKind> actions() throws Exception {
    return desk.ledger().actions(Party.customer("acme")).stream().map(LedgerAction::kind).toList();
  }

  @Test
  void repeatEveryCountsStrikesAfterTheTriggerEvenWhenProcessedInOneBatch() throws Exception {
    open("{\"name\": \"w\", \"strikes\": 1, \"window\": \"30d\", \"action\": \"warn\", \"repeatEvery\": 2}");
    for (int i = 0; i < 5; i++) {
      receive();
      clock.advance(Duration.ofHours(1));
    }
    desk.processor().processNew(100); // all five at once, hours after the first arrived
    // strike 1 fires; then every 2 further strikes: 3, 5
    assertThat(actions()).containsExactly(ActionKind.WARN, ActionKind.WARN, ActionKind.WARN);
  }

  @Test
  void aRuleFiresAgainOnceItsLastTriggerHasLeftTheWindow() throws Exception {
    open("{\"name\": \"s\", \"strikes\": 2, \"window\": \"30d\", \"action\": \"warn\"}");
    receive();
    receive();
    desk.processor().processNew(100);
    assertThat(actions()).hasSize(1);
    clock.advance(Duration.ofDays(10));
    receive();
    desk.processor().processNew(100);
    assertThat(actions()).hasSize(1); // 3 in the window, but it fired on strike 2, still inside the window
    clock.advance(Duration.ofDays(25)); // strike 2 (the trigger) is now 35 days old; strike 3 is 25 days old
    receive();
    desk.processor().processNew(100);
    assertThat(actions()).hasSize(2); // strikes 3 and 4 are in the window: threshold reached again
  }
}
