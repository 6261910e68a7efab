package dev.seawall.netctl.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces created by a test with a unique tag, and commands run in them. {@link #close}
 * deletes every namespace it created and stops every process it started (by PID).
 */
public final class Netns implements AutoCloseable {
  private final String tag;
  private final List<String> created = new ArrayList<>();
  private final List<Process> started = new ArrayList<>();

  public Netns(String purpose) {
    // interface names are limited to 15 bytes: keep the tag short and unique per run
    this.tag = "sw" + (ProcessHandle.current().pid() % 100000) + purpose;
  }

  public String tag() {
    return tag;
  }

  /** Creates namespace {@code tag + suffix} with loopback up; returns its name. */
  public String add(String suffix) {
    String name = tag + suffix;
    sh("ip", "netns", "add", name);
    created.add(name);
    sh("ip", "-n", name, "link", "set", "lo", "up");
    return name;
  }

  /** A veth pair between two namespaces with an address (CIDR) on each end. */
  public void link(String nsA, String ifA, String addrA, String nsB, String ifB, String addrB) {
    sh("ip", "link", "add", ifA, "netns", nsA, "type", "veth", "peer", "name", ifB, "netns", nsB);
    sh("ip", "-n", nsA, "addr", "add", addrA, "dev", ifA);
    sh("ip", "-n", nsB, "addr", "add", addrB, "dev", ifB);
    sh("ip", "-n", nsA, "link", "set", ifA, "up");
    sh("ip", "-n", nsB, "link", "set", ifB, "up");
  }

  public String exec(String ns, String... cmd) {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    c.addAll(List.of(cmd));
    return sh(c.toArray(String[]::new));
  }

  /** One ping with a 1 s deadline: true when a reply came back. */
  public boolean ping(String fromNs, String address) {
    return run(List.of("ip", "netns", "exec", fromNs, "ping", "-n", "-q", "-c", "1", "-W", "1", address)) == 0;
  }

  /** Polls {@code condition} every 100 ms for at most {@code seconds}; returns its last value. */
  public static boolean within(double seconds, java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (true) {
      if (condition.getAsBoolean()) return true;
      if (System.nanoTime() > end) return false;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** Starts a long-running program in a namespace, output to {@code log}; stopped by {@link #close}. */
  public Process start(String ns, java.nio.file.Path log, String... cmd) {
    List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    c.addAll(List.of(cmd));
    try {
      Process p = new ProcessBuilder(c).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      started.add(p);
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + c + ": " + e.getMessage(), e);
    }
  }

  /** Stops one started program (TERM, then KILL after 5 s) and waits for it. */
  public static void stop(Process p) {
    if (!p.isAlive()) return;
    p.descendants().forEach(ProcessHandle::destroy);
    p.destroy();
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static String sh(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + ": timed out");
      }
      if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  static int run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) stop(started.get(i));
    for (int i = created.size() - 1; i >= 0; i--) {
      run(List.of("ip", "netns", "del", created.get(i)));
    }
  }
}
