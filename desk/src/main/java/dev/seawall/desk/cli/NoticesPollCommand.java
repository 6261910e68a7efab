package dev.seawall.desk.cli;

import dev.seawall.desk.intake.ImapPoller;
import dev.seawall.desk.intake.ImportSummary;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seawall notices poll --imap imaps://abuse@mail.example/INBOX}: IMAP intake. */
@Command(name = "poll", mixinStandardHelpOptions = true,
    description = {"Polls an abuse mailbox over IMAP and imports every unseen message; marks it seen (or moves it)",
        "only after it is stored. Runs until stopped, or once with --once."})
public final class NoticesPollCommand implements Callable<Integer> {
  @Option(names = "--imap", required = true, paramLabel = "URL", description = "imap://user@host[:port]/FOLDER or imaps://…")
  URI mailbox;

  @Option(names = "--password-file", description = "File holding the mailbox password (else $SEAWALL_IMAP_PASSWORD).")
  Path passwordFile;

  @Option(names = "--move-to", description = "Folder to move imported messages to (default: leave them, marked seen).")
  String moveTo;

  @Option(names = "--interval", defaultValue = "60s", converter = Durations.class, description = "Time between polls (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--once", description = "Poll once and exit.")
  boolean once;

  @Mixin DbOption db;

  @Override
  public Integer call() throws Exception {
    String password = passwordFile != null ? Files.readString(passwordFile).strip() : System.getenv("SEAWALL_IMAP_PASSWORD");
    if (password == null) {
      System.err.println("no password: give --password-file FILE or set SEAWALL_IMAP_PASSWORD");
      return 2;
    }
    try (Database database = db.open()) {
      ImapPoller poller = new ImapPoller(mailbox, password, moveTo, new Importer(new NoticeStore(database), Clock.systemUTC()), 30_000);
      while (true) {
        try {
          ImportSummary s = poller.pollOnce();
          System.out.print(Instant.now() + " " + s.render());
          System.out.flush();
        } catch (jakarta.mail.MessagingException e) {
          // a mailbox outage must not stop the desk: report and try again next round
          System.err.println(Instant.now() + " IMAP " + mailbox.getHost() + ": " + e.getMessage());
          if (once) return 1;
        }
        if (once) return 0;
        Thread.sleep(interval.toMillis());
      }
    }
  }
}
