package dev.seawall.desk.cli;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.workflow.Desk;
import dev.seawall.desk.workflow.WorkflowConfig;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * Options of the workflow commands: the database, the workflow configuration, and who is acting.
 * The commands are for operators with direct database access; they act with the admin role under
 * the name given (the web API is where users authenticate). The four-eyes rule for court orders
 * still holds between names.
 */
public final class WorkflowOptions {
  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = "Database (default: the H2 file in $XDG_DATA_HOME/seawall); see 'seawall notices import --help'.")
  String url;

  @Option(names = "--config", paramLabel = "FILE", description = "Workflow configuration (desk/WORKFLOW.md; needed by commands that mail or apply the policy).")
  Path config;

  @Option(names = "--user", paramLabel = "NAME", description = "Who acts, for the audit log (default: $SUDO_USER or $USER).")
  String user;

  public Database open() throws SQLException {
    return Database.open(url);
  }

  public WorkflowConfig config() {
    if (config == null) throw new IllegalArgumentException("this command needs --config FILE (the workflow configuration)");
    return WorkflowConfig.load(config);
  }

  public Desk desk(Database db) {
    return Desk.open(db, config(), Clock.systemUTC());
  }

  public Actor actor() {
    String u = user;
    if (u == null || u.isBlank()) u = System.getenv("SUDO_USER");
    if (u == null || u.isBlank()) u = System.getenv("USER");
    if (u == null || u.isBlank()) throw new IllegalArgumentException("give --user NAME (who acts, for the audit log)");
    return Actor.user(u.strip(), Role.ADMIN);
  }
}
