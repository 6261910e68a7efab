package dev.seawall.desk.ui;

import dev.seawall.desk.api.Audit;
import dev.seawall.desk.api.NullRoutesApi;
import dev.seawall.desk.api.RegistryApi;
import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.auth.Accounts;
import dev.seawall.desk.auth.LoginThrottle;
import dev.seawall.desk.auth.Principal;
import dev.seawall.desk.auth.SessionCookie;
import dev.seawall.desk.ops.DeskMetrics;
import dev.seawall.desk.server.DeskServices;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.router.Endpoint;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The web dashboard: login with a signed session cookie, then the pages of each part of the desk.
 * Forms post with the session's CSRF token; htmx requests carry it in a header.
 */
public final class Dashboard {
  private final DeskServices services;
  private final Accounts accounts;
  private final SessionCookie sessions;
  private final LoginThrottle throttle;
  private final Audit audit;
  private final DeskMetrics metrics;
  private final boolean secureCookies;
  private final boolean demo;
  private final String version;
  private final NullRoutesApi nullroutes;
  private final RegistryApi registryApi;

  public Dashboard(DeskServices services, Accounts accounts, SessionCookie sessions, LoginThrottle throttle, Audit audit,
      DeskMetrics metrics, boolean secureCookies, boolean demo, String version, NullRoutesApi nullroutes,
      RegistryApi registryApi) {
    this.nullroutes = nullroutes;
    this.registryApi = registryApi;
    this.services = services;
    this.accounts = accounts;
    this.sessions = sessions;
    this.throttle = throttle;
    this.audit = audit;
    this.metrics = metrics;
    this.secureCookies = secureCookies;
    this.demo = demo;
    this.version = version;
  }

  public void register(RoutesConfig routes) {
    Pages pages = new Pages(routes, sessions, demo, version);
    routes.addEndpoint(new Endpoint(HandlerType.GET, "/login", this::loginForm, Set.of()));
    routes.addEndpoint(new Endpoint(HandlerType.POST, "/login", this::login, Set.of()));
    pages.post("/logout", Role.VIEWER, this::logout);
    pages.get("/", Role.VIEWER, ctx -> ctx.redirect("/queue"));
    new NoticePages(services, pages).register();
    new RegistryPages(services, registryApi, pages).register();
    new NullRoutePages(nullroutes, pages).register();
    new AuditPages(audit.log(), pages).register();
    new ReportPages(pages).register();
    new QueuePages(services, pages).register();
    new CasePages(services, audit, pages).register();
    new LedgerPages(services, audit, pages).register();
    new OrderPages(services, audit, pages).register();
    new CounterNoticePages(services, pages).register();
    new OperatorPages(services, pages).register();
  }

  private void loginForm(Context ctx) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("shell", new Shell("Log in", null, null, demo, "login", ctx.queryParam("msg"), version));
    p.put("next", safeNext(ctx.queryParam("next")));
    p.put("error", null);
    Templates.page(ctx, "login.jte", p);
  }

  private void login(Context ctx) throws SQLException {
    dev.seawall.desk.server.AccessCheck.sameOrigin(ctx);
    String user = Optional.ofNullable(ctx.formParam("user")).orElse("").strip();
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    String next = safeNext(ctx.formParam("next"));
    String error = null;
    Optional<Principal> p = Optional.empty();
    if (!throttle.allowed(user)) {
      error = "Too many failed attempts for this name; wait a few minutes.";
    } else {
      p = accounts.login(user, password.toCharArray());
      if (p.isEmpty()) {
        throttle.failed(user);
        error = "Wrong user name or password.";
        if (!user.isEmpty() && user.length() <= 64) {
          audit.log().append(Actor.system("web"), "auth.login-failed", Subject.of("user", user.replaceAll("\\s", "_")), null,
              List.of(), null);
        }
      }
    }
    metrics.login(p.isPresent());
    if (p.isEmpty()) {
      ctx.status(HttpStatus.UNAUTHORIZED);
      Map<String, Object> params = new LinkedHashMap<>();
      params.put("shell", new Shell("Log in", null, null, demo, "login", null, version));
      params.put("next", next);
      params.put("error", error);
      Templates.page(ctx, "login.jte", params);
      return;
    }
    throttle.succeeded(user);
    SessionCookie.Session s = sessions.open(p.get().name());
    setCookie(ctx, sessions.encode(s), (int) sessions.ttl().toSeconds());
    audit.log().append(p.get().actor(), "auth.login", Subject.of("user", p.get().name()), null, List.of(), null);
    ctx.redirect(next, HttpStatus.SEE_OTHER);
  }

  private void logout(Context ctx) throws SQLException {
    Principal p = dev.seawall.desk.api.Auth.principal(ctx);
    setCookie(ctx, "", 0);
    audit.log().append(p.actor(), "auth.logout", Subject.of("user", p.name()), null, List.of(), null);
    ctx.redirect("/login?msg=Logged+out", HttpStatus.SEE_OTHER);
  }

  private void setCookie(Context ctx, String value, int maxAge) {
    Cookie c = new Cookie(SessionCookie.NAME, value, "/", maxAge, secureCookies, true, null, SameSite.STRICT);
    ctx.cookie(c);
  }

  /** Only a local path: never send a user who just logged in to another site. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/queue";
    return next;
  }

  /** The error page, for a browser; {@code body} has status, error, message. */
  public static void errorPage(Context ctx, Map<String, Object> body) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("shell", new Shell(body.get("status") + " " + body.get("error"), dev.seawall.desk.api.Auth.orNull(ctx), null, false,
        "", null, ""));
    p.put("e", body);
    Templates.page(ctx, "error.jte", p);
  }
}
