package dev.seawall.desk.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the timestamps real notices carry: ISO 8601 with any fraction and zone, {@code 2014-04-30
 * 00:03:37.0 GMT}, {@code 2015-05-06T05-00-00UTC}, RFC 822 dates, {@code 15 Feb 2014 13:45:59 GMT},
 * {@code 2014-05-10 03:45:46 North American Eastern Time}, {@code 18/08/2020 07:40:54},
 * {@code 8/18/2020 7:41:51 AM}, epoch seconds. Returns empty when the text is not a time: the caller
 * flags it. Nothing here ever falls back to the current time.
 */
public final class Timestamps {
  private Timestamps() {}

  /** How to read {@code a/b/yyyy} when both a and b are 12 or less. */
  public enum SlashOrder { DAY_FIRST, MONTH_FIRST, UNKNOWN }

  private static final String ZONE = "(Z|UTC|GMT|UT|[+-]\\d{2}:?\\d{2}|[A-Za-z(][A-Za-z /_().-]{0,40})?(?:\\s*\\([A-Za-z ]{1,40}\\))?";

  private static final Pattern ISO = Pattern.compile(
      "(\\d{4})-(\\d{1,2})-(\\d{1,2})[T ]\\s*(\\d{1,2})[:-](\\d{2})(?:[:-](\\d{2})(?:[.,](\\d{1,9}))?)?\\s*"
          + "(Z|[+-]\\d{2}:?\\d{2})?\\s*" + ZONE + "\\s*");
  private static final Pattern DAY_MONTH = Pattern.compile(
      "(?:[A-Za-z]{3,9},?\\s+)?(\\d{1,2})[ -]([A-Za-z]{3,9})\\.?[ -](\\d{4}),?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?"
          + "\\s*([AaPp]\\.?[Mm]\\.?)?\\s*" + ZONE + "\\s*");
  private static final Pattern MONTH_DAY = Pattern.compile(
      "(?:[A-Za-z]{3,9},?\\s+)?([A-Za-z]{3,9})\\.?\\s+(\\d{1,2}),?\\s+(\\d{4}),?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?"
          + "\\s*([AaPp]\\.?[Mm]\\.?)?\\s*" + ZONE + "\\s*");
  private static final Pattern SLASHED = Pattern.compile(
      "(\\d{1,2})/(\\d{1,2})/(\\d{4}),?\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?"
          + "\\s*([AaPp]\\.?[Mm]\\.?)?\\s*" + ZONE + "\\s*");
  private static final Pattern EPOCH = Pattern.compile("\\d{10}|\\d{13}");

  private static final Map<String, ZoneId> NAMED = Map.ofEntries(
      Map.entry("Z", ZoneOffset.UTC), Map.entry("UTC", ZoneOffset.UTC), Map.entry("GMT", ZoneOffset.UTC),
      Map.entry("UT", ZoneOffset.UTC), Map.entry("(UTC)", ZoneOffset.UTC), Map.entry("(GMT)", ZoneOffset.UTC),
      Map.entry("EST", ZoneOffset.ofHours(-5)), Map.entry("EDT", ZoneOffset.ofHours(-4)),
      Map.entry("CST", ZoneOffset.ofHours(-6)), Map.entry("CDT", ZoneOffset.ofHours(-5)),
      Map.entry("MST", ZoneOffset.ofHours(-7)), Map.entry("MDT", ZoneOffset.ofHours(-6)),
      Map.entry("PST", ZoneOffset.ofHours(-8)), Map.entry("PDT", ZoneOffset.ofHours(-7)),
      Map.entry("CET", ZoneOffset.ofHours(1)), Map.entry("CEST", ZoneOffset.ofHours(2)),
      Map.entry("MET", ZoneOffset.ofHours(1)), Map.entry("MEST", ZoneOffset.ofHours(2)),
      Map.entry("WET", ZoneOffset.UTC), Map.entry("WEST", ZoneOffset.ofHours(1)),
      Map.entry("EET", ZoneOffset.ofHours(2)), Map.entry("EEST", ZoneOffset.ofHours(3)),
      Map.entry("BST", ZoneOffset.ofHours(1)), Map.entry("JST", ZoneOffset.ofHours(9)),
      Map.entry("AEST", ZoneOffset.ofHours(10)), Map.entry("AEDT", ZoneOffset.ofHours(11)),
      Map.entry("EASTERN TIME", ZoneId.of("America/New_York")),
      Map.entry("NORTH AMERICAN EASTERN TIME", ZoneId.of("America/New_York")),
      Map.entry("ET", ZoneId.of("America/New_York")),
      Map.entry("CENTRAL TIME", ZoneId.of("America/Chicago")),
      Map.entry("NORTH AMERICAN CENTRAL TIME", ZoneId.of("America/Chicago")),
      Map.entry("MOUNTAIN TIME", ZoneId.of("America/Denver")),
      Map.entry("PACIFIC TIME", ZoneId.of("America/Los_Angeles")),
      Map.entry("NORTH AMERICAN PACIFIC TIME", ZoneId.of("America/Los_Angeles")),
      Map.entry("PT", ZoneId.of("America/Los_Angeles")));

  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };

  public static Optional<ReadTime> parse(String text) {
    return parse(text, SlashOrder.UNKNOWN);
  }

  public static Optional<ReadTime> parse(String text, SlashOrder order) {
    if (text == null) return Optional.empty();
    String s = text.strip().replaceAll("\\s+", " ");
    if (s.isEmpty() || s.length() > 120) return Optional.empty();
    try {
      Matcher m = ISO.matcher(s);
      if (m.matches()) {
        String zone = m.group(8) != null ? m.group(8) : m.group(9);
        if (m.group(8) != null && m.group(9) != null && zoneOf(m.group(9)).isEmpty()) return Optional.empty();
        return build(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5), optNum(m, 6), m.group(7), null, zone);
      }
      m = DAY_MONTH.matcher(s);
      if (m.matches()) {
        int month = month(m.group(2));
        if (month < 0) return Optional.empty();
        return build(num(m, 3), month, num(m, 1), num(m, 4), num(m, 5), optNum(m, 6), m.group(7), m.group(8), m.group(9));
      }
      m = MONTH_DAY.matcher(s);
      if (m.matches()) {
        int month = month(m.group(1));
        if (month < 0) return Optional.empty();
        return build(num(m, 3), month, num(m, 2), num(m, 4), num(m, 5), optNum(m, 6), m.group(7), m.group(8), m.group(9));
      }
      m = SLASHED.matcher(s);
      if (m.matches()) {
        int a = num(m, 1), b = num(m, 2);
        boolean dayFirst;
        if (a > 12) dayFirst = true;
        else if (b > 12) dayFirst = false;
        else if (order != SlashOrder.UNKNOWN) dayFirst = order == SlashOrder.DAY_FIRST;
        else if (a == b) dayFirst = true;
        else if (m.group(8) != null) dayFirst = false; // 12-hour clock: US order
        else return Optional.empty(); // 03/04/2020 with no hint: refusing beats guessing
        if (order == SlashOrder.DAY_FIRST && b > 12) return Optional.empty();
        if (order == SlashOrder.MONTH_FIRST && a > 12) return Optional.empty();
        int day = dayFirst ? a : b, month = dayFirst ? b : a;
        return build(num(m, 3), month, day, num(m, 4), num(m, 5), optNum(m, 6), m.group(7), m.group(8), m.group(9));
      }
      if (EPOCH.matcher(s).matches()) {
        long v = Long.parseLong(s);
        return Optional.of(new ReadTime(s.length() == 13 ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v), false));
      }
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<ReadTime> build(int year, int month, int day, int hour, int minute, int second,
      String fraction, String ampm, String zoneText) {
    if (ampm != null) {
      if (hour < 1 || hour > 12) return Optional.empty();
      boolean pm = Character.toLowerCase(ampm.charAt(0)) == 'p';
      hour = hour % 12 + (pm ? 12 : 0);
    }
    int nanos = 0;
    if (fraction != null) nanos = Integer.parseInt((fraction + "000000000").substring(0, 9));
    LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
    if (zoneText == null || zoneText.isBlank()) {
      return Optional.of(new ReadTime(local.toInstant(ZoneOffset.UTC), true));
    }
    Optional<ZoneId> zone = zoneOf(zoneText);
    return zone.map(z -> new ReadTime(local.atZone(z).toInstant(), false));
  }

  static Optional<ZoneId> zoneOf(String zoneText) {
    String z = zoneText.strip();
    if (z.matches("[+-]\\d{2}:?\\d{2}.*")) {
      String off = z.substring(0, z.charAt(3) == ':' ? 6 : 5).replace(":", "");
      String rest = z.substring(z.charAt(3) == ':' ? 6 : 5).strip();
      if (!rest.isEmpty() && !rest.matches("\\(?[A-Za-z ]{1,40}\\)?")) return Optional.empty();
      int h = Integer.parseInt(off.substring(1, 3)), mi = Integer.parseInt(off.substring(3, 5));
      if (h > 18 || mi > 59) return Optional.empty();
      int sign = off.charAt(0) == '-' ? -1 : 1;
      return Optional.of(ZoneOffset.ofHoursMinutes(sign * h, sign * mi));
    }
    String upper = z.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    ZoneId named = NAMED.get(upper);
    if (named != null) return Optional.of(named);
    if (upper.startsWith("(") && upper.endsWith(")")) return zoneOf(z.substring(1, z.length() - 1));
    if (z.contains("/")) {
      try {
        return Optional.of(ZoneId.of(z));
      } catch (DateTimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static int month(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.length() < 3) return -1;
    for (int i = 0; i < 12; i++) {
      if (n.startsWith(MONTHS[i])) return i + 1;
    }
    return -1;
  }

  private static int num(Matcher m, int g) {
    return Integer.parseInt(m.group(g));
  }

  private static int optNum(Matcher m, int g) {
    return m.group(g) == null ? 0 : Integer.parseInt(m.group(g));
  }
}
