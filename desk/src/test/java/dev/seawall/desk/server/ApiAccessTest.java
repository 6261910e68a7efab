package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The API's authentication and each role's limits, over real HTTP against a running desk: who may
 * read, who may write what, that every write is in the audit log, and that errors are JSON naming
 * what was wrong.
 */
class ApiAccessTest {
  static TestDesk desk;

  @BeforeAll
  static void start() throws Exception {
    desk = TestDesk.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (desk != null) desk.close();
  }

  static String resource(String path) throws Exception {
    return Files.readString(Path.of(ApiAccessTest.class.getResource(path).toURI()), StandardCharsets.UTF_8);
  }

  @Test
  void unauthenticatedCallsAreRefused() throws Exception {
    for (String path : new String[] {"/api/notices", "/api/events", "/api/registry/customers", "/api/audit", "/api/me",
        "/api/nullroutes", "/api/reports/charts"}) {
      var a = desk.get(path, null);
      assertThat(a.status()).as(path).isEqualTo(401);
      assertThat(a.json().path("status").asInt()).isEqualTo(401);
      assertThat(a.message()).contains("Bearer");
      assertThat(a.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }
    var post = desk.call("POST", "/api/notices", null, "message/rfc822", "Subject: x\r\n\r\nhello");
    assertThat(post.status()).isEqualTo(401);
  }

  @Test
  void wrongCredentialsAreRefused() throws Exception {
    var forged = desk.call("GET", "/api/notices", null, null, null);
    assertThat(forged.status()).isEqualTo(401);
    var r = desk.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(desk.url("/api/notices")))
        .header("Authorization", "Bearer swd_not-a-token").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("unknown or revoked token");
    var basic = desk.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(desk.url("/api/notices")))
        .header("Authorization", "Basic dXNlcjpwYXNz").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(basic.body()).contains("Bearer TOKEN");
  }

  @Test
  void everyRoleReads() throws Exception {
    for (String user : TestDesk.USERS) {
      var me = desk.get("/api/me", user);
      assertThat(me.status()).isEqualTo(200);
      assertThat(me.json().path("name").asString()).isEqualTo(user);
      assertThat(me.json().path("via").asString()).isEqualTo("token");
      assertThat(desk.get("/api/notices", user).status()).isEqualTo(200);
      assertThat(desk.get("/api/registry/customers", user).status()).isEqualTo(200);
    }
  }

  @Test
  void viewerCannotWrite() throws Exception {
    var notice = desk.call("POST", "/api/notices", "viewer", "message/rfc822", resource("/notices/acns-two-inline-qp-pgp.eml"));
    assertThat(notice.status()).isEqualTo(403);
    assertThat(notice.message()).contains("viewer").contains("handler");
    assertThat(desk.postJson("/api/nullroutes", "viewer", "{\"address\":\"192.0.2.7\",\"reason\":\"x\"}").status()).isEqualTo(403);
    assertThat(desk.call("POST", "/api/registry", "viewer", "text/csv", resource("/desk-web/registry.csv")).status()).isEqualTo(403);
    assertThat(desk.call("DELETE", "/api/nullroutes/192.0.2.7?reason=x", "viewer", null, null).status()).isEqualTo(403);
  }

  @Test
  void onlyAdminChangesTheRegistry() throws Exception {
    String csv = resource("/desk-web/registry.csv");
    for (String user : new String[] {"handler", "approver"}) {
      var a = desk.call("POST", "/api/registry", user, "text/csv", csv);
      assertThat(a.status()).as(user).isEqualTo(403);
      assertThat(a.message()).contains("admin");
    }
    var ok = desk.call("POST", "/api/registry", "admin", "text/csv", csv);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.json().path("rejected").size()).isZero();
    var audit = desk.get("/api/audit?action=registry.import", "viewer");
    assertThat(audit.json().path("items").get(0).path("actor").asString()).isEqualTo("token:admin");
    assertThat(audit.json().path("items").get(0).path("role").asString()).isEqualTo("admin");
  }

  @Test
  void handlerTakesInNoticesOnceAndEachIntakeIsAudited() throws Exception {
    String mail = resource("/notices/text-table-two-rows.eml");
    var first = desk.call("POST", "/api/notices", "handler", "message/rfc822", mail);
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().path("stored").asBoolean()).isTrue();
    assertThat(first.json().path("events").asInt()).isEqualTo(2);
    long id = first.json().path("id").asLong();
    var again = desk.call("POST", "/api/notices", "handler2", "message/rfc822", mail);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("stored").asBoolean()).isFalse();
    assertThat(again.json().path("id").asLong()).isEqualTo(id);
    assertThat(again.json().path("events").asInt()).isEqualTo(2);

    JsonNode n = desk.get("/api/notices/" + id, "viewer").json();
    assertThat(n.path("events").size()).isEqualTo(2);
    assertThat(n.path("events").get(0).path("ip").asString()).isEqualTo("198.51.100.80");
    assertThat(n.path("events").get(0).path("timestamp").asString()).isEqualTo("2024-03-03T22:10:05Z");
    assertThat(n.path("events").get(0).path("match").path("verdict").asString()).isIn("not-ours", "unmatched", "customer");
    var raw = desk.get("/api/notices/" + id + "/raw", "viewer");
    assertThat(raw.body()).isEqualTo(mail);

    JsonNode audit = desk.get("/api/audit?subject=notice:" + id, "viewer").json().path("items");
    assertThat(audit.size()).isEqualTo(1); // the duplicate changed nothing, so it is not a write
    assertThat(audit.get(0).path("action").asString()).isEqualTo("notice.import");
    assertThat(audit.get(0).path("actor").asString()).isEqualTo("token:handler");
    assertThat(audit.get(0).path("noticeIds").get(0).asLong()).isEqualTo(id);
  }

  @Test
  void errorsAreJsonAndNameTheField() throws Exception {
    var missing = desk.get("/api/notices/987654321", "viewer");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.message()).isEqualTo("no notice 987654321");

    var notANumber = desk.get("/api/notices/abc", "viewer");
    assertThat(notANumber.status()).isEqualTo(400);
    assertThat(notANumber.field()).isEqualTo("id");

    var badLimit = desk.get("/api/events?limit=0", "viewer");
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.field()).isEqualTo("limit");

    var badMatch = desk.get("/api/events?match=maybe", "viewer");
    assertThat(badMatch.field()).isEqualTo("match");

    var badTime = desk.get("/api/events?since=yesterday", "viewer");
    assertThat(badTime.status()).isEqualTo(400);
    assertThat(badTime.field()).isEqualTo("since");

    var noReason = desk.postJson("/api/nullroutes", "handler", "{\"address\":\"192.0.2.7\"}");
    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.field()).isEqualTo("reason");

    var typo = desk.postJson("/api/nullroutes", "handler", "{\"address\":\"192.0.2.7\",\"reason\":\"x\",\"dryrun\":true}");
    assertThat(typo.status()).isEqualTo(400);
    assertThat(typo.field()).isEqualTo("dryrun");

    var badAddress = desk.postJson("/api/nullroutes", "handler", "{\"address\":\"192.0.2.300\",\"reason\":\"x\"}");
    assertThat(badAddress.status()).isEqualTo(400);
    assertThat(badAddress.field()).isEqualTo("address");

    var notJson = desk.postJson("/api/nullroutes", "handler", "{\"address\": ");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.message()).startsWith("the body is not valid JSON");

    var unknown = desk.get("/api/nothing-here", "viewer");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("message").asString()).contains("/api/nothing-here");

    var lookup = desk.get("/api/registry/lookup?ip=not-an-ip", "viewer");
    assertThat(lookup.status()).isEqualTo(400);
    assertThat(lookup.field()).isEqualTo("ip");

    for (var a : new TestDesk.Answer[] {missing, notANumber, badLimit, badTime, noReason, typo, notJson, unknown, lookup}) {
      assertThat(a.body()).doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(a.json().has("status") && a.json().has("error") && a.json().has("message") && a.json().has("field")).isTrue();
    }
  }

  @Test
  void dashboardFormsNeedTheSessionsCsrfTokenAndThisSite() throws Exception {
    String cookie = TwoInstancesPostgresTest.login(desk, "admin");
    String page = TwoInstancesPostgresTest.send(desk, java.net.http.HttpRequest.newBuilder(java.net.URI.create(desk.url("/nullroutes")))
        .header("Cookie", cookie).GET()).body();
    var m = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(m.find()).isTrue();
    String form = "address=192.0.2.7&reason=x";
    java.util.function.Function<String, java.net.http.HttpRequest.Builder> post = body -> java.net.http.HttpRequest
        .newBuilder(java.net.URI.create(desk.url("/nullroutes"))).header("Cookie", cookie)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
    var noToken = TwoInstancesPostgresTest.send(desk, post.apply(form));
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("CSRF");
    var wrongToken = TwoInstancesPostgresTest.send(desk, post.apply(form + "&_csrf=forged"));
    assertThat(wrongToken.statusCode()).isEqualTo(403);
    var otherSite = TwoInstancesPostgresTest.send(desk, post.apply(form + "&_csrf=" + m.group(1)).header("Origin", "https://evil.example"));
    assertThat(otherSite.statusCode()).isEqualTo(403);
    assertThat(otherSite.body()).contains("cross-site");
    // with the token, from this site: the request passes the check (and reaches the missing netctl: 503)
    var ok = TwoInstancesPostgresTest.send(desk, post.apply(form + "&_csrf=" + m.group(1)).header("Origin", desk.url("")));
    assertThat(ok.statusCode()).isEqualTo(503);
    // a token from another session is refused
    String other = TwoInstancesPostgresTest.login(desk, "handler");
    var swapped = TwoInstancesPostgresTest.send(desk, java.net.http.HttpRequest.newBuilder(java.net.URI.create(desk.url("/nullroutes")))
        .header("Cookie", other).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + m.group(1))));
    assertThat(swapped.statusCode()).isEqualTo(403);
  }

  @Test
  void nullRoutesNeedAConfiguredNetctl() throws Exception {
    var a = desk.get("/api/nullroutes", "viewer");
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.message()).contains("nullroute-config");
  }

  @Test
  void healthAndMetricsArePublicAndCarryNoPersonalData() throws Exception {
    var h = desk.get("/health", null);
    assertThat(h.status()).isEqualTo(200);
    assertThat(h.json().path("status").asString()).isEqualTo("ok");
    long id = desk.call("POST", "/api/notices", "handler", "message/rfc822", resource("/notices/acns-two-inline-qp-pgp.eml"))
        .json().path("id").asLong();
    assertThat(desk.get("/api/notices/" + id, "viewer").status()).isEqualTo(200);
    var m = desk.get("/metrics", null);
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.body()).contains("seawall_desk_notices_received_total").contains("seawall_desk_http_requests_seconds_count")
        .contains("route=\"/api/notices/{id}\"");
    assertThat(TwoInstancesPostgresTest.metric(desk, "seawall_desk_notices_received_total")).isGreaterThanOrEqualTo(1);
    // addresses and user names never become labels
    assertThat(m.body()).doesNotContain("198.51.100.23").doesNotContain("handler\"").doesNotContain("2001:db8");
  }
}
