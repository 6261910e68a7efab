package dev.seawall.desk.server;

import dev.seawall.desk.api.ApiDoc;
import dev.seawall.desk.api.ApiError;
import dev.seawall.desk.api.Auth;
import dev.seawall.desk.auth.Accounts;
import dev.seawall.desk.auth.Principal;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.auth.SessionCookie;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.Endpoint;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Runs before every matched route: finds who is calling (a Bearer token, else the session cookie),
 * then enforces the route's role. API routes answer 401/403 as JSON; dashboard pages send a browser
 * without a session to the login page. A change made with a session cookie must carry the
 * session's CSRF token (form field {@code _csrf} or header {@code X-CSRF-Token}) and, when the
 * browser says where it comes from, come from this site.
 */
public final class AccessCheck implements Handler {
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_FIELD = "_csrf";

  private final Accounts accounts;
  private final SessionCookie sessions;

  AccessCheck(Accounts accounts, SessionCookie sessions) {
    this.accounts = accounts;
    this.sessions = sessions;
  }

  @Override
  public void handle(Context ctx) {
    Endpoint ep = ctx.endpoints().matchedHttpEndpoint();
    ApiDoc doc = ep == null ? null : ep.metadata(ApiDoc.class);
    UiPage page = ep == null ? null : ep.metadata(UiPage.class);
    Principal p = identify(ctx, doc != null);
    if (p != null) ctx.attribute(Auth.ATTRIBUTE, p);
    Role needed = doc != null ? doc.role() : page != null ? page.role() : null;
    if (needed == null) return;
    if (p == null) {
      if (page != null && ctx.method().name().equals("GET")) {
        ctx.redirect("/login?next=" + URLEncoder.encode(pathAndQuery(ctx), StandardCharsets.UTF_8));
        return;
      }
      ctx.header("WWW-Authenticate", "Bearer realm=\"seawall-desk\"");
      throw ApiError.unauthorized("log in or send 'Authorization: Bearer TOKEN'");
    }
    if (!p.may(needed)) {
      throw ApiError.forbidden(p.name() + " is " + p.role().label() + "; this needs " + needed.label() + " or above");
    }
    boolean write = !ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD");
    if (write && p.via() == Principal.Via.SESSION) {
      sameOrigin(ctx);
      SessionCookie.Session s = ctx.attribute(SessionCookie.REQUEST_ATTRIBUTE);
      String token = ctx.header(CSRF_HEADER);
      if (token == null && isForm(ctx)) token = ctx.formParam(CSRF_FIELD);
      if (!sessions.csrfValid(s, token)) throw ApiError.forbidden("missing or wrong CSRF token; reload the page and try again");
    }
  }

  /** The caller, or null. A Bearer header that does not name a configured token is refused outright on the API. */
  private Principal identify(Context ctx, boolean api) {
    String auth = ctx.header("Authorization");
    if (auth != null && api) {
      if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw ApiError.unauthorized("the Authorization header must be 'Bearer TOKEN'");
      }
      return accounts.bearer(auth.substring(7).strip())
          .orElseThrow(() -> ApiError.unauthorized("unknown or revoked token"));
    }
    Optional<SessionCookie.Session> s = sessions.decode(ctx.cookie(SessionCookie.NAME));
    if (s.isEmpty()) return null;
    Optional<Principal> user = accounts.sessionUser(s.get().user());
    if (user.isEmpty()) return null; // removed from the configuration since
    ctx.attribute(SessionCookie.REQUEST_ATTRIBUTE, s.get());
    return user.get();
  }

  /** Browsers send Origin with every POST; when it is there it must name this host. */
  public static void sameOrigin(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin == null) return;
    String host = ctx.header("Host");
    try {
      URI o = URI.create(origin);
      String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
      if (host != null && o.getHost() != null && (authority.equalsIgnoreCase(host) || o.getHost().equalsIgnoreCase(host))) return;
    } catch (IllegalArgumentException e) {
      // an unreadable Origin (such as "null") is treated as foreign
    }
    throw ApiError.forbidden("cross-site request refused (Origin " + origin + ")");
  }

  private static boolean isForm(Context ctx) {
    String ct = ctx.contentType();
    return ct != null && (ct.startsWith("application/x-www-form-urlencoded") || ct.startsWith("multipart/form-data"));
  }

  static String pathAndQuery(Context ctx) {
    String q = ctx.queryString();
    return ctx.path() + (q == null ? "" : "?" + q);
  }
}
