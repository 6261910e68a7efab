package dev.seawall.firewall.lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The namespaces of one test run, named {@code <prefix>-<name>} with a prefix unique to the run
 * (at most 10 characters, as lab/router-lab.sh wants), and the processes started in them. {@link
 * #close} kills those processes (only ever ones this run started, inside its own namespaces); the
 * namespaces themselves belong to whoever created them (see {@link RouterLab}).
 */
public final class Netns implements AutoCloseable {
  private final String prefix;
  private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
  private final Path dir;

  private final List<String> namespaces = new ArrayList<>();

  /** @param tag one letter naming the test class, for people reading `ip netns list` */
  public Netns(char tag) throws IOException {
    this.prefix = String.format("sw%c%05d%02x", tag, ProcessHandle.current().pid() % 100000,
        ThreadLocalRandom.current().nextInt(256));
    this.dir = Files.createTempDirectory("seawall-" + prefix + "-");
  }

  public String prefix() {
    return prefix;
  }

  /** Namespaces whose remaining processes {@link #close} kills. */
  public void track(String shortName) {
    namespaces.add(name(shortName));
  }

  /** A scratch directory for this run (deleted on close). */
  public Path dir() {
    return dir;
  }

  public String name(String shortName) {
    return prefix + "-" + shortName;
  }

  public record Result(int exit, String out, String err) {
    public boolean ok() {
      return exit == 0;
    }

    @Override
    public String toString() {
      return "exit " + exit + (out.isBlank() ? "" : "\nstdout: " + out.strip()) + (err.isBlank() ? "" : "\nstderr: " + err.strip());
    }
  }

  public static void check(Result r, String what) {
    if (!r.ok()) throw new IllegalStateException(what + " failed: " + r);
  }

  /** Runs {@code cmd} in namespace {@code shortName} (null: the root namespace), bounded in time. */
  public Result run(String shortName, Duration timeout, String... cmd) {
    List<String> full = new ArrayList<>();
    if (shortName != null) full.addAll(List.of("ip", "netns", "exec", name(shortName)));
    full.addAll(List.of(cmd));
    try {
      File out = Files.createTempFile(dir, "out", ".txt").toFile();
      File err = Files.createTempFile(dir, "err", ".txt").toFile();
      Process p = new ProcessBuilder(full).redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      // Lenient decoding: some answers are binary (a tracker's scrape), and must not turn into an error.
      String o = new String(Files.readAllBytes(out.toPath()), StandardCharsets.UTF_8);
      String e = new String(Files.readAllBytes(err.toPath()), StandardCharsets.UTF_8);
      out.delete();
      err.delete();
      return new Result(done ? p.exitValue() : 124, o, done ? e : e + "\n(timed out after " + timeout + ")");
    } catch (IOException e) {
      return new Result(127, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(130, "", "interrupted");
    }
  }

  /** Starts {@code cmd} in namespace {@code shortName} in the background; output to {@code log}. */
  public Process spawn(String shortName, Path log, String... cmd) {
    return spawn(shortName, log, List.of(), cmd);
  }

  public Process spawn(String shortName, Path log, List<String> env, String... cmd) {
    return spawn(shortName, log, env, null, cmd);
  }

  /** As above, with {@code cwd} as the working directory (null: this process's). */
  public Process spawn(String shortName, Path log, List<String> env, Path cwd, String... cmd) {
    List<String> full = new ArrayList<>();
    if (shortName != null) full.addAll(List.of("ip", "netns", "exec", name(shortName)));
    if (!env.isEmpty()) {
      full.add("env");
      full.addAll(env);
    }
    full.addAll(List.of(cmd));
    try {
      ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      if (cwd != null) pb.directory(cwd.toFile());
      Process p = pb.start();
      processes.add(p);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + full, e);
    }
  }

  /** Stops one process we started: SIGTERM, then SIGKILL after {@code grace}. */
  public static void stop(Process p, Duration grace) {
    if (!p.isAlive()) return;
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    killProcesses();
    deleteDir();
  }

  /** Kills every process this run started (and what still runs in its namespaces). */
  public void killProcesses() {
    synchronized (processes) {
      for (Process p : processes) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    // Anything else still running inside our namespaces was started by us (children of the above).
    for (String ns : namespaces) {
      Result pids = run(null, Duration.ofSeconds(5), "ip", "netns", "pids", ns);
      for (String pid : pids.out().split("\\s+")) {
        if (pid.isBlank()) continue;
        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    for (Process p : processes) {
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Removes the scratch directory: last, since {@link #run} keeps its output there. */
  public void deleteDir() {
    deleteTree(dir);
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p)) return;
    try (var walk = Files.walk(p)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // best effort: temp files only
    }
  }
}
