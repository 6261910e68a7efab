package dev.seawall.desk.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the dashboard writes times and durations: UTC, to the second, the same on every page. */
public final class Format {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Format() {}

  public static String time(Instant t) {
    return t == null ? "" : TIME.format(t);
  }

  public static String duration(Duration d) {
    if (d == null) return "";
    long m = d.toMinutes();
    if (m < 60) return m + " min";
    if (m < 48 * 60) return (m / 60) + " h " + (m % 60) + " min";
    return (m / 1440) + " d " + ((m % 1440) / 60) + " h";
  }
}
