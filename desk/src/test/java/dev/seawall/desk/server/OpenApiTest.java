package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.api.ApiDoc;
import io.javalin.router.Endpoint;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document served at /api/openapi.json is valid (swagger-parser), lists exactly the
 * API routes the server has, and every documented JSON answer matches its schema when the route
 * is called for real.
 */
class OpenApiTest {
  static TestDesk desk;
  static OpenAPI doc;
  static String text;
  static com.icegreen.greenmail.util.GreenMail mail;

  @BeforeAll
  static void start() throws Exception {
    mail = new com.icegreen.greenmail.util.GreenMail(com.icegreen.greenmail.util.ServerSetup.dynamicPort(
        new com.icegreen.greenmail.util.ServerSetup[] {com.icegreen.greenmail.util.ServerSetupTest.SMTP}));
    mail.start();
    desk = TestDesk.withWorkflow(mail.getSmtp().getPort());
    var served = desk.get("/api/openapi.json", null);
    assertThat(served.status()).isEqualTo(200);
    text = served.body();
    ParseOptions o = new ParseOptions();
    o.setResolve(true);
    o.setResolveFully(true);
    SwaggerParseResult r = new OpenAPIV3Parser().readContents(text, null, o);
    assertThat(r.getMessages()).as("swagger-parser messages").isEmpty();
    doc = r.getOpenAPI();
    // some data for the list operations to return
    desk.call("POST", "/api/registry", "admin", "text/csv", ApiAccessTest.resource("/desk-web/registry.csv"));
    for (String f : new String[] {"acns-two-inline-qp-pgp.eml", "text-table-two-rows.eml", "url-list-two-domains.eml", "xarf3-copyright.json"}) {
      desk.call("POST", "/api/notices", "handler", "message/rfc822", ApiAccessTest.resource("/notices/" + f));
    }
    String seen = java.time.Instant.now().minusSeconds(7200).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    for (int i = 0; i < 4; i++) {
      desk.call("POST", "/api/notices", "handler", "message/rfc822", dev.seawall.desk.workflow.TestNotices.acnsMail("<oa-" + i + "@x.example>",
          "ap@studio.example", "abuse@isp.example", "OA-" + i, "198.51.100.23", 6881, java.time.Instant.parse(seen).plusSeconds(i),
          "Film " + i, dev.seawall.desk.workflow.TestNotices.infohash(i), i == 2));
    }
    assertThat(desk.server.ticker().tick().error()).isNull();
    long order = desk.postJson("/api/orders", "handler", "{\"court\":\"Court\",\"caseNumber\":\"1\",\"jurisdiction\":\"US\","
        + "\"ips\":[\"192.0.2.0/24\"],\"effective\":\"2026-01-01T00:00:00Z\",\"reportDue\":\"2027-01-01\"}").json().path("id").asLong();
    desk.postJson("/api/orders/" + order + "/approve", "approver", "{}");
    long notice = desk.get("/api/notices?limit=1", "viewer").json().path("items").get(0).path("id").asLong();
    desk.postJson("/api/counter-notices", "handler", "{\"noticeId\":" + notice + ",\"reason\":\"OTHER\",\"customer\":\"acme\"}");
    desk.postJson("/api/agents", "admin", "{\"entity\":\"Acme LLC\",\"customer\":\"acme\",\"agentName\":\"Agent\","
        + "\"email\":\"dmca@acme.example\",\"registeredOn\":\"2025-01-01\"}");
    desk.postJson("/api/exits", "admin", "{\"customer\":\"vpnco\",\"service\":\"exit-1\",\"enforcer\":\"seawall firewall\"}");
  }

  @AfterAll
  static void stop() throws Exception {
    if (desk != null) desk.close();
    if (mail != null) mail.stop();
  }

  @Test
  void documentListsExactlyTheServersApiRoutes() {
    Set<String> routes = new TreeSet<>();
    for (Endpoint e : DeskServer.endpoints(desk.server.javalin())) {
      boolean api = e.path.startsWith("/api/") || e.path.equals("/health");
      if (!api) continue;
      assertThat(e.metadata(ApiDoc.class)).as("ApiDoc of " + e.method + " " + e.path).isNotNull();
      routes.add(e.method.name() + " " + e.path);
    }
    Set<String> documented = new TreeSet<>();
    doc.getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(m -> documented.add(m.name() + " " + path)));
    assertThat(documented).isEqualTo(routes);
    assertThat(routes).contains("GET /api/notices", "POST /api/notices", "GET /api/events", "POST /api/nullroutes",
        "DELETE /api/nullroutes/{address}", "POST /api/registry", "GET /api/audit", "GET /health");
  }

  @Test
  void everyOperationStatesItsRoleAndErrors() {
    doc.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((m, op) -> {
      Map<String, Object> ext = op.getExtensions() == null ? Map.of() : op.getExtensions();
      boolean isPublic = op.getSecurity() != null && op.getSecurity().isEmpty();
      if (!isPublic) {
        assertThat(ext).as(m + " " + path).containsKey("x-required-role");
        assertThat(op.getResponses()).as(m + " " + path).containsKeys("401", "403");
      }
      assertThat(op.getResponses()).as(m + " " + path).containsKey("500");
      assertThat(op.getDescription()).as(m + " " + path).containsAnyOf("Role: ", "Public.");
    }));
  }

  @Test
  void getAnswersMatchTheirSchemas() throws Exception {
    long notice = desk.get("/api/notices?limit=1", "viewer").json().path("items").get(0).path("id").asLong();
    Map<String, String> concrete = new LinkedHashMap<>();
    concrete.put("/api/notices/{id}", "/api/notices/" + notice);
    concrete.put("/api/registry/customers/{code}", "/api/registry/customers/acme");
    concrete.put("/api/registry/lookup", "/api/registry/lookup?ip=198.51.100.23&at=2024-03-01T10:15:30Z");
    long caseId = desk.get("/api/cases?customer=acme", "viewer").json().path("items").get(0).path("id").asLong();
    concrete.put("/api/cases/{id}", "/api/cases/" + caseId);
    concrete.put("/api/orders/{id}", "/api/orders/" + desk.get("/api/orders", "viewer").json().path("items").get(0).path("id").asLong());
    concrete.put("/api/counter-notices/{id}", "/api/counter-notices/"
        + desk.get("/api/counter-notices", "viewer").json().path("items").get(0).path("id").asLong());
    concrete.put("/api/ledger/{customer}", "/api/ledger/acme");
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, PathItem> p : doc.getPaths().entrySet()) {
      Operation get = p.getValue().getGet();
      if (get == null) continue;
      var ok = get.getResponses().get("200");
      if (ok == null || ok.getContent() == null || ok.getContent().get("application/json") == null) continue;
      Schema<?> schema = ok.getContent().get("application/json").getSchema();
      if (schema.getProperties() == null) continue; // the OpenAPI document itself
      String url = concrete.getOrDefault(p.getKey(), p.getKey());
      if (url.contains("{")) throw new AssertionError("no example for " + p.getKey());
      var a = desk.get(url, "admin");
      if (a.status() == 503 && url.startsWith("/api/nullroutes")) continue; // not configured here: NullRouteApiTest covers it
      assertThat(a.status()).as(url).isEqualTo(200);
      List<String> found = SchemaCheck.problems(schema, a.json());
      found.forEach(x -> problems.add(url + " " + x));
      checked++;
    }
    assertThat(problems).isEmpty();
    assertThat(checked).isGreaterThanOrEqualTo(20);
  }

  @Test
  void errorAnswersMatchTheErrorSchema() throws Exception {
    Schema<?> error = doc.getComponents().getSchemas().get("Error");
    JsonNode e = desk.get("/api/events?limit=5000", "viewer").json();
    assertThat(SchemaCheck.problems(error, e)).isEmpty();
    assertThat(SchemaCheck.problems(error, desk.get("/api/notices", null).json())).isEmpty();
  }

  @Test
  void schemaCheckFindsDrift() {
    // the checker must be able to fail: a Notice missing fields and with an extra one
    Schema<?> notice = doc.getComponents().getSchemas().get("Notice");
    JsonNode bad = TestDesk.JSON.readTree("{\"id\": \"x\", \"surprise\": 1}");
    assertThat(SchemaCheck.problems(notice, bad)).anyMatch(p -> p.contains("missing required 'source'"))
        .anyMatch(p -> p.contains("undeclared property 'surprise'")).anyMatch(p -> p.contains("$.id: expected an integer"));
  }
}
