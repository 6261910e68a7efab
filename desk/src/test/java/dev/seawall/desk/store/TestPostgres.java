package dev.seawall.desk.store;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seawall.testkit.Host;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests: Debian's postgresql package (CI installs it), initialised in
 * a temporary folder, listening on 127.0.0.1 on a free port, started once per test JVM and
 * stopped (folder deleted) when the JVM ends. PostgreSQL refuses to run as root, so as root it
 * runs as the "postgres" user. Each caller gets a fresh database.
 */
public final class TestPostgres {
  private TestPostgres() {}

  private static Path dir;
  private static Path bin;
  private static int port;
  private static String failure;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  /** A JDBC URL of a new, empty database; skips the calling test when PostgreSQL is not installed. */
  public static synchronized String newDatabase() throws SQLException {
    start();
    assumeTrue(failure == null, () -> "skipped: " + failure);
    String name = "seawall_t" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres")); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  private static String url(String db) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=postgres";
  }

  private static void start() {
    if (dir != null || failure != null) return;
    bin = findBin();
    if (bin == null) {
      failure = "PostgreSQL server binaries not installed (/usr/lib/postgresql/*/bin; .ci/run installs postgresql)";
      return;
    }
    boolean root = Host.isRoot();
    if (root && !Host.hasCommand("runuser")) {
      failure = "running as root needs runuser to start PostgreSQL as the postgres user";
      return;
    }
    try {
      dir = Files.createTempDirectory("seawall-pg");
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      if (root) run(List.of("chown", "postgres:postgres", dir.toString()));
      Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop));
      as(root, List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
          "--auth=trust", "-E", "UTF8", "--no-sync"));
      as(root, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-o",
          "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off",
          "-l", dir.resolve("pg.log").toString(), "-w", "-t", "60", "start"));
    } catch (IOException | InterruptedException e) {
      failure = "could not start PostgreSQL: " + e.getMessage();
    }
  }

  private static Path findBin() {
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) return null;
    try (Stream<Path> s = Files.list(base)) {
      return s.map(p -> p.resolve("bin"))
          .filter(p -> Files.isExecutable(p.resolve("pg_ctl")) && Files.isExecutable(p.resolve("initdb")))
          .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElse(null);
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  private static void as(boolean root, List<String> cmd) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (root) full.addAll(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(cmd);
    run(full);
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("cmd.log").toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish in 120 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + Files.readString(dir.resolve("cmd.log")));
    }
  }

  private static synchronized void stop() {
    if (dir == null) return;
    try {
      as(Host.isRoot(), List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
    } catch (IOException | InterruptedException e) {
      System.err.println("TestPostgres: stop failed: " + e.getMessage());
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("TestPostgres: could not delete " + dir + ": " + e.getMessage());
    }
    dir = null;
  }
}
