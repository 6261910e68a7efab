package dev.seawall.analyze;

import java.time.Instant;

/** The little JSON writing the reports need; no library, so `analyze` starts fast. */
final class Json {
  private Json() {}

  static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    b.append('"');
  }

  /** ISO-8601 UTC with microseconds, as a JSON string. */
  static void instant(StringBuilder b, long epochNanos) {
    b.append('"').append(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
        Math.floorMod(epochNanos, 1_000_000_000L))).append('"');
  }
}
