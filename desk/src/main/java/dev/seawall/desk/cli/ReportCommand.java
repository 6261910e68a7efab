package dev.seawall.desk.cli;

import dev.seawall.desk.report.ReportFormats;
import dev.seawall.desk.report.TransparencyReport;
import dev.seawall.desk.report.TransparencyReports;
import dev.seawall.desk.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seawall report --from 2026-01-01 --until 2027-01-01 --format html}: the transparency report. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Transparency report for a period (DMCA and EU DSA Art. 15 figures) as JSON, CSV or a printable HTML page.")
public final class ReportCommand extends WorkflowCommand {
  enum Format { json, csv, html }

  @Mixin WorkflowOptions options;

  @Option(names = "--from", required = true, description = "Start (inclusive): YYYY-MM-DD (UTC) or an ISO-8601 instant.") String from;

  @Option(names = "--until", required = true, description = "End (exclusive): YYYY-MM-DD (UTC) or an ISO-8601 instant.") String until;

  @Option(names = "--format", defaultValue = "json", description = "json, csv or html (default: ${DEFAULT-VALUE}).") Format format;

  @Option(names = "--operator", description = "Name on the report (default: the --config operator, else \"Seawall\").") String operator;

  @Option(names = "--out", description = "Write to this file instead of stdout.") Path out;

  @Override
  int run() throws Exception {
    String who = operator != null ? operator : options.config != null ? options.config().operator().name() : "Seawall";
    try (Database db = options.open()) {
      TransparencyReport r = new TransparencyReports(db, Clock.systemUTC(), who).build(instant(from, "--from"), instant(until, "--until"));
      String text = switch (format) {
        case json -> ReportFormats.json(r);
        case csv -> ReportFormats.csv(r);
        case html -> ReportFormats.html(r);
      };
      if (out == null) System.out.print(text);
      else Files.writeString(out, text);
      return 0;
    }
  }

  static Instant instant(String s, String option) {
    try {
      return s.length() == 10 ? LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + s + "' is not a date (YYYY-MM-DD) or an ISO-8601 instant");
    }
  }
}
