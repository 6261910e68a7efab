package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.audit.Role;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Each role's limits on every operation the served OpenAPI document lists (so a new route is
 * covered the day it is added): without a token 401; with the token of each role below the
 * operation's {@code x-required-role} 403 naming the role it needs, before the request itself is
 * even looked at; with each role from it upwards, past the check (whatever the request then gets:
 * here mostly 400 or 404, the ids and bodies being made up).
 */
class ApiRoleMatrixTest {
  static TestDesk desk;

  @BeforeAll
  static void start() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort(); // no mail leaves: the made-up requests queue none, and the timer does not run here
    }
    desk = TestDesk.withWorkflow(closedPort);
  }

  @AfterAll
  static void stop() throws Exception {
    if (desk != null) desk.close();
  }

  record Op(String method, String path, Role needs) {}

  static List<Op> operations() throws Exception {
    JsonNode doc = desk.get("/api/openapi.json", null).json();
    List<Op> ops = new ArrayList<>();
    for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> o : p.getValue().properties()) {
        JsonNode op = o.getValue();
        boolean isPublic = op.has("security") && op.path("security").isEmpty();
        Role needs = isPublic ? null : Role.parse(op.path("x-required-role").asString());
        ops.add(new Op(o.getKey().toUpperCase(java.util.Locale.ROOT), p.getKey(), needs));
      }
    }
    return ops;
  }

  /** The path with made-up values in its parameters: nothing of the kind exists. */
  static String concrete(String path) {
    return path.replace("{id}", "987654321").replace("{customer}", "nobody-here").replace("{code}", "nobody-here")
        .replace("{address}", "192.0.2.250");
  }

  static TestDesk.Answer call(Op op, String user) throws Exception {
    boolean write = !op.method().equals("GET");
    return desk.call(op.method(), concrete(op.path()), user, write ? "application/json" : null, write ? "{}" : null);
  }

  @Test
  void everyOperationRefusesTheRolesBelowItsOwnAndAdmitsTheOthers() throws Exception {
    List<Op> ops = operations();
    assertThat(ops).hasSizeGreaterThan(40);
    List<String> wrong = new ArrayList<>();
    int refused = 0, admitted = 0;
    for (Op op : ops) {
      if (op.needs() == null) continue;
      for (String user : new String[] {"viewer", "handler", "approver", "admin"}) {
        Role role = Role.parse(user);
        TestDesk.Answer a = call(op, user);
        String what = op.method() + " " + op.path() + " as " + user + ": " + a.status() + " " + a.message();
        if (role.includes(op.needs())) {
          admitted++;
          if (a.status() == 401 || (a.status() == 403 && a.message().matches(".*(this needs \\w+ or above|needs the \\w+ role).*"))) wrong.add(what + " (should pass)");
          if (a.status() >= 500 && a.status() != 503) wrong.add(what + " (a server error)");
        } else {
          refused++;
          if (a.status() != 403 || !a.message().endsWith("; this needs " + op.needs().label() + " or above")) wrong.add(what + " (should be refused)");
        }
      }
    }
    assertThat(wrong).isEmpty();
    // every role is refused something, and admitted to something
    assertThat(refused).isPositive();
    assertThat(admitted).isGreaterThan(refused);
    assertThat(ops).filteredOn(o -> o.needs() == Role.HANDLER).isNotEmpty();
    assertThat(ops).filteredOn(o -> o.needs() == Role.APPROVER).isNotEmpty();
    assertThat(ops).filteredOn(o -> o.needs() == Role.ADMIN).isNotEmpty();
  }

  @Test
  void everyOperationButThePublicOnesRefusesCallsWithoutAValidToken() throws Exception {
    List<String> wrong = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (Op op : operations()) {
      TestDesk.Answer a = call(op, null);
      if (op.needs() == null) {
        open.add(op.method() + " " + op.path());
        continue;
      }
      if (a.status() != 401) wrong.add(op.method() + " " + op.path() + ": " + a.status());
      var forged = desk.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(desk.url(concrete(op.path()))))
          .method(op.method(), java.net.http.HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer swd_forged")
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      if (forged.statusCode() != 401) wrong.add(op.method() + " " + op.path() + " with a forged token: " + forged.statusCode());
    }
    assertThat(wrong).isEmpty();
    // open on purpose: the health check (for load balancers), the document itself, the court-order blocklist (for the
    // enforcement points); /metrics is no API route
    assertThat(open).containsExactlyInAnyOrder("GET /health", "GET /api/openapi.json", "GET /api/blocklist");
  }
}
