package dev.seawall.desk.audit;

import java.util.Objects;

/**
 * Who does something at the desk: a user with a role, or the desk itself ({@code system:<part>},
 * e.g. {@code system:policy} for an action the repeat-infringer policy took). Every write to the
 * desk names its actor and lands in the {@link AuditLog}.
 */
public record Actor(String userId, Role role) {
  private static final String SYSTEM = "system:";

  public Actor {
    Objects.requireNonNull(role, "role");
    if (userId == null || userId.isBlank()) throw new IllegalArgumentException("an actor needs a user id");
    if (userId.length() > 200) throw new IllegalArgumentException("user id longer than 200 characters");
    for (int i = 0; i < userId.length(); i++) {
      if (Character.isISOControl(userId.charAt(i)) || Character.isWhitespace(userId.charAt(i))) {
        throw new IllegalArgumentException("user id '" + userId.strip() + "' contains whitespace or control characters");
      }
    }
  }

  /** A person (or API client) logged in with a role; the {@code system:} prefix is reserved. */
  public static Actor user(String userId, Role role) {
    if (userId != null && userId.startsWith(SYSTEM)) {
      throw new IllegalArgumentException("user ids starting with '" + SYSTEM + "' are reserved for the desk itself");
    }
    return new Actor(userId, role);
  }

  /** The desk acting on its own (policy, timers, intake), with every permission. */
  public static Actor system(String part) {
    return new Actor(SYSTEM + part, Role.ADMIN);
  }

  public boolean isSystem() {
    return userId.startsWith(SYSTEM);
  }

  /** Throws {@link PermissionDenied} unless this actor's role includes {@code needed}. */
  public void require(Role needed, String what) {
    if (!role.includes(needed)) throw new PermissionDenied(this, needed, what);
  }

  @Override
  public String toString() {
    return userId + " (" + role.label() + ")";
  }
}
