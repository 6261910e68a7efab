package dev.seawall.desk.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A JSON request body read field by field. Every accessor names the field in its error, and
 * {@link #allowOnly} refuses fields the operation does not know (a typo must not be ignored
 * silently, e.g. "dryrun" for "dryRun").
 */
public final class Body {
  private final JsonNode root;

  private Body(JsonNode root) {
    this.root = root;
  }

  public static Body parse(ObjectMapper json, String text) {
    if (text == null || text.isBlank()) throw ApiError.badRequest(null, "the request needs a JSON object body");
    JsonNode n;
    try {
      n = json.readTree(text);
    } catch (JacksonException e) {
      String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ApiError.badRequest(null, "the body is not valid JSON" + at + ": " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) throw ApiError.badRequest(null, "the body must be a JSON object");
    return new Body(n);
  }

  public Body allowOnly(Set<String> fields) {
    for (Iterator<String> it = root.propertyNames().iterator(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw ApiError.badRequest(f, "unknown field '" + f + "' (known: " + String.join(", ", fields.stream().sorted().toList()) + ")");
      }
    }
    return this;
  }

  public String string(String field) {
    String s = optString(field);
    if (s == null || s.isBlank()) throw ApiError.badRequest(field, "'" + field + "' is required");
    return s;
  }

  public String optString(String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) return null;
    if (!n.isString()) throw ApiError.badRequest(field, "'" + field + "' must be a string");
    return n.asString();
  }

  public long longValue(String field) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) throw ApiError.badRequest(field, "'" + field + "' is required");
    if (!n.isIntegralNumber()) throw ApiError.badRequest(field, "'" + field + "' must be a whole number");
    return n.asLong();
  }

  public java.time.LocalDate optDate(String field) {
    String s = optString(field);
    if (s == null) return null;
    try {
      return java.time.LocalDate.parse(s.strip());
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(field, "'" + field + "' must be a date such as 2026-12-31");
    }
  }

  public boolean bool(String field, boolean fallback) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) return fallback;
    if (!n.isBoolean()) throw ApiError.badRequest(field, "'" + field + "' must be true or false");
    return n.asBoolean();
  }

  public List<String> strings(String field) {
    JsonNode n = root.get(field);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) return out;
    if (!n.isArray()) throw ApiError.badRequest(field, "'" + field + "' must be an array of strings");
    for (JsonNode x : n) {
      if (!x.isString()) throw ApiError.badRequest(field, "'" + field + "' must be an array of strings");
      out.add(x.asString());
    }
    return out;
  }

  public Duration optDuration(String field) {
    String s = optString(field);
    return s == null ? null : Params.duration(field, s);
  }

  public Instant optInstant(String field) {
    String s = optString(field);
    if (s == null) return null;
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(field, "'" + field + "' must be an ISO-8601 UTC instant such as 2026-01-31T12:00:00Z");
    }
  }

  public JsonNode node() {
    return root;
  }
}
