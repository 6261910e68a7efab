package dev.seawall.desk.server;

import dev.seawall.desk.audit.Role;
import dev.seawall.desk.auth.Accounts;
import dev.seawall.passwords.PasswordHash;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seawall desk}: the notice desk's web server (REST API, dashboard, health, metrics). */
@Command(name = "desk", mixinStandardHelpOptions = true,
    description = {"Serves the notice desk: the REST API (/api, OpenAPI at /api/openapi.json), the dashboard,",
        "/health and /metrics. Settings: --config FILE (key = value, see desk/packaging/desk.conf), environment",
        "variables SEAWALL_DESK_<KEY> (e.g. SEAWALL_DESK_LISTEN), these options; strongest first: options,",
        "environment, file. --demo starts on a fresh embedded database with SAMPLE data and prints logins."},
    subcommands = {DeskPasswdCommand.class, DeskTokenCommand.class})
public final class DeskCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (key = value).")
  Path config;

  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = "Database: jdbc:postgresql://host/db?user=u (password in SEAWALL_DB_PASSWORD) or jdbc:h2:file:/path."
          + " Default: an H2 file in $XDG_DATA_HOME/seawall.")
  String db;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to serve on (default 127.0.0.1:8470).")
  String listen;

  @Option(names = "--imap", paramLabel = "URL",
      description = "Abuse mailbox fetched at the start of every round: imap://user@host[:port]/FOLDER or imaps://….")
  String imap;

  @Option(names = "--imap-password-file", paramLabel = "FILE",
      description = "File holding the mailbox's password (else $SEAWALL_DESK_IMAP_PASSWORD).")
  String imapPasswordFile;

  @Option(names = "--demo", description = "Fresh embedded database with SAMPLE notices and customers, demo logins printed.")
  boolean demo;

  /** Standalone entry point (the shaded jar goes through {@code seawall desk}). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new DeskCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    DeskServer.quietLibraries();
    Map<String, String> overrides = new LinkedHashMap<>();
    if (db != null) overrides.put("db", db);
    if (listen != null) overrides.put("listen", listen);
    if (imap != null) overrides.put("imap", imap);
    if (imapPasswordFile != null) overrides.put("imap-password-file", imapPasswordFile);
    ConfigFile file;
    DeskConfig cfg;
    try {
      file = config == null ? ConfigFile.empty() : ConfigFile.read(config);
      cfg = DeskConfig.load(file, System.getenv(), overrides);
    } catch (IllegalArgumentException e) {
      System.err.println("seawall desk: " + e.getMessage());
      return 2;
    }
    Path demoDir = null;
    String password = null;
    DemoMailSink sink = null;
    dev.seawall.desk.workflow.WorkflowConfig demoWorkflow = null;
    if (demo) {
      demoDir = Files.createTempDirectory("seawall-desk-demo");
      password = demoPassword();
      sink = new DemoMailSink();
      demoWorkflow = DemoData.workflow(demoDir, sink.port());
      List<Accounts.User> users = new ArrayList<>();
      for (String u : DemoData.users()) users.add(new Accounts.User(u, Role.parse(u), PasswordHash.create(password.toCharArray(), 10_000)));
      cfg = new DeskConfig(cfg.listen(), db != null ? db : "jdbc:h2:file:" + demoDir.resolve("desk"),
          cfg.sessionSecret(), cfg.sessionTtl(), cfg.secureCookies(), cfg.skew(), cfg.nullrouteConfig(), demoDir.resolve("workflow.json"),
          cfg.tick(), cfg.imap(), new Accounts(users, List.of()), List.of());
    }
    cfg.warnings().forEach(w -> System.err.println("seawall desk: warning: " + w));
    StringBuilder settings = new StringBuilder();
    cfg.describe().forEach((k, v) -> settings.append(settings.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
    System.err.println("seawall desk: " + settings);
    long tOpen = System.nanoTime();
    long beforeOpen = System.currentTimeMillis() - jvmStart;
    DeskServices services;
    try {
      services = demo ? DeskServices.open(cfg, demoWorkflow, Clock.systemUTC()) : DeskServices.open(cfg, Clock.systemUTC());
    } catch (IllegalArgumentException | java.sql.SQLException e) {
      System.err.println("seawall desk: " + e.getMessage());
      return 1;
    }
    long tData = System.nanoTime();
    DemoData.Loaded loaded = null;
    if (demo) loaded = DemoData.load(services.db, demoWorkflow, Clock.systemUTC(), 60);
    long tServer = System.nanoTime();
    DeskServer server;
    try {
      server = DeskServer.start(cfg, services, demo);
    } catch (RuntimeException e) {
      services.close();
      System.err.println("seawall desk: cannot serve on " + cfg.listen() + ": " + rootMessage(e)
          + (demo ? " (choose another address with --listen 127.0.0.1:PORT)" : ""));
      return 1;
    }
    String host = cfg.listen().getHostString();
    String url = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/";
    long ms = System.currentTimeMillis() - jvmStart;
    System.err.printf("seawall desk: start-up: JVM and configuration %d ms, database %d ms, sample data %d ms, server %d ms%n",
        beforeOpen, (tData - tOpen) / 1_000_000, (tServer - tData) / 1_000_000, (System.nanoTime() - tServer) / 1_000_000);
    System.out.println("Seawall desk " + server.version() + " at " + url + " (ready " + ms + " ms after start)");
    if (demo) {
      System.out.println("DEMO: " + loaded.notices() + " SAMPLE notices (" + loaded.events() + " events), " + loaded.customers()
          + " SAMPLE customers, in " + demoDir + " (deleted on exit); outgoing mail goes to a local sink and is discarded");
      System.out.println("DEMO logins (password for all: " + password + "): " + String.join(", ", DemoData.users()));
    }
    System.out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    Path dir = demoDir;
    DemoMailSink demoSink = sink;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      if (demoSink != null) {
        try {
          demoSink.close();
        } catch (IOException e) {
          // closing a loopback socket at exit: nothing to report
        }
      }
      try {
        services.close();
      } catch (java.sql.SQLException e) {
        System.err.println("seawall desk: closing the database: " + e.getMessage());
      }
      if (dir != null) deleteTree(dir);
      stop.countDown();
    }, "desk-shutdown"));
    stop.await();
    return 0;
  }

  private static String demoPassword() {
    String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12; i++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    return sb.toString();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) t = t.getCause();
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("seawall desk: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
