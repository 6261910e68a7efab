package dev.seawall.desk.bench;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.RawNotice;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.workflow.Desk;
import dev.seawall.desk.workflow.TestDesk;
import dev.seawall.desk.workflow.TestNotices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Workflow throughput, the TorGuard shape: COUNT notices about one reseller's proxy addresses
 * (dedicated block) arrive; the desk matches them, opens the case, queues COUNT forwards, counts
 * COUNT strikes under the example ladder, then delivers every forward (original attached) to an
 * SMTP server on loopback (GreenMail, in this JVM). Prints the times; not a test.
 *
 * <pre>java -cp … dev.seawall.desk.bench.WorkflowBench JDBC_URL WORKDIR COUNT</pre>
 */
public final class WorkflowBench {
  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path work = Path.of(args[1]);
    int count = Integer.parseInt(args[2]);
    GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try (Database db = Database.open(url)) {
      TestDesk.registry(db);
      var config = TestDesk.config(work, smtp.getSmtp().getPort(), null);
      Files.writeString(work.resolve("policy.json"), Files.readString(Path.of(System.getProperty("seawall.root", "."))
          .resolve("desk/examples/policy.json")));
      Clock clock = Clock.systemUTC();
      List<RawNotice> raws = new ArrayList<>(count);
      Instant seen = clock.instant().minus(Duration.ofHours(2));
      for (int i = 0; i < count; i++) {
        String ip = "198.51.100." + (2 + i % 13);
        raws.add(new RawNotice("bench#" + i, TestNotices.acnsMail("<b" + i + "@studio.example>", "antipiracy@studio.example",
            "abuse@isp.example", "B-" + i, ip, 1024 + i % 60000, seen.plusSeconds(i), "Film " + (i % 97), TestNotices.infohash(i), i % 4 == 0)
            .getBytes(StandardCharsets.UTF_8)));
      }
      long t0 = System.nanoTime();
      new Importer(new NoticeStore(db), clock).run(raws);
      long t1 = System.nanoTime();
      try (Desk desk = Desk.open(db, config, clock, null)) {
        int processed = 0, forwards = 0, strikes = 0, actions = 0;
        while (true) {
          var s = desk.processor().processNew(1000);
          if (s.notices() == 0) break;
          if (!s.problems().isEmpty()) throw new IllegalStateException(s.problems().toString());
          processed += s.notices();
          forwards += s.forwards();
          strikes += s.strikes();
          actions += s.actions();
        }
        long t2 = System.nanoTime();
        int sent = 0;
        while (true) {
          var r = desk.outbox().deliverDue();
          if (r.sent() == 0 && r.retried() == 0 && r.failed() == 0) break;
          if (r.failed() > 0 || r.retried() > 0) throw new IllegalStateException(r.problems().toString());
          sent += r.sent();
        }
        long t3 = System.nanoTime();
        int received = smtp.getReceivedMessages().length;
        var report = desk.reports().build(Instant.EPOCH, clock.instant().plusSeconds(60));
        System.out.printf("database          %s%n", url.startsWith("jdbc:postgresql") ? "PostgreSQL" : "H2 file");
        System.out.printf("notices           %d (intake %.1f s, not part of the workflow figures)%n", count, sec(t0, t1));
        System.out.printf("processing        %d notices in %.1f s = %.0f notices/s (%d forwards queued, %d strikes, %d policy actions)%n",
            processed, sec(t1, t2), processed / sec(t1, t2), forwards, strikes, actions);
        System.out.printf("delivery          %d mails in %.1f s = %.0f mails/s over SMTP, original attached; server received %d%n",
            sent, sec(t2, t3), sent / sec(t2, t3), received);
        System.out.printf("receipt->forward  median %s, 90th percentile %s (from the transparency report)%n",
            report.medianReceiptToForward(), report.p90ReceiptToForward());
        System.out.printf("audit log         %d entries, chain intact: %s%n", desk.audit().verify().entries(), desk.audit().verify().intact());
      }
    } finally {
      smtp.stop();
    }
  }

  private static double sec(long a, long b) {
    return (b - a) / 1e9;
  }
}
