package dev.seawall.analyze;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A one-line progress bar on standard error, redrawn at most ten times a second. */
final class ProgressBar implements CaptureAnalysis.Progress {
  private final PrintStream err;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private boolean drawn;

  ProgressBar(PrintStream err) {
    this.err = err;
  }

  /** Whether standard error is a terminal (Linux: fd 2 points at a tty device). */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void update(String file, long position, long size) {
    long now = System.nanoTime();
    if (now - lastDraw < 100_000_000L || size <= 0) return;
    lastDraw = now;
    double fraction = Math.min(1.0, (double) position / size);
    int width = 30;
    int filled = (int) (fraction * width);
    double mbps = position / 1e6 / Math.max(1e-9, (now - startNanos) / 1e9);
    String name = file.length() > 40 ? "..." + file.substring(file.length() - 37) : file;
    err.printf(Locale.ROOT, "\r%-40s [%s%s] %3.0f%% %6.0f MB/s", name, "#".repeat(filled), " ".repeat(width - filled),
        fraction * 100, mbps);
    drawn = true;
  }

  @Override
  public void done() {
    if (drawn) err.print("\r" + " ".repeat(90) + "\r");
    err.flush();
  }
}
