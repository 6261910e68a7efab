package dev.seawall.netctl;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads fields of a JSON object with errors that name the file and the field ("state.json:
 * routes[2].expires: not an ISO-8601 instant"), so a bad file is fixed in one look.
 */
final class JsonFields {
  private final String where;
  private final JsonNode node;

  JsonFields(String where, JsonNode node) {
    if (node == null || !node.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object");
    this.where = where;
    this.node = node;
  }

  String where() {
    return where;
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  JsonFields object(String field) {
    return new JsonFields(where + "." + field, require(field));
  }

  String string(String field) {
    JsonNode v = require(field);
    if (!v.isString()) throw bad(field, "expected a string");
    return v.stringValue();
  }

  String string(String field, String fallback) {
    return has(field) ? string(field) : fallback;
  }

  int integer(String field, int fallback) {
    if (!has(field)) return fallback;
    JsonNode v = node.get(field);
    if (!v.isInt()) throw bad(field, "expected an integer");
    return v.intValue();
  }

  boolean bool(String field, boolean fallback) {
    if (!has(field)) return fallback;
    JsonNode v = node.get(field);
    if (!v.isBoolean()) throw bad(field, "expected true or false");
    return v.booleanValue();
  }

  Instant instant(String field) {
    String s = string(field);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw bad(field, "'" + s + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
  }

  Duration duration(String field, Duration fallback) {
    return has(field) ? Durations.parse(string(field), where + "." + field) : fallback;
  }

  Prefix prefix(String field) {
    return prefix(string(field), where + "." + field);
  }

  List<String> strings(String field) {
    List<String> out = new ArrayList<>();
    if (!has(field)) return out;
    JsonNode v = node.get(field);
    if (!v.isArray()) throw bad(field, "expected a list of strings");
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isString()) throw new IllegalArgumentException(where + "." + field + "[" + i + "]: expected a string");
      out.add(v.get(i).stringValue());
    }
    return out;
  }

  List<Prefix> prefixes(String field) {
    List<Prefix> out = new ArrayList<>();
    List<String> s = strings(field);
    for (int i = 0; i < s.size(); i++) out.add(prefix(s.get(i), where + "." + field + "[" + i + "]"));
    return out;
  }

  List<JsonFields> objects(String field) {
    List<JsonFields> out = new ArrayList<>();
    if (!has(field)) return out;
    JsonNode v = node.get(field);
    if (!v.isArray()) throw bad(field, "expected a list of objects");
    for (int i = 0; i < v.size(); i++) out.add(new JsonFields(where + "." + field + "[" + i + "]", v.get(i)));
    return out;
  }

  /** An object whose keys are prefixes and whose values are labels. */
  java.util.Map<Prefix, String> prefixLabels(String field) {
    java.util.Map<Prefix, String> out = new java.util.LinkedHashMap<>();
    if (!has(field)) return out;
    JsonNode v = node.get(field);
    if (!v.isObject()) throw bad(field, "expected an object {\"prefix\": \"why\", ...}");
    for (var e : v.properties()) {
      String w = where + "." + field + "." + e.getKey();
      if (!e.getValue().isString()) throw new IllegalArgumentException(w + ": expected a string saying why");
      out.put(prefix(e.getKey(), w), e.getValue().stringValue());
    }
    return out;
  }

  private static Prefix prefix(String s, String w) {
    try {
      return Prefix.parse(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(w + ": " + e.getMessage());
    }
  }

  private JsonNode require(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) throw new IllegalArgumentException(where + ": missing field '" + field + "'");
    return v;
  }

  private IllegalArgumentException bad(String field, String what) {
    return new IllegalArgumentException(where + "." + field + ": " + what);
  }
}
