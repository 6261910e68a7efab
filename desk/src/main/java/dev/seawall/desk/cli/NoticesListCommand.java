package dev.seawall.desk.cli;

import dev.seawall.desk.match.EventMatcher;
import dev.seawall.desk.match.Match;
import dev.seawall.desk.match.Verdict;
import dev.seawall.desk.registry.Registry;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.store.RegistryStore;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seawall notices list}: every stored event with the customer that held the address. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"Prints one event per line with source, sender, ip, port, timestamp (UTC), protocol, infohash,",
        "title, customer, match (customer / shared-exit / not-ours / unmatched), flags, and why."})
public final class NoticesListCommand implements Callable<Integer> {
  enum Format { jsonl, csv }

  @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(names = "--skew", defaultValue = "5m", converter = Durations.class,
      description = "Clock-skew window around each observation (default: ${DEFAULT-VALUE}).")
  Duration skew;

  @Option(names = "--since", description = "Only events observed at or after this ISO-8601 instant.")
  Instant since;

  @Option(names = "--until", description = "Only events observed before this ISO-8601 instant.")
  Instant until;

  @Option(names = "--match", description = "Only events with this verdict: customer, shared-exit, not-ours, unmatched.")
  String onlyMatch;

  @Option(names = "--customer", description = "Only events matched to this customer code.")
  String onlyCustomer;

  @Mixin DbOption db;

  @Override
  public Integer call() throws Exception {
    if (onlyMatch != null && !known(onlyMatch)) {
      System.err.println("--match " + onlyMatch + ": expected customer, shared-exit, not-ours or unmatched");
      return 2;
    }
    try (Database database = db.open()) {
      Registry registry = new RegistryStore(database).load();
      EventMatcher matcher = new EventMatcher(registry, skew);
      PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16));
      EventLines lines = new EventLines(out, format == Format.csv);
      new NoticeStore(database).forEachEvent(since, until, row -> {
        Match m = matcher.match(row.event(), row.noticeDate());
        if (onlyMatch != null && !m.verdict().label().equals(onlyMatch)) return;
        if (onlyCustomer != null && !onlyCustomer.equals(m.customer())) return;
        lines.write(row, m);
      });
      out.flush();
      return out.checkError() ? 1 : 0;
    }
  }

  static boolean known(String v) {
    for (Verdict x : Verdict.values()) if (x.label().equals(v)) return true;
    return false;
  }
}
