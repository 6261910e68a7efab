package dev.seawall.desk.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.desk.store.Database;
import dev.seawall.desk.workflow.TestDatabases;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

@ParameterizedClass
@ValueSource(strings = {"h2", "postgresql"})
class AuditLogTest {
  @Parameter String kind;
  @TempDir java.nio.file.Path tmp;
  Database db;
  AuditLog log;

  @BeforeEach
  void open() throws Exception {
    db = TestDatabases.open(kind, tmp);
    log = new AuditLog(db, Clock.fixed(Instant.parse("2026-03-02T10:15:30.123456789Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void close() throws Exception {
    db.close();
  }

  @Test
  void appendsListsAndVerifies() throws Exception {
    Actor alice = Actor.user("alice", Role.HANDLER);
    AuditEntry a = log.append(alice, "case.close", Subject.of("case", 7), "customer answered", List.of(12L, 3L), null);
    AuditEntry b = log.append(Actor.system("policy"), "ledger.warn", Subject.of("customer", "acme"), "rule warn-1", List.of(3L), "mail queued");
    assertThat(a.id()).isEqualTo(1);
    assertThat(b.id()).isEqualTo(2);
    assertThat(b.prevHash()).isEqualTo(a.hash());
    assertThat(a.noticeIds()).containsExactly(3L, 12L);
    assertThat(a.at()).isEqualTo(Instant.parse("2026-03-02T10:15:30.123456Z"));

    List<AuditEntry> aboutCase = log.list(AuditQuery.about(Subject.of("case", 7)));
    assertThat(aboutCase).containsExactly(a);
    assertThat(log.list(AuditQuery.aboutNotice(3))).extracting(AuditEntry::id).containsExactly(1L, 2L);
    assertThat(log.list(AuditQuery.latest(10))).extracting(AuditEntry::id).containsExactly(2L, 1L);
    assertThat(log.list(new AuditQuery(null, null, "ledger.", null, null, null, null, null, true, 10))).containsExactly(b);
    assertThat(log.list(new AuditQuery(null, "alice", null, null, null, null, null, null, true, 10))).containsExactly(a);
    assertThat(log.verify().intact()).isTrue();
    assertThat(log.verify().entries()).isEqualTo(2);
  }

  @Test
  void detectsAChangedRowARemovedRowAndACutTail() throws Exception {
    Actor bob = Actor.user("bob", Role.APPROVER);
    for (int i = 0; i < 4; i++) log.append(bob, "order.approve", Subject.of("order", i), "ok " + i, List.of(), null);
    assertThat(log.verify().intact()).isTrue();
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE audit_entry SET reason = 'rewritten' WHERE id = 2");
    }
    assertThat(log.verify()).extracting(AuditLog.Verification::intact, AuditLog.Verification::problem)
        .containsExactly(false, "entry 2 was changed after it was written");
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE audit_entry SET reason = 'ok 1' WHERE id = 2");
      st.executeUpdate("DELETE FROM audit_entry WHERE id = 4");
    }
    assertThat(log.verify().problem()).contains("last entries were removed");
    try (Connection c = db.connect(); Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM audit_entry WHERE id = 2");
    }
    assertThat(log.verify().problem()).isEqualTo("entry 2 is missing (next is 3)");
  }

  @Test
  void refusesBadInputWithAClearMessage() {
    assertThatThrownBy(() -> log.append(Actor.user("a", Role.VIEWER), "Close Case", Subject.of("case", 1), null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Close Case'");
    assertThatThrownBy(() -> Actor.user("system:x", Role.ADMIN)).hasMessageContaining("reserved");
    assertThatThrownBy(() -> Actor.user("two words", Role.ADMIN)).hasMessageContaining("whitespace");
    assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("viewer, handler, approver, admin");
    assertThatThrownBy(() -> Actor.user("v", Role.VIEWER).require(Role.HANDLER, "close a case"))
        .isInstanceOf(PermissionDenied.class).hasMessage("v (viewer) may not close a case: needs the handler role");
  }

  @Test
  void concurrentAppendsKeepOneUnbrokenChain() throws Exception {
    int threads = 4, each = 25;
    List<Thread> ts = new java.util.ArrayList<>();
    java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
    for (int t = 0; t < threads; t++) {
      int n = t;
      ts.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < each; i++) {
          try {
            log.append(Actor.user("u" + n, Role.HANDLER), "case.note", Subject.of("case", n), "note " + i, List.of((long) i), null);
          } catch (Exception e) {
            errors.add(e);
          }
        }
      }));
    }
    for (Thread t : ts) t.join();
    assertThat(errors).isEmpty();
    assertThat(log.verify()).isEqualTo(new AuditLog.Verification(threads * each, true, null));
  }
}
