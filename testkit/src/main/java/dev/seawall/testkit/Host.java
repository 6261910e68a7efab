package dev.seawall.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prerequisites of tests that run real programs: root, commands from Debian packages. */
public final class Host {
  private Host() {}

  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  public static boolean hasCommand(String name) {
    String path = System.getenv("PATH");
    if (path == null) path = "/usr/sbin:/usr/bin:/sbin:/bin";
    for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return true;
    }
    return false;
  }

  /** Skips the calling test unless it runs as root (network namespaces, iptables). */
  public static void requireRoot() {
    assumeTrue(isRoot(), "skipped: needs root for network namespaces (CI runs as root)");
  }

  /** Skips the calling test unless every command is installed; names the package in the reason. */
  public static void requireCommands(String... commands) {
    for (String c : commands) {
      assumeTrue(hasCommand(c), () -> "skipped: command '" + c + "' not installed (.ci/run installs it)");
    }
  }
}
