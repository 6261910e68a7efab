package dev.seawall.firewall.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code seawall firewall} as its own process in the router namespace, started from the test
 * class path (the same classes the shaded jar holds), so it can be killed with any signal.
 */
public final class FirewallDaemon implements AutoCloseable {
  private final Netns ns;
  private final String where;
  private final Process process;
  private final Path log;
  private final Path work;

  private FirewallDaemon(Netns ns, String where, Process process, Path log, Path work) {
    this.ns = ns;
    this.where = where;
    this.process = process;
    this.log = log;
    this.work = work;
  }

  /** The daemon's working directory and java.io.tmpdir: an empty directory it has no reason to write to. */
  public Path workDir() {
    return work;
  }

  /** The java command line that runs the firewall with {@code args}. */
  public static List<String> javaCommand(Path workDir, List<String> args) {
    return javaCommand(workDir, args, System.getProperty("java.class.path"));
  }

  public static List<String> javaCommand(Path workDir, List<String> args, String classPath) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-XX:-UsePerfData",
        "-Xss512k", "-Djava.io.tmpdir=" + workDir, "-cp", classPath,
        "dev.seawall.firewall.FirewallCommand"));
    cmd.addAll(args);
    return cmd;
  }

  /** Starts it with {@code args} and waits until it reports running (or fails). */
  public static FirewallDaemon start(RouterLab lab, String... args) throws IOException {
    return start(lab.ns(), RouterLab.RTR, List.of(), List.of(args));
  }

  public static FirewallDaemon start(Netns ns, String where, List<String> prefix, List<String> args) throws IOException {
    return start(ns, where, prefix, args, System.getProperty("java.class.path"));
  }

  public static FirewallDaemon start(Netns ns, String where, List<String> prefix, List<String> args, String classPath)
      throws IOException {
    Path log = Files.createTempFile(ns.dir(), "firewall", ".log");
    Path work = Files.createTempDirectory(ns.dir(), "fw-work");
    work.toFile().setWritable(true, false); // a daemon running as nobody could write here: the test checks it did not
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(javaCommand(work, args, classPath));
    Process p = ns.spawn(where, log, List.of(), work, cmd.toArray(String[]::new));
    FirewallDaemon d = new FirewallDaemon(ns, where, p, log, work);
    d.awaitLine("running with", Duration.ofSeconds(60));
    return d;
  }

  /** Waits for a log line containing {@code text}; throws with the log when the process ends or time runs out. */
  public void awaitLine(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String l = log();
      if (l.contains(text)) return;
      if (!process.isAlive()) throw new IllegalStateException("firewall exited (" + process.exitValue() + "):\n" + l);
      sleep(100);
    }
    throw new IllegalStateException("firewall did not log '" + text + "' within " + timeout + ":\n" + log());
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  public Path logFile() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** GET on the daemon's metrics listener (inside its namespace). */
  public String get(String path) {
    Netns.Result r = ns.run(where, Duration.ofSeconds(10), "curl", "-s", "-m", "5", "http://127.0.0.1:9108" + path);
    return r.out();
  }

  /** HTTP status of {@code /health}. */
  public int healthStatus() {
    Netns.Result r = ns.run(where, Duration.ofSeconds(10), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5",
        "http://127.0.0.1:9108/health");
    try {
      return Integer.parseInt(r.out().strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The value of one metric line (exact name with labels), or -1 when absent. */
  public double metric(String nameWithLabels) {
    for (String line : get("/metrics").split("\n")) {
      if (line.startsWith(nameWithLabels + " ")) return Double.parseDouble(line.substring(nameWithLabels.length() + 1).strip());
    }
    return -1;
  }

  public void signal(String signal) {
    Netns.check(ns.run(null, Duration.ofSeconds(5), "kill", "-" + signal, Long.toString(process.pid())), "kill -" + signal);
  }

  /** Sends SIGTERM and waits for the exit; returns the exit status. */
  public int terminate(Duration timeout) {
    signal("TERM");
    return waitFor(timeout);
  }

  /** SIGKILL: no cleanup can run. */
  public int kill() {
    signal("KILL");
    return waitFor(Duration.ofSeconds(10));
  }

  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("firewall still running after " + timeout + ":\n" + log());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) Netns.stop(process, Duration.ofSeconds(10));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
