package dev.seawall.desk.auth;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.audit.Role;
import java.util.Objects;

/**
 * Who is making a request: a user logged in through the dashboard, or an API token.
 *
 * @param name the user name, or the token's name for a token (tokens are named in the configuration)
 */
public record Principal(String name, Role role, Via via) {
  public enum Via { SESSION, TOKEN }

  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(via, "via");
  }

  public boolean may(Role needed) {
    return role.includes(needed);
  }

  /** How the audit log names this principal: users by name, tokens as {@code token:NAME}. */
  public String auditName() {
    return via == Via.TOKEN ? "token:" + name : name;
  }

  /** The actor the workflow services and the audit log know. */
  public Actor actor() {
    return Actor.user(auditName(), role);
  }
}
