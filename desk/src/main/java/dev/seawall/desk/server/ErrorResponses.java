package dev.seawall.desk.server;

import dev.seawall.desk.api.ApiError;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Turns every failure into a clear answer: JSON {@code {status, error, message, field}} for the API
 * (and anything that is not a browser page), the dashboard's error page otherwise. Unexpected
 * exceptions are logged with a reference that the answer carries; the answer never holds a stack
 * trace or an exception's text.
 */
final class ErrorResponses {
  private static final System.Logger LOG = System.getLogger(ErrorResponses.class.getName());

  /** Renders an HTML error page: status, title, message. */
  private final BiConsumer<Context, Map<String, Object>> page;

  ErrorResponses(BiConsumer<Context, Map<String, Object>> page) {
    this.page = page;
  }

  void apiError(ApiError e, Context ctx) {
    respond(ctx, e.status(), e.getMessage(), e.field());
  }

  void httpError(HttpResponseException e, Context ctx) {
    String message = switch (e.getStatus()) {
      case 404 -> "no such page or operation: " + ctx.method().name() + " " + ctx.path();
      case 405 -> ctx.method().name() + " is not allowed on " + ctx.path();
      case 413 -> "the request body is too large";
      default -> e.getMessage();
    };
    respond(ctx, e.getStatus(), message, null);
  }

  void unexpected(Exception e, Context ctx) {
    if (e instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
      LOG.log(System.Logger.Level.WARNING, "database unavailable: " + s.getMessage());
      respond(ctx, 503, "the database is not reachable; try again shortly", null);
      return;
    }
    String ref = UUID.randomUUID().toString().substring(0, 8);
    LOG.log(System.Logger.Level.ERROR, "internal error " + ref + " on " + ctx.method().name() + " " + ctx.path(), e);
    respond(ctx, 500, "internal error (reference " + ref + " in the desk's log)", null);
  }

  private void respond(Context ctx, int status, String message, String field) {
    ctx.status(status);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", HttpStatus.forStatus(status).getMessage());
    body.put("message", message);
    body.put("field", field);
    if (wantsHtml(ctx)) page.accept(ctx, body);
    else ctx.json(body);
  }

  /** A browser navigating (not the API, not htmx, which shows the JSON message itself). */
  static boolean wantsHtml(Context ctx) {
    String p = ctx.path();
    if (p.startsWith("/api/") || p.equals("/api") || p.equals("/health") || p.equals("/metrics")) return false;
    if (ctx.header("HX-Request") != null) return false;
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("text/html");
  }
}
