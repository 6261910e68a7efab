package dev.seawall.desk.cli;

import dev.seawall.desk.intake.ImapPoller;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.workflow.Desk;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seawall notices process --config desk.json}: the workflow's loop without the web server. */
@Command(name = "process", mixinStandardHelpOptions = true,
    description = {"Runs the notice workflow: optionally fetches the abuse mailbox (--imap), then matches new notices,",
        "groups them into cases, forwards them by SMTP, answers senders, counts strikes and applies the policy, carries",
        "out pending actions, restores after counter-notices, alerts about overdue forwards. Once, or every --interval."})
public final class NoticesProcessCommand extends WorkflowCommand {
  @Mixin WorkflowOptions options;

  @Option(names = "--imap", paramLabel = "URL", description = "Abuse mailbox to fetch first: imap://user@host[:port]/FOLDER or imaps://…")
  URI mailbox;

  @Option(names = "--password-file", description = "File holding the mailbox password (else $SEAWALL_IMAP_PASSWORD).")
  Path passwordFile;

  @Option(names = "--interval", converter = Durations.class, description = "Run every so often until stopped (e.g. 30s); default: once.")
  Duration interval;

  @Override
  int run() throws Exception {
    try (Database db = options.open(); Desk desk = options.desk(db)) {
      ImapPoller poller = null;
      if (mailbox != null) {
        String password = passwordFile != null ? Files.readString(passwordFile).strip() : System.getenv("SEAWALL_IMAP_PASSWORD");
        if (password == null) throw new IllegalArgumentException("no mailbox password: give --password-file FILE or set SEAWALL_IMAP_PASSWORD");
        poller = new ImapPoller(mailbox, password, null, new Importer(new NoticeStore(db), Clock.systemUTC()), 30_000);
      }
      int status = 0;
      while (true) {
        if (poller != null) {
          try {
            System.out.print(Instant.now() + " imap " + poller.pollOnce().render());
          } catch (jakarta.mail.MessagingException e) {
            // a mailbox outage must not stop the workflow
            System.err.println(Instant.now() + " IMAP " + mailbox.getHost() + ": " + e.getMessage());
            status = 1;
          }
        }
        Desk.Tick t = desk.tick();
        var p = t.processed();
        System.out.printf("%s processed %d notice(s), %d event(s): %d forward(s), %d ack(s), %d rejection(s), %d to review, %d strike(s),"
                + " %d action(s); mail sent %d, retrying %d, failed %d; overdue alerted %d; restored %d; agent reminders %d%n",
            Instant.now(), p.notices(), p.events(), p.forwards(), p.acks(), p.rejections(), p.review(), p.strikes(), p.actions(),
            t.mail().sent(), t.mail().retried(), t.mail().failed(), t.overdueAlerted(), t.restored().size(), t.agentReminders());
        for (String problem : t.problems()) System.err.println("  " + problem);
        System.out.flush();
        if (!t.problems().isEmpty()) status = 1;
        if (interval == null) return status;
        Thread.sleep(interval.toMillis());
      }
    }
  }
}
