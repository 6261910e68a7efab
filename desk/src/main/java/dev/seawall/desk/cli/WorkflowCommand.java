package dev.seawall.desk.cli;

import dev.seawall.desk.audit.PermissionDenied;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;

/**
 * Base of the workflow commands: a refusal (bad input, unknown id, wrong state, four-eyes rule)
 * is one line on stderr and exit status 1, never a stack trace.
 */
abstract class WorkflowCommand implements Callable<Integer> {
  abstract int run() throws Exception;

  @Override
  public final Integer call() throws Exception {
    try {
      return run();
    } catch (IllegalArgumentException | IllegalStateException | NoSuchElementException | PermissionDenied e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    } catch (java.sql.SQLException e) {
      System.err.println("database: " + e.getMessage());
      return 1;
    }
  }
}
