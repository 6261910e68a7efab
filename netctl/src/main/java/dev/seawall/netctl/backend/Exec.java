package dev.seawall.netctl.backend;

import dev.seawall.netctl.BackendException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command (ip, birdc) with a deadline; a failure names the command and its stderr. */
final class Exec {
  private Exec() {}

  record Result(int exit, String out, String err) {}

  static Result run(List<String> command, Duration timeout) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    } catch (IOException e) {
      throw new BackendException("cannot run '" + String.join(" ", command) + "': " + e.getMessage(), e);
    }
    try {
      // read both streams concurrently so a chatty command cannot fill a pipe and stall
      StringBuilder errText = new StringBuilder();
      Thread err = Thread.ofPlatform().daemon().start(() -> {
        try {
          errText.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException ignored) {
          // the process died; its exit code tells
        }
      });
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new BackendException("'" + String.join(" ", command) + "' did not finish within " + timeout);
      }
      err.join(1000);
      return new Result(p.exitValue(), out, errText.toString().strip());
    } catch (IOException e) {
      p.destroyForcibly();
      throw new BackendException("'" + String.join(" ", command) + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new BackendException("interrupted while running '" + String.join(" ", command) + "'");
    }
  }

  /** Runs and requires exit 0. */
  static String check(List<String> command, Duration timeout) {
    Result r = run(command, timeout);
    if (r.exit() != 0) {
      throw new BackendException("'" + String.join(" ", command) + "' failed (exit " + r.exit() + "): " + r.err());
    }
    return r.out();
  }
}
