package dev.seawall.desk.cli;

import dev.seawall.desk.store.Database;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/** {@code --db JDBC_URL}, shared by every desk command. */
public final class DbOption {
  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = "Database: jdbc:h2:file:/path/desk or jdbc:postgresql://host:5432/db?user=u (password also from "
          + "SEAWALL_DB_PASSWORD). Default: an H2 file in $XDG_DATA_HOME/seawall (~/.local/share/seawall).")
  String url;

  public Database open() throws SQLException {
    return Database.open(url);
  }
}
