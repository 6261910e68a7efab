package dev.seawall.desk.cli;

import dev.seawall.desk.counter.CounterNotice;
import dev.seawall.desk.counter.CounterNoticeForm;
import dev.seawall.desk.counter.CounterState;
import dev.seawall.desk.json.Fields;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.workflow.Desk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seawall counter …}: §512(g) counter-notices. */
@Command(name = "counter", mixinStandardHelpOptions = true,
    description = "Counter-notices (17 U.S.C. § 512(g)): record one, record a complainant's court action, list.",
    subcommands = {CounterCommand.Submit.class, CounterCommand.Lawsuit.class, CounterCommand.ListCounter.class})
public final class CounterCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static String line(CounterNotice c) {
    return String.format("%d  notice %d  %-17s received %s%s%s", c.id(), c.noticeId(), c.state().name().toLowerCase(Locale.ROOT),
        c.received(), c.restoreEarliest() == null ? "" : ", restores " + c.restoreAt() + " (window " + c.restoreEarliest() + " – "
            + c.restoreLatest() + ")", c.missing().isEmpty() ? "" : ", missing " + c.missing());
  }

  @Command(name = "submit", mixinStandardHelpOptions = true, description = {
      "Record a counter-notice from a JSON file: {\"notice\": 12, \"receivedAt\": \"2026-…Z\", \"subscriberName\": …, \"address\": …,",
      "\"phone\": …, \"email\": …, \"material\": …, \"priorLocation\": …, \"reason\": \"MISIDENTIFIED\", \"statement\": …, \"signature\": …}"})
  static final class Submit extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Parameters(paramLabel = "FILE.json") Path file;

    @Override
    int run() throws Exception {
      Fields f = Fields.parse(Files.readString(file), file.toString()).only("notice", "customer", "subscriberName", "address", "phone",
          "email", "material", "priorLocation", "reason", "statement", "signature", "receivedAt");
      int notice = f.integer("notice", 0, 1);
      if (notice == 0) throw new IllegalArgumentException(file + ": 'notice' (the id of the notice it answers) is required");
      String reason = f.string("reason", null);
      CounterNoticeForm.Reason r;
      try {
        r = reason == null ? null : CounterNoticeForm.Reason.valueOf(reason.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ".reason: '" + reason + "' is not IOWN, FAIRUSEFREESPEECH, MISIDENTIFIED or OTHER");
      }
      Instant received;
      try {
        received = Instant.parse(f.string("receivedAt"));
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException(file + ".receivedAt: not an ISO-8601 instant");
      }
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        CounterNotice c = desk.counterNotices().submit(options.actor(), new CounterNoticeForm(notice, f.string("customer", null),
            f.string("subscriberName", null), f.string("address", null), f.string("phone", null), f.string("email", null),
            f.string("material", null), f.string("priorLocation", null), r, f.string("statement", null), f.string("signature", null),
            received));
        System.out.println(line(c));
        desk.outbox().deliverDue();
        return c.state() == CounterState.INCOMPLETE ? 1 : 0;
      }
    }
  }

  @Command(name = "lawsuit", mixinStandardHelpOptions = true, description = "The complainant reported filing a court action: cancel the restoration.")
  static final class Lawsuit extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Parameters(paramLabel = "COUNTER_NOTICE") long id;
    @Option(names = "--court", required = true) String court;
    @Option(names = "--case", required = true) String caseNumber;
    @Option(names = "--reason", required = true) String reason;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        System.out.println(line(desk.counterNotices().reportLawsuit(options.actor(), id, court, caseNumber, reason)));
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Counter-notices, all or in one state.")
  static final class ListCounter extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Option(names = "--state", description = "incomplete, scheduled, cancelled_lawsuit, restored") CounterState state;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        for (CounterNotice c : desk.counterNotices().list(state)) System.out.println(line(c));
        return 0;
      }
    }
  }
}
