package dev.seawall.desk.ui;

import dev.seawall.desk.api.Auth;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.auth.SessionCookie;
import dev.seawall.desk.server.UiPage;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Registers dashboard pages with the role they need and renders them inside the common frame. */
public final class Pages {
  private final RoutesConfig routes;
  private final SessionCookie sessions;
  private final boolean demo;
  private final String version;

  Pages(RoutesConfig routes, SessionCookie sessions, boolean demo, String version) {
    this.routes = routes;
    this.sessions = sessions;
    this.demo = demo;
    this.version = version;
  }

  void get(String path, Role role, Handler h) {
    routes.addEndpoint(new Endpoint(HandlerType.GET, path, h, Set.of(new UiPage(role))));
  }

  void post(String path, Role role, Handler h) {
    routes.addEndpoint(new Endpoint(HandlerType.POST, path, h, Set.of(new UiPage(role))));
  }

  Shell shell(Context ctx, String title, String active) {
    SessionCookie.Session s = ctx.attribute(SessionCookie.REQUEST_ATTRIBUTE);
    return new Shell(title, Auth.orNull(ctx), s == null ? null : sessions.csrfToken(s), demo, active, ctx.queryParam("msg"),
        version);
  }

  void render(Context ctx, String template, String title, String active, Object model) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("shell", shell(ctx, title, active));
    params.put("m", model);
    Templates.page(ctx, template, params);
  }

  /** After a form's change: back to a page, with a one-line message (POST-redirect-GET). */
  static void done(Context ctx, String path, String message) {
    ctx.redirect(path + (path.contains("?") ? "&" : "?") + "msg=" + URLEncoder.encode(message, StandardCharsets.UTF_8), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** A form field that must be there; the error names it. */
  static String required(Context ctx, String field) {
    String v = ctx.formParam(field);
    if (v == null || v.isBlank()) throw dev.seawall.desk.api.ApiError.badRequest(field, "'" + field + "' is required");
    return v.strip();
  }

  static String optional(Context ctx, String field) {
    String v = ctx.formParam(field);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
