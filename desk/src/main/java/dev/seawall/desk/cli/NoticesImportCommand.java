package dev.seawall.desk.cli;

import dev.seawall.desk.intake.ImportSummary;
import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.SpreadsheetImport;
import dev.seawall.desk.intake.Sources;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seawall notices import PATH...}: files, folders and mbox files; or a hit-list spreadsheet. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Reads notices (e-mail files, mbox, bare ACNS XML, X-ARF JSON, folders of them) or, with",
        "--spreadsheet, a rights holder's hit list (CSV or XLSX), and stores each notice once.",
        "Prints a summary: read, stored, duplicates, events, flagged, per format."})
public final class NoticesImportCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files, folders or mbox files.")
  List<Path> paths;

  @Option(names = "--spreadsheet", description = "PATH is a hit list (CSV/XLSX with IP, port, time, title, hash columns).")
  boolean spreadsheet;

  @Option(names = "--sender", description = "Who sent the spreadsheet (kept as the events' sender).")
  String sender;

  @Option(names = "--threads", description = "Parser threads (default: one per core).")
  Integer threads;

  @Option(names = "--progress", negatable = true, description = "Progress bar on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @Mixin DbOption db;

  @Override
  public Integer call() throws Exception {
    try (Database database = db.open()) {
      NoticeStore store = new NoticeStore(database);
      ImportSummary total;
      if (spreadsheet) {
        for (Path p : paths) {
          System.out.print(p + ": " + new SpreadsheetImport(store, Clock.systemUTC()).run(p, sender).render());
        }
        return 0;
      }
      try (Sources sources = new Sources(paths)) {
        Importer importer = threads == null ? new Importer(store, Clock.systemUTC()) : new Importer(store, Clock.systemUTC(), threads);
        boolean bar = progress != null ? progress : System.console() != null;
        if (bar) {
          try (ProgressBar pb = new ProgressBarBuilder().setTaskName("notices").setInitialMax(Math.max(1, sources.totalBytes() >> 10))
              .setUnit(" KiB", 1).setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer(System.err))
              .build()) {
            total = importer.run(sources, done -> pb.stepTo(done >> 10));
          }
        } else {
          total = importer.run(sources, done -> { });
        }
      }
      System.out.print(total.render());
      return total.problems().isEmpty() ? 0 : 1;
    }
  }
}
