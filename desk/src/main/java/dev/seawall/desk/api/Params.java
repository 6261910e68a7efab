package dev.seawall.desk.api;

import dev.seawall.desk.cli.Durations;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Query and path parameters, each error naming the parameter. */
public final class Params {
  private Params() {}

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  public static int limit(Context ctx) {
    String s = ctx.queryParam("limit");
    if (s == null) return DEFAULT_LIMIT;
    int n = integer("limit", s);
    if (n < 1 || n > MAX_LIMIT) throw ApiError.badRequest("limit", "'limit' must be between 1 and " + MAX_LIMIT);
    return n;
  }

  public static Long optLong(Context ctx, String name) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) return null;
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name, "'" + name + "' must be a whole number, got '" + s + "'");
    }
  }

  public static long pathLong(Context ctx, String name) {
    String s = ctx.pathParam(name);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name, "'" + name + "' must be a whole number, got '" + s + "'");
    }
  }

  public static Integer optInt(Context ctx, String name) {
    String s = ctx.queryParam(name);
    return s == null || s.isBlank() ? null : integer(name, s);
  }

  static int integer(String name, String s) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name, "'" + name + "' must be a whole number, got '" + s + "'");
    }
  }

  /** An ISO-8601 instant, or a date (midnight UTC). */
  public static Instant optInstant(Context ctx, String name) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) return null;
    try {
      if (s.length() == 10) return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
      return Instant.parse(s.strip());
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(name, "'" + name + "' must be an ISO-8601 instant (2026-01-31T12:00:00Z) or a date (2026-01-31)");
    }
  }

  public static boolean bool(Context ctx, String name) {
    String s = ctx.queryParam(name);
    if (s == null || s.isBlank()) return false;
    return switch (s.strip()) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw ApiError.badRequest(name, "'" + name + "' must be true or false");
    };
  }

  static Duration duration(String name, String s) {
    try {
      Duration d = new Durations().convert(s);
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("must be positive");
      return d;
    } catch (RuntimeException e) {
      throw ApiError.badRequest(name, "'" + name + "' must be a positive duration such as 90m, 2h, 3d or PT2H, got '" + s + "'");
    }
  }
}
