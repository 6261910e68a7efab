package dev.seawall.proxy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs programs for tests, bounded in time. */
final class Procs {
  private Procs() {}

  record Result(int exit, String out, String err) {}

  static Result run(long timeoutSeconds, List<String> cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Path out = java.nio.file.Files.createTempFile("sw-proc", ".out");
    Path err = java.nio.file.Files.createTempFile("sw-proc", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return new Result(-1, read(out), read(err) + " [timed out]");
      }
      return new Result(p.exitValue(), read(out), read(err));
    } finally {
      java.nio.file.Files.deleteIfExists(out);
      java.nio.file.Files.deleteIfExists(err);
    }
  }

  private static String read(Path p) throws IOException {
    return java.nio.file.Files.readString(p, StandardCharsets.UTF_8);
  }

  /** Starts a long-running helper (stdout/stderr to a file); the caller destroys it. */
  static Process start(Path log, List<String> cmd) throws IOException {
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits until something accepts on host:port (bounded). */
  static void awaitListening(String host, int port, long timeoutMillis) throws InterruptedException, IOException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      try (Socket s = new Socket(host, port)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > end) throw new IOException("nothing listening on " + host + ":" + port, e);
        Thread.sleep(50);
      }
    }
  }

  static void stop(Process p) {
    if (p == null) return;
    p.destroy();
    try {
      if (!p.waitFor(3, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
