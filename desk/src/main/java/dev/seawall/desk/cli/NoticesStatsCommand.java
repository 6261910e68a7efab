package dev.seawall.desk.cli;

import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seawall notices stats}: how many notices and events are stored, per format. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Counts stored notices and events, per format.")
public final class NoticesStatsCommand implements Callable<Integer> {
  @Mixin DbOption db;

  @Override
  public Integer call() throws Exception {
    try (Database database = db.open()) {
      NoticeStore.Counts c = new NoticeStore(database).counts();
      System.out.println("notices " + c.notices() + " events " + c.events());
      c.byFormat().forEach((f, n) -> System.out.printf("  %-24s %d%n", f, n));
      return 0;
    }
  }
}
