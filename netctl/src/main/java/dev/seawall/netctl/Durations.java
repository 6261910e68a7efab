package dev.seawall.netctl;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations operators type: "500ms", "90s", "30m", "12h", "3d", "1w", or ISO-8601 "PT12H". */
public final class Durations {
  private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})\\s*(ms|[smhdw])");

  private Durations() {}

  public static Duration parse(String text, String where) {
    String s = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
    Matcher m = SIMPLE.matcher(s);
    Duration d;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      d = switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    } else {
      try {
        d = Duration.parse(text.strip());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(where + ": '" + text + "' is not a duration (use 500ms, 90s, 30m, 12h, 3d, 1w or PT12H)");
      }
    }
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(where + ": duration must be positive, got '" + text + "'");
    return d;
  }

  /** "3d", "12h", "90s": the largest whole unit, for messages and listings. */
  public static String format(Duration d) {
    if (d.toMillisPart() != 0) return d.toMillis() + "ms";
    long s = d.toSeconds();
    if (s % 86400 == 0) return s / 86400 + "d";
    if (s % 3600 == 0) return s / 3600 + "h";
    if (s % 60 == 0) return s / 60 + "m";
    return s + "s";
  }
}
