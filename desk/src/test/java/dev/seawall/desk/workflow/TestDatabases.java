package dev.seawall.desk.workflow;

import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.TestPostgres;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh databases for the workflow tests, which run once on the embedded H2 file database and once
 * on a real PostgreSQL server ({@code @ParameterizedClass @ValueSource(strings = {"h2", "postgresql"})}).
 */
public final class TestDatabases {
  private TestDatabases() {}

  private static final AtomicInteger N = new AtomicInteger();

  public static Database open(String kind, Path tmp) throws Exception {
    return Database.open(switch (kind) {
      case "h2" -> "jdbc:h2:file:" + tmp.resolve("desk" + N.incrementAndGet()).toAbsolutePath();
      case "postgresql" -> TestPostgres.newDatabase();
      default -> throw new IllegalArgumentException(kind);
    });
  }
}
