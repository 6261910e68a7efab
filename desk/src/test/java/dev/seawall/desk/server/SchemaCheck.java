package dev.seawall.desk.server;

import io.swagger.v3.oas.models.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks a JSON value against an OpenAPI 3.0 schema (already resolved, no $ref left): types,
 * nullable, required properties, no undeclared properties, enums, date-time strings, array items.
 * Enough to catch a response that drifted from its documented shape.
 */
final class SchemaCheck {
  private SchemaCheck() {}

  static List<String> problems(Schema<?> schema, JsonNode value) {
    List<String> out = new ArrayList<>();
    check(schema, value, "$", out);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void check(Schema<?> s, JsonNode v, String at, List<String> out) {
    if (v == null || v.isNull()) {
      if (!Boolean.TRUE.equals(s.getNullable())) out.add(at + ": null but not nullable");
      return;
    }
    String type = s.getType() != null ? s.getType() : (s.getTypes() != null && !s.getTypes().isEmpty() ? s.getTypes().iterator().next() : null);
    if (type == null) return;
    switch (type) {
      case "object" -> {
        if (!v.isObject()) {
          out.add(at + ": expected an object, got " + v.getNodeType());
          return;
        }
        Map<String, Schema> props = s.getProperties() == null ? Map.of() : s.getProperties();
        if (s.getRequired() != null) {
          for (String r : s.getRequired()) if (!v.has(r)) out.add(at + ": missing required '" + r + "'");
        }
        for (Iterator<String> it = v.propertyNames().iterator(); it.hasNext(); ) {
          String name = it.next();
          Schema<?> p = props.get(name);
          if (p == null) {
            if (Boolean.FALSE.equals(s.getAdditionalProperties())) out.add(at + ": undeclared property '" + name + "'");
            continue;
          }
          check(p, v.get(name), at + "." + name, out);
        }
      }
      case "array" -> {
        if (!v.isArray()) {
          out.add(at + ": expected an array");
          return;
        }
        int i = 0;
        for (JsonNode x : v) check(s.getItems(), x, at + "[" + i++ + "]", out);
      }
      case "string" -> {
        if (!v.isString()) {
          out.add(at + ": expected a string, got " + v.getNodeType());
          return;
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty() && !s.getEnum().stream().map(String::valueOf).toList().contains(v.asString())) {
          out.add(at + ": '" + v.asString() + "' is not one of " + s.getEnum());
        }
        if ("date-time".equals(s.getFormat())) {
          try {
            Instant.parse(v.asString());
          } catch (RuntimeException e) {
            out.add(at + ": '" + v.asString() + "' is not an ISO-8601 instant");
          }
        }
      }
      case "integer" -> {
        if (!v.isIntegralNumber()) out.add(at + ": expected an integer, got " + v);
      }
      case "number" -> {
        if (!v.isNumber()) out.add(at + ": expected a number, got " + v);
      }
      case "boolean" -> {
        if (!v.isBoolean()) out.add(at + ": expected a boolean, got " + v);
      }
      default -> out.add(at + ": unknown schema type " + type);
    }
  }
}
