package dev.seawall.desk.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import org.flywaydb.core.Flyway;

/**
 * The desk's database: an H2 file by default (nothing to set up), PostgreSQL in production. One
 * schema, applied by Flyway migrations on open. Credentials may be in the URL
 * ({@code jdbc:postgresql://host/db?user=…&password=…}) or in SEAWALL_DB_USER / SEAWALL_DB_PASSWORD.
 */
public final class Database implements AutoCloseable {
  private final String url;
  private final String user;
  private final String password;
  /** H2 closes (and compacts) a file database when its last connection closes: keep one open. */
  private Connection keeper;

  private Database(String url) {
    this.url = url;
    this.user = System.getenv("SEAWALL_DB_USER");
    this.password = System.getenv("SEAWALL_DB_PASSWORD");
  }

  /** Opens (and migrates) the database at the JDBC URL, or the default H2 file when null. */
  public static Database open(String jdbcUrl) throws SQLException {
    Database db = new Database(jdbcUrl == null || jdbcUrl.isBlank() ? defaultUrl() : jdbcUrl.strip());
    db.migrate();
    if (!db.isPostgres()) db.keeper = db.connect();
    return db;
  }

  /** {@code $XDG_DATA_HOME/seawall/desk} or {@code ~/.local/share/seawall/desk}, as an H2 file. */
  public static String defaultUrl() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
    Path dir = base.resolve("seawall");
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    return "jdbc:h2:file:" + dir.resolve("desk").toAbsolutePath();
  }

  public String url() {
    return url;
  }

  public boolean isPostgres() {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
  }

  public Connection connect() throws SQLException {
    Connection c = user != null ? DriverManager.getConnection(url, user, password) : DriverManager.getConnection(url);
    if (!isPostgres()) {
      // after a crash H2 rolls back the dead process's transaction when the file is opened again,
      // holding its locks meanwhile: wait for that rather than fail after the default second
      try (var st = c.createStatement()) {
        st.execute("SET LOCK_TIMEOUT 60000");
      }
    }
    return c;
  }

  /** Flyway's progress lines would mix with command output (jsonl on stdout): warnings only. */
  private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

  static {
    FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private void migrate() throws SQLException {
    try {
      Flyway.configure()
          .dataSource(url, user, password)
          .locations("classpath:db/migration")
          .load()
          .migrate();
    } catch (org.flywaydb.core.api.FlywayException e) {
      throw new SQLException("cannot prepare the database at " + redacted() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws SQLException {
    if (keeper != null) {
      keeper.close();
      keeper = null;
    }
  }

  /** The URL without a password, for messages. */
  public String redacted() {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
