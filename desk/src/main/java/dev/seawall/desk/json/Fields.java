package dev.seawall.desk.json;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strict reading of a JSON configuration object: unknown fields are refused (a typo must not
 * silently fall back to a default), and every error names the file and the field's path.
 */
public final class Fields {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String where;
  private final JsonNode node;

  public Fields(String where, JsonNode node) {
    this.where = where;
    this.node = node;
    if (node == null || !node.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object");
  }

  /** Parses a document; syntax errors name the line and column. */
  public static Fields parse(String json, String where) {
    try {
      return new Fields(where, JSON.readTree(json));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(where + " is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
    }
  }

  public String where() {
    return where;
  }

  public JsonNode node() {
    return node;
  }

  /** Refuses fields not in {@code known} ("comment" is always allowed). */
  public Fields only(String... known) {
    Set<String> ok = new TreeSet<>(List.of(known));
    ok.add("comment");
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!ok.contains(e.getKey())) {
        throw new IllegalArgumentException(where + ": unknown field '" + e.getKey() + "' (known: " + String.join(", ", ok) + ")");
      }
    }
    return this;
  }

  public boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  public String string(String field) {
    String s = string(field, null);
    if (s == null) throw new IllegalArgumentException(where + ": '" + field + "' is required");
    return s;
  }

  public String string(String field, String dflt) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return dflt;
    if (!v.isString() || v.asString().isBlank()) throw new IllegalArgumentException(where + "." + field + ": expected a non-empty string");
    return v.asString().strip();
  }

  public int integer(String field, int dflt, int min) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return dflt;
    if (!v.isInt() || v.asInt() < min) throw new IllegalArgumentException(where + "." + field + ": expected a whole number ≥ " + min);
    return v.asInt();
  }

  public boolean bool(String field, boolean dflt) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) return dflt;
    if (!v.isBoolean()) throw new IllegalArgumentException(where + "." + field + ": expected true or false");
    return v.asBoolean();
  }

  public Duration duration(String field, Duration dflt) {
    String s = string(field, null);
    return s == null ? dflt : parseDuration(s, where + "." + field);
  }

  public Fields object(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) throw new IllegalArgumentException(where + ": '" + field + "' is required");
    return new Fields(where + "." + field, v);
  }

  public Fields objectOrNull(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : new Fields(where + "." + field, v);
  }

  public List<String> strings(String field) {
    JsonNode v = node.get(field);
    List<String> out = new ArrayList<>();
    if (v == null || v.isNull()) return out;
    if (!v.isArray()) throw new IllegalArgumentException(where + "." + field + ": expected a list of strings");
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isString()) throw new IllegalArgumentException(where + "." + field + "[" + i + "]: expected a string");
      out.add(v.get(i).asString().strip());
    }
    return out;
  }

  public List<Fields> objects(String field) {
    JsonNode v = node.get(field);
    List<Fields> out = new ArrayList<>();
    if (v == null || v.isNull()) return out;
    if (!v.isArray()) throw new IllegalArgumentException(where + "." + field + ": expected a list of objects");
    for (int i = 0; i < v.size(); i++) out.add(new Fields(where + "." + field + "[" + i + "]", v.get(i)));
    return out;
  }

  /** The object's fields in order. */
  public Iterable<Map.Entry<String, JsonNode>> entries() {
    return node.properties();
  }

  /** "30d", "12h", "90m", "45s" or ISO-8601 ("P365D", "PT12H"); positive. */
  public static Duration parseDuration(String s, String where) {
    String v = s.strip().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (v.startsWith("p")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else if (v.matches("\\d+[dhms]")) {
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        d = switch (v.charAt(v.length() - 1)) {
          case 'd' -> Duration.ofDays(n);
          case 'h' -> Duration.ofHours(n);
          case 'm' -> Duration.ofMinutes(n);
          default -> Duration.ofSeconds(n);
        };
      } else {
        throw new DateTimeParseException("", s, 0);
      }
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(where + ": must be positive");
      return d;
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(where + ": '" + s + "' is not a duration (examples: \"365d\", \"12h\", \"30m\", \"P180D\")");
    }
  }
}
