package dev.seawall.desk.api;

import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.0 document of the desk API, generated from the registered routes and their {@link
 * ApiDoc}: paths, parameters, roles and statuses come from the code that serves them; the body
 * schemas come from {@code desk-web/openapi-components.json}, which a test checks against real
 * responses.
 */
public final class OpenApiDocument {
  private OpenApiDocument() {}

  static final String COMPONENTS = "/desk-web/openapi-components.json";

  public static String render(List<Endpoint> endpoints, String version, ObjectMapper json) {
    ObjectNode doc = json.createObjectNode();
    doc.put("openapi", "3.0.3");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Seawall notice desk API");
    info.put("version", version);
    info.put("description", """
        Copyright notices, their events and matches, the network registry, null-routes (and, as the workflow lands,
        cases, the repeat-infringer ledger, court orders and reports).

        Authentication: `Authorization: Bearer TOKEN` with a token from the desk's configuration, or the dashboard's
        session cookie (writes with a cookie also need the `X-CSRF-Token` header).

        Roles, each including the ones before it: **viewer** reads everything; **handler** works the queue (imports
        notices, forwards, records counter-notices, ledger actions short of termination, proposes court orders,
        adds and lifts null-routes); **approver** also approves court orders proposed by someone else and
        terminates or reinstates customers; **admin** also changes the registry. Nobody approves their own order.

        Errors are JSON: `{"status":400,"error":"Bad Request","message":"…","field":"reason"}`; `field` names the
        body property or parameter at fault. Every write is recorded in the audit log.""");
    doc.putArray("servers").addObject().put("url", "/");
    ObjectNode components = components(json);
    doc.set("components", components);
    ObjectNode paths = doc.putObject("paths");
    List<Endpoint> sorted = new ArrayList<>(endpoints);
    sorted.sort(Comparator.comparing((Endpoint e) -> e.path).thenComparing(e -> e.method.name()));
    for (Endpoint e : sorted) {
      ApiDoc d = e.metadata(ApiDoc.class);
      if (d == null) continue;
      ObjectNode path = paths.has(e.path) ? (ObjectNode) paths.get(e.path) : paths.putObject(e.path);
      path.set(e.method.name().toLowerCase(Locale.ROOT), operation(e, d, json));
    }
    return json.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
  }

  private static ObjectNode operation(Endpoint e, ApiDoc d, ObjectMapper json) {
    ObjectNode op = json.createObjectNode();
    op.putArray("tags").add(d.tag());
    op.put("summary", d.summary());
    String who = d.role() == null ? "Public." : "Role: " + d.role().label() + " or above.";
    op.put("description", d.description() == null ? who : d.description() + "\n\n" + who);
    op.put("operationId", operationId(e));
    if (d.role() != null) op.put("x-required-role", d.role().label());
    if (!d.params().isEmpty()) {
      ArrayNode ps = op.putArray("parameters");
      for (ApiDoc.Param p : d.params()) {
        ObjectNode po = ps.addObject();
        po.put("name", p.name());
        po.put("in", p.in());
        po.put("required", p.required());
        if (p.description() != null) po.put("description", p.description());
        po.putObject("schema").put("type", p.type());
      }
    }
    if (d.request() != null) {
      ObjectNode rb = op.putObject("requestBody");
      rb.put("required", true);
      content(rb.putObject("content"), d.request());
    }
    ObjectNode responses = op.putObject("responses");
    ObjectNode ok = responses.putObject(Integer.toString(d.status()));
    ok.put("description", "success");
    if (d.response() != null) content(ok.putObject("content"), d.response());
    List<Integer> errors = new ArrayList<>(d.errors());
    if (d.role() != null) {
      errors.add(401);
      errors.add(403);
    }
    errors.add(500);
    errors.stream().distinct().sorted().forEach(code -> responses.putObject(Integer.toString(code))
        .put("$ref", "#/components/responses/E" + code));
    if (d.role() == null) {
      op.putArray("security");
    } else {
      ArrayNode sec = op.putArray("security");
      sec.addObject().putArray("bearer");
      sec.addObject().putArray("session");
    }
    return op;
  }

  private static void content(ObjectNode content, String schemaOrType) {
    if (ApiDoc.isMediaType(schemaOrType)) {
      content.putObject(schemaOrType).putObject("schema").put("type", "string").put("format", "binary");
    } else {
      content.putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + schemaOrType);
    }
  }

  static String operationId(Endpoint e) {
    StringBuilder sb = new StringBuilder(e.method.name().toLowerCase(Locale.ROOT));
    for (String part : e.path.split("[/{}.-]+")) {
      if (part.isEmpty() || part.equals("api")) continue;
      sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return sb.toString();
  }

  private static ObjectNode components(ObjectMapper json) {
    JsonNode schemas;
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(COMPONENTS)) {
      if (in == null) throw new IllegalStateException(COMPONENTS + " is missing from the jar");
      schemas = json.readTree(in);
    } catch (IOException ex) {
      throw new IllegalStateException("cannot read " + COMPONENTS + ": " + ex.getMessage(), ex);
    }
    ObjectNode c = json.createObjectNode();
    c.set("schemas", schemas);
    ObjectNode sec = c.putObject("securitySchemes");
    sec.putObject("bearer").put("type", "http").put("scheme", "bearer").put("description", "an API token from the desk's configuration");
    sec.putObject("session").put("type", "apiKey").put("in", "cookie").put("name", dev.seawall.desk.auth.SessionCookie.NAME)
        .put("description", "the dashboard's session; writes also need the X-CSRF-Token header");
    ObjectNode responses = c.putObject("responses");
    String[][] errors = {{"400", "the request is wrong; `field` names what"}, {"401", "no or bad credentials"},
        {"403", "the caller's role does not allow this"}, {"404", "no such thing"},
        {"409", "refused in the current state (a rail, a duplicate, an order already decided)"},
        {"500", "internal error; the message carries a reference for the log, never details"},
        {"502", "a backend (the BGP daemon, the mail server) refused or failed"}, {"503", "not configured or not available"}};
    for (String[] e : errors) {
      ObjectNode r = responses.putObject("E" + e[0]);
      r.put("description", e[1]);
      r.putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
    }
    return c;
  }
}
