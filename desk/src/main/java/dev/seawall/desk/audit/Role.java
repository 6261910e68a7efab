package dev.seawall.desk.audit;

import java.util.Locale;

/**
 * What a desk user may do. Each role includes the ones before it: a viewer reads; a handler works
 * cases (forwards, notes, counter-notices, attributing strikes to subscribers, drafting orders); an
 * approver also approves what needs a second person (court orders, reinstatements); an admin also
 * changes configuration-like records (designated agents, exit enforcement).
 */
public enum Role {
  VIEWER,
  HANDLER,
  APPROVER,
  ADMIN;

  /** Whether this role may do what {@code needed} may. */
  public boolean includes(Role needed) {
    return ordinal() >= needed.ordinal();
  }

  /** Reads "viewer", "HANDLER", …; names the choices when it is none of them. */
  public static Role parse(String s) {
    String k = s == null ? "" : s.strip().toUpperCase(Locale.ROOT);
    for (Role r : values()) {
      if (r.name().equals(k)) return r;
    }
    throw new IllegalArgumentException("unknown role '" + s + "' (viewer, handler, approver, admin)");
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
