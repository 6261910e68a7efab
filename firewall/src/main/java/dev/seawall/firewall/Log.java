package dev.seawall.firewall;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The daemon's log: lines on standard error (the journal, under systemd). What is logged is
 * startup, configuration, shutdown and aggregate problems; never anything about one flow, so no
 * address, port or info-hash of a user can appear here. Never called on the packet path.
 */
public final class Log {
  private static volatile PrintStream out = System.err;

  private Log() {}

  public static void info(String message) {
    write("info", message);
  }

  public static void warn(String message) {
    write("warn", message);
  }

  public static void error(String message) {
    write("error", message);
  }

  private static void write(String level, String message) {
    PrintStream o = out;
    synchronized (Log.class) {
      o.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " seawall-firewall " + level + ": " + message);
      o.flush();
    }
  }
}
