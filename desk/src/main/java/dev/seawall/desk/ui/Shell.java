package dev.seawall.desk.ui;

import dev.seawall.desk.auth.Principal;

/**
 * What every dashboard page's frame shows: the title, who is logged in, the CSRF token that forms
 * and htmx requests send, whether this desk runs on sample data, the active menu entry, and a
 * one-line message after an action.
 *
 * @param user null on the login and error pages when nobody is logged in
 */
public record Shell(String title, Principal user, String csrf, boolean demo, String active, String flash, String version) {

  public boolean may(String role) {
    return user != null && user.role().includes(dev.seawall.desk.audit.Role.parse(role));
  }

  /** The htmx headers attribute: every htmx request carries the CSRF token. */
  public String hxHeaders() {
    return csrf == null ? "{}" : "{\"X-CSRF-Token\": \"" + csrf + "\"}";
  }
}
