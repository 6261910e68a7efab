package dev.seawall.firewall.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped packaging files (firewall/packaging), read by the tests that check them. */
public final class Packaging {
  private Packaging() {}

  public static final Path DIR = Path.of("packaging");

  public static String unit() throws IOException {
    return Files.readString(DIR.resolve("seawall-firewall.service"));
  }

  /** The capability names on {@code key=} in a unit file. */
  public static List<String> capabilities(String unit, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(unit);
    if (!m.find()) throw new AssertionError(key + " is missing from the unit");
    return Arrays.asList(m.group(1).strip().split("\\s+"));
  }
}
