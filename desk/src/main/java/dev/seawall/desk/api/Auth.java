package dev.seawall.desk.api;

import dev.seawall.desk.auth.Principal;
import io.javalin.http.Context;

/** The principal the server's access check put on the request. */
public final class Auth {
  private Auth() {}

  public static final String ATTRIBUTE = "seawall.principal";

  /** The caller; only called from operations that require a role, so it is always there. */
  public static Principal principal(Context ctx) {
    Principal p = ctx.attribute(ATTRIBUTE);
    if (p == null) throw ApiError.unauthorized("log in or send 'Authorization: Bearer TOKEN'");
    return p;
  }

  public static Principal orNull(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }
}
