package dev.seawall.desk.server;

import dev.seawall.desk.audit.Role;
import dev.seawall.desk.auth.Accounts;
import dev.seawall.passwords.PasswordHash;
import dev.seawall.desk.auth.TokenHash;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import dev.seawall.desk.workflow.WorkflowConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A desk server for tests, on 127.0.0.1 and a free port, with one user and one token per role:
 * user NAME / password {@link #PASSWORD}, token {@link #token(String)}. Users: viewer, handler,
 * handler2, approver, approver2, admin.
 */
public final class TestDesk implements AutoCloseable {
  public static final String PASSWORD = "correct horse battery";
  public static final List<String> USERS = List.of("viewer", "handler", "handler2", "approver", "approver2", "admin");
  static final JsonMapper JSON = JsonMapper.builder().build();

  public final DeskServices services;
  public final DeskServer server;
  public final DeskConfig config;
  private final Map<String, String> tokens;
  private final Path dir;
  public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestDesk(DeskServices services, DeskServer server, DeskConfig config, Map<String, String> tokens, Path dir) {
    this.services = services;
    this.server = server;
    this.config = config;
    this.tokens = tokens;
    this.dir = dir;
  }

  /** Accounts shared by every test desk (hashing is slow: done once per JVM). */
  private static final Accounts ACCOUNTS;
  private static final Map<String, String> TOKENS = new LinkedHashMap<>();

  static {
    List<Accounts.User> users = new ArrayList<>();
    List<Accounts.Token> toks = new ArrayList<>();
    for (String u : USERS) {
      Role r = Role.parse(u.replaceAll("\\d", ""));
      users.add(new Accounts.User(u, r, PasswordHash.create(PASSWORD.toCharArray(), 1_000)));
      String t = TokenHash.newToken();
      TOKENS.put(u, t);
      toks.add(new Accounts.Token(u, r, TokenHash.of(t)));
    }
    ACCOUNTS = new Accounts(users, toks);
  }

  /** A desk on a fresh H2 file database. */
  public static TestDesk start() throws Exception {
    Path dir = Files.createTempDirectory("seawall-desk-test");
    return start("jdbc:h2:file:" + dir.resolve("desk"), null, dir);
  }

  /** A desk on the given database (several may share one), with a fixed session secret when given. */
  public static TestDesk start(String jdbcUrl, byte[] sessionSecret, Path dir) throws Exception {
    return start(jdbcUrl, sessionSecret, dir, null);
  }

  public static TestDesk start(String jdbcUrl, byte[] sessionSecret, Path dir, Path nullrouteConfig) throws Exception {
    return start(jdbcUrl, sessionSecret, dir, nullrouteConfig, null);
  }

  /**
   * A desk with the notice workflow (the workflow tests' policy ladder and registry), mail to an
   * SMTP server on loopback at {@code smtpPort}. Its timer is slow: tests run {@code
   * server.ticker().tick()} themselves.
   */
  public static TestDesk withWorkflow(int smtpPort) throws Exception {
    Path dir = Files.createTempDirectory("seawall-desk-test");
    WorkflowConfig wf = dev.seawall.desk.workflow.TestDesk.config(dir, smtpPort, null);
    return start("jdbc:h2:file:" + dir.resolve("desk"), null, dir, null, wf);
  }

  public static TestDesk start(String jdbcUrl, byte[] sessionSecret, Path dir, Path nullrouteConfig, WorkflowConfig wf)
      throws Exception {
    return start(jdbcUrl, sessionSecret, dir, nullrouteConfig, wf, null, Duration.ofHours(1));
  }

  /**
   * A desk with the notice workflow (as {@link #withWorkflow(int)}) that fetches {@code mailbox}
   * at the start of each round, every {@code tick}.
   */
  public static TestDesk withMailbox(int smtpPort, DeskConfig.Mailbox mailbox, Duration tick) throws Exception {
    Path dir = Files.createTempDirectory("seawall-desk-test");
    WorkflowConfig wf = dev.seawall.desk.workflow.TestDesk.config(dir, smtpPort, null);
    return start("jdbc:h2:file:" + dir.resolve("desk"), null, dir, null, wf, mailbox, tick);
  }

  static TestDesk start(String jdbcUrl, byte[] sessionSecret, Path dir, Path nullrouteConfig, WorkflowConfig wf,
      DeskConfig.Mailbox mailbox, Duration tick) throws Exception {
    DeskConfig cfg = new DeskConfig(new InetSocketAddress("127.0.0.1", 0), jdbcUrl, sessionSecret, Duration.ofHours(1), false,
        Duration.ofMinutes(5), nullrouteConfig, null, tick, mailbox, ACCOUNTS, List.of());
    DeskServices services = DeskServices.open(cfg, wf, Clock.systemUTC());
    DeskServer server = DeskServer.start(cfg, services, false);
    return new TestDesk(services, server, cfg, TOKENS, dir);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  public String token(String user) {
    return tokens.get(user);
  }

  /** A response with its body parsed as JSON when it is JSON. */
  public record Answer(int status, String body, JsonNode json, HttpResponse<String> raw) {
    public String message() {
      return json == null ? null : json.path("message").asString();
    }

    public String field() {
      return json == null || json.path("field").isNull() ? null : json.path("field").asString();
    }
  }

  public Answer call(String method, String path, String user, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
    if (user != null) b.header("Authorization", "Bearer " + token(user));
    if (contentType != null) b.header("Content-Type", contentType);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return answer(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  public Answer get(String path, String user) throws Exception {
    return call("GET", path, user, null, null);
  }

  public Answer postJson(String path, String user, String json) throws Exception {
    return call("POST", path, user, "application/json", json);
  }

  static Answer answer(HttpResponse<String> r) {
    JsonNode j = null;
    String ct = r.headers().firstValue("Content-Type").orElse("");
    if (ct.startsWith("application/json")) j = JSON.readTree(r.body());
    return new Answer(r.statusCode(), r.body(), j, r);
  }

  @Override
  public void close() throws Exception {
    server.close();
    services.close();
    if (dir != null) DeskCommand.deleteTree(dir);
  }
}
