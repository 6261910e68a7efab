package dev.seawall.desk.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Reads "90s", "5m", "2h", "1d" or ISO-8601 "PT5M". */
public final class Durations implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.startsWith("p")) return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
    if (!v.matches("\\d+(ms|s|m|h|d)")) {
      throw new IllegalArgumentException("'" + value + "' is not a duration (examples: 90s, 5m, 2h, PT5M)");
    }
    long n = Long.parseLong(v.replaceAll("\\D", ""));
    return switch (v.replaceAll("\\d", "")) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
