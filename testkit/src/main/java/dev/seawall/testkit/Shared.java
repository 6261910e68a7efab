package dev.seawall.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The team's shared data folder ({@code ../shared} beside the repository). A user's clone does not
 * have it: tests that read it call {@link #require} and are reported as skipped, with the reason.
 */
public final class Shared {
  private Shared() {}

  /** The folder, from the {@code seawall.shared} property (set by the build) or {@code ../shared}. */
  public static Path root() {
    String configured = System.getProperty("seawall.shared");
    Path p = configured != null ? Path.of(configured) : Path.of("..", "shared");
    return p.toAbsolutePath().normalize();
  }

  public static boolean present(String relative) {
    return Files.exists(root().resolve(relative));
  }

  /** Returns {@code root()/relative}, or skips the calling test when it does not exist. */
  public static Path require(String relative) {
    Path p = root().resolve(relative);
    assumeTrue(Files.exists(p), () -> "skipped: " + p + " is absent (../shared is only on the team's machines)");
    return p;
  }
}
