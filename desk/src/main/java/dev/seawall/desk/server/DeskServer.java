package dev.seawall.desk.server;

import dev.seawall.desk.api.ApiDoc;
import dev.seawall.desk.api.ApiError;
import dev.seawall.desk.api.ApiRoutes;
import dev.seawall.desk.api.Audit;
import dev.seawall.desk.api.AuditApi;
import dev.seawall.desk.api.CasesApi;
import dev.seawall.desk.api.CounterNoticesApi;
import dev.seawall.desk.api.LedgerApi;
import dev.seawall.desk.api.OperatorRecordsApi;
import dev.seawall.desk.api.OrdersApi;
import dev.seawall.desk.api.Auth;
import dev.seawall.desk.api.Json;
import dev.seawall.desk.api.NoticesApi;
import dev.seawall.desk.api.NullRoutesApi;
import dev.seawall.desk.api.OpenApiDocument;
import dev.seawall.desk.api.RegistryApi;
import dev.seawall.desk.api.ReportsApi;
import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.audit.PermissionDenied;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.auth.LoginThrottle;
import dev.seawall.desk.auth.Principal;
import dev.seawall.desk.intake.ImapPoller;
import dev.seawall.desk.auth.SessionCookie;
import dev.seawall.desk.ops.DatabaseGauges;
import dev.seawall.desk.ops.DeskMetrics;
import dev.seawall.desk.ui.Dashboard;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson3;
import io.javalin.router.Endpoint;
import java.sql.Connection;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The desk's HTTP server: the REST API under {@code /api} (OpenAPI document at
 * {@code /api/openapi.json}), the dashboard, {@code /health} and {@code /metrics}. Everything it
 * knows lives in the database, so several instances can serve the same desk.
 */
public final class DeskServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DeskServer.class.getName());

  private final Javalin app;
  private final DeskMetrics metrics;
  private final String version;
  private final WorkflowTicker ticker;

  private DeskServer(Javalin app, DeskMetrics metrics, String version, WorkflowTicker ticker) {
    this.app = app;
    this.metrics = metrics;
    this.version = version;
    this.ticker = ticker;
  }

  /** JUL keeps loggers weakly: the configured ones are held here so their levels stay. */
  private static final List<java.util.logging.Logger> QUIETED = new java.util.ArrayList<>();

  /** One line per log record, and only warnings from the libraries (Jetty and Javalin announce every start at INFO). */
  static synchronized void quietLibraries() {
    if (!QUIETED.isEmpty()) return;
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT %4$s %3$s: %5$s%6$s%n");
    }
    for (String name : List.of("org.eclipse.jetty", "io.javalin", "org.flywaydb")) {
      java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
      l.setLevel(java.util.logging.Level.WARNING);
      QUIETED.add(l);
    }
  }

  /** Starts serving on the configured address. */
  public static DeskServer start(DeskConfig config, DeskServices services, boolean demo) {
    quietLibraries();
    String version = buildVersion();
    AtomicReference<Javalin> self = new AtomicReference<>();
    DeskMetrics metrics = new DeskMetrics();
    AuditLog auditLog = services.audit;
    Audit audit = new Audit(auditLog, metrics::write);
    MailboxIntake mailbox = null;
    if (config.imap() != null) {
      metrics.imapCounters();
      ImapPoller poller = new ImapPoller(config.imap().url(), config.imap().password(), null, services.importer, 30_000);
      mailbox = new MailboxIntake(poller, config.imap().url().toString(), services.clock, metrics);
    }
    WorkflowTicker ticker = (services.workflow == null && mailbox == null) || config.tick() == null ? null
        : new WorkflowTicker(services.workflow, mailbox, services.clock, config.tick());
    byte[] secret = config.sessionSecret() != null ? config.sessionSecret() : SessionCookie.randomSecret();
    SessionCookie sessions = new SessionCookie(secret, config.sessionTtl(), services.clock);
    LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(5), services.clock);
    registerGauges(metrics, services);
    ErrorResponses errors = new ErrorResponses(Dashboard::errorPage);
    NullRoutesApi nullApi = new NullRoutesApi(services.nullroutes, audit, Json.MAPPER);
    RegistryApi registryApi = new RegistryApi(services.registry, services.registryCache, audit, services.clock);
    Dashboard dashboard = new Dashboard(services, config.accounts(), sessions, throttle, audit, metrics, config.secureCookies(),
        demo, version, nullApi, registryApi);

    Javalin app = Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.jsonMapper(new JavalinJackson3(Json.MAPPER, false));
      cfg.http.maxRequestSize = 10_000_000L; // a notice with its attachments, a registry CSV
      cfg.staticFiles.enableWebjars();
      cfg.staticFiles.add("/desk-web/static", io.javalin.http.staticfiles.Location.CLASSPATH);
      cfg.jetty.host = config.listen().getHostString();
      cfg.jetty.port = config.listen().getPort();
      cfg.jetty.modifyServer(server -> server.setStopTimeout(5_000));
      cfg.requestLogger.http((ctx, ms) -> {
        Endpoint ep = ctx.endpoints().matchedHttpEndpoint();
        String route = ep == null || ep.path.isEmpty() ? (ctx.status().getCode() == 404 ? "unmatched" : "static") : ep.path;
        metrics.request(ctx.method().name(), route, ctx.status().getCode(), Duration.ofNanos((long) (ms * 1_000_000)));
      });

      var routes = cfg.routes;
      routes.beforeMatched(new AccessCheck(config.accounts(), sessions));
      routes.before(ctx -> {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " frame-ancestors 'none'; form-action 'self'");
      });
      routes.exception(ApiError.class, errors::apiError);
      routes.exception(HttpResponseException.class, errors::httpError);
      routes.exception(PermissionDenied.class, (e, ctx) -> errors.apiError(ApiError.forbidden(e.getMessage()), ctx));
      routes.exception(NoSuchElementException.class, (e, ctx) -> errors.apiError(ApiError.notFound(e.getMessage()), ctx));
      routes.exception(IllegalStateException.class, (e, ctx) -> errors.apiError(ApiError.conflict(e.getMessage()), ctx));
      routes.exception(IllegalArgumentException.class, (e, ctx) -> errors.apiError(ApiError.badRequest(null, e.getMessage()), ctx));
      routes.exception(Exception.class, errors::unexpected);

      ApiRoutes api = new ApiRoutes(routes);
      api.get("/health", ApiDoc.of("operations", "Whether this desk instance can serve (database reachable)", null)
          .response("Health").status(200).errors(503), ctx -> health(ctx, services, version, ticker));
      api.get("/api/me", ApiDoc.of("operations", "Who is calling, with which role", Role.VIEWER).response("Me"), DeskServer::me);
      routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
      new NoticesApi(services.queries, services.notices, services.importer, services.registryCache, audit).register(api);
      registryApi.register(api);
      nullApi.register(api);
      new ReportsApi(services.reports, services.clock).register(api);
      new AuditApi(auditLog).register(api);
      new CasesApi(services.workflow, audit, Json.MAPPER, services.clock).register(api);
      new LedgerApi(services.workflow, audit, Json.MAPPER).register(api);
      new CounterNoticesApi(services.workflow, audit, Json.MAPPER, services.clock).register(api);
      new OrdersApi(services.orders, audit, Json.MAPPER, services.clock).register(api);
      new OperatorRecordsApi(services.workflow, audit, Json.MAPPER, services.clock).register(api);
      api.get("/api/openapi.json", ApiDoc.of("operations", "This document", null).response("application/json"),
          ctx -> ctx.contentType("application/json").result(OpenApiDocument.render(endpoints(self.get()), version, Json.MAPPER)));
      dashboard.register(routes);
    });
    self.set(app);
    app.start();
    LOG.log(System.Logger.Level.INFO, "seawall desk " + version + " listening on " + config.listen().getHostString() + ":" + app.port());
    return new DeskServer(app, metrics, version, ticker);
  }

  /** Every route the server has, for the OpenAPI document. */
  public static List<Endpoint> endpoints(Javalin app) {
    return app.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint).toList();
  }

  public Javalin javalin() {
    return app;
  }

  private static void registerGauges(DeskMetrics metrics, DeskServices s) {
    DatabaseGauges g = new DatabaseGauges(s.db, s.clock, Duration.ofSeconds(10))
        .add("notices", "SELECT COUNT(*) FROM notice")
        .add("events", "SELECT COUNT(*) FROM event")
        .add("invalid", "SELECT COUNT(*) FROM notice WHERE completeness = 'INVALID'")
        .add("forwards", "SELECT COUNT(*) FROM outbox WHERE purpose = 'FORWARD' AND state = 'SENT'")
        .add("mail_sent", "SELECT COUNT(*) FROM outbox WHERE state = 'SENT'")
        .add("mail_failed", "SELECT COUNT(*) FROM outbox WHERE state = 'FAILED'")
        .add("overdue", "SELECT COUNT(*) FROM outbox WHERE due_at IS NOT NULL AND due_at < CURRENT_TIMESTAMP"
            + " AND state IN ('PENDING', 'FAILED')")
        .add("cases_open", "SELECT COUNT(*) FROM desk_case WHERE state = 'OPEN'")
        .add("strikes", "SELECT COUNT(*) FROM strike")
        .add("orders_pending", "SELECT COUNT(*) FROM court_order WHERE state = 'PENDING_APPROVAL'")
        .add("counter_scheduled", "SELECT COUNT(*) FROM counter_notice WHERE state = 'SCHEDULED'");
    for (dev.seawall.desk.ledger.ActionKind k : dev.seawall.desk.ledger.ActionKind.values()) {
      g.add("action_" + k.name(), "SELECT COUNT(*) FROM ledger_action WHERE kind = '" + k.name() + "'");
    }
    metrics.databaseCounter("seawall_desk_notices_received", "notices stored (same value on every instance sharing the database)", g,
        "notices");
    metrics.databaseCounter("seawall_desk_events", "infringement events read from stored notices", g, "events");
    metrics.databaseCounter("seawall_desk_notices_invalid", "stored notices that fail §512(c)(3)", g, "invalid");
    metrics.databaseCounter("seawall_desk_forwards", "notices forwarded to customers (delivered)", g, "forwards");
    metrics.databaseCounter("seawall_desk_mail_sent", "mails delivered (forwards, acknowledgements, warnings, …)", g, "mail_sent");
    metrics.databaseGauge("seawall_desk_mail_failed", "mails that could not be delivered and need a handler", g, "mail_failed");
    metrics.databaseGauge("seawall_desk_forwards_overdue", "forwards not delivered by their SLA deadline", g, "overdue");
    metrics.databaseGauge("seawall_desk_cases_open", "open cases", g, "cases_open");
    metrics.databaseCounter("seawall_desk_strikes", "repeat-infringer strikes counted", g, "strikes");
    metrics.databaseGauge("seawall_desk_orders_pending_approval", "court orders waiting for a second user's approval", g,
        "orders_pending");
    metrics.databaseGauge("seawall_desk_counter_notices_scheduled", "counter-notices waiting for restoration", g, "counter_scheduled");
    for (dev.seawall.desk.ledger.ActionKind k : dev.seawall.desk.ledger.ActionKind.values()) {
      metrics.databaseCounter("seawall_desk_ledger_actions", "repeat-infringer actions by kind", g, "action_" + k.name(),
          "kind", k.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (s.nullroutes != null) {
      metrics.gauge("seawall_desk_nullroutes_active", "null-routes active now (netctl)", s.nullroutes, n -> {
        try {
          return n.list().size();
        } catch (RuntimeException e) {
          return Double.NaN;
        }
      });
    }
  }

  private static void health(Context ctx, DeskServices s, String version, WorkflowTicker ticker) {
    Map<String, Object> h = new LinkedHashMap<>();
    String db;
    boolean up;
    try (Connection c = s.db.connect()) {
      up = c.isValid(2);
      db = up ? "ok" : "not responding";
    } catch (Exception e) {
      up = false;
      db = "unreachable: " + e.getMessage();
    }
    String nr = null;
    if (s.nullroutes instanceof dev.seawall.netctl.NullRouter r) nr = r.backendHealth();
    h.put("status", up ? "ok" : "down");
    h.put("version", version);
    h.put("database", db);
    h.put("nullroutes", nr);
    String wf = null;
    if (s.workflow != null) {
      WorkflowTicker.Status t = ticker == null ? null : ticker.last();
      wf = t == null ? "configured, not run yet" : t.error() != null ? "last round failed at " + t.at() + ": " + t.error()
          : "last round " + t.at() + ", " + t.processed() + " notice(s) processed, " + t.mailSent() + " mail(s) sent, "
              + t.problems() + " problem(s)";
    }
    h.put("workflow", wf);
    // null without a mailbox; before the first poll, only the error is null
    Map<String, Object> mailbox = null;
    if (ticker != null && ticker.mailbox() != null) {
      MailboxIntake.Poll p = ticker.mailbox().last();
      mailbox = new LinkedHashMap<>();
      mailbox.put("lastPoll", p == null ? "not polled yet" : p.at().toString());
      mailbox.put("fetched", p == null ? 0 : p.fetched());
      mailbox.put("stored", p == null ? 0 : p.stored());
      mailbox.put("error", p == null ? null : p.error());
    }
    h.put("mailbox", mailbox);
    ctx.status(up ? 200 : 503).json(h);
  }

  private static void me(Context ctx) {
    Principal p = Auth.principal(ctx);
    ctx.json(Map.of("name", p.name(), "role", p.role().label(), "via", p.via().name().toLowerCase(java.util.Locale.ROOT)));
  }

  static String buildVersion() {
    String v = DeskServer.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  public int port() {
    return app.port();
  }

  public String version() {
    return version;
  }

  /** The workflow's timer, or null without a workflow. */
  public WorkflowTicker ticker() {
    return ticker;
  }

  @Override
  public void close() {
    if (ticker != null) ticker.close();
    app.stop();
    metrics.close();
  }
}
