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
 * Network namespaces created by one test run, named {@code sw<pid><random>-<name>}, and the
 * processes started in them. {@link #close} kills those processes (only ever ones this run
 * started inside its own namespaces) and deletes the namespaces. Nothing touches the root
 * namespace's network configuration.
 */
public final class Netns implements AutoCloseable {
  private final String prefix;
  private final List<String> created = new ArrayList<>();
  private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
  private final Path dir;

  public Netns(String tag) throws IOException {
    this.prefix = "sw" + tag + (ProcessHandle.current().pid() % 100000)
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    this.dir = Files.createTempDirectory("seawall-" + prefix + "-");
  }

  /** A scratch directory for this run (deleted on close). */
  public Path dir() {
    return dir;
  }

  public String name(String shortName) {
    return prefix + "-" + shortName;
  }

  public void add(String shortName) {
    String ns = name(shortName);
    check(run(null, Duration.ofSeconds(10), "ip", "netns", "add", ns), "ip netns add " + ns);
    created.add(ns);
    check(run(shortName, Duration.ofSeconds(10), "ip", "link", "set", "lo", "up"), "lo up in " + ns);
    // Names resolve nowhere: no client can reach out of the lab by name.
    try {
      Path etc = Path.of("/etc/netns", ns);
      Files.createDirectories(etc);
      Files.writeString(etc.resolve("resolv.conf"), "nameserver 127.0.0.1\n");
    } catch (IOException e) {
      throw new IllegalStateException("cannot write /etc/netns/" + ns + "/resolv.conf", e);
    }
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
      String o = Files.readString(out.toPath(), StandardCharsets.UTF_8);
      String e = Files.readString(err.toPath(), StandardCharsets.UTF_8);
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
    List<String> full = new ArrayList<>();
    if (shortName != null) full.addAll(List.of("ip", "netns", "exec", name(shortName)));
    if (!env.isEmpty()) {
      full.add("env");
      full.addAll(env);
    }
    full.addAll(List.of(cmd));
    try {
      Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
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
    synchronized (processes) {
      for (Process p : processes) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    // Anything else still running inside our namespaces was started by us (children of the above).
    for (String ns : created) {
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
    for (String ns : created) {
      run(null, Duration.ofSeconds(10), "ip", "netns", "del", ns);
      deleteTree(Path.of("/etc/netns", ns));
    }
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
