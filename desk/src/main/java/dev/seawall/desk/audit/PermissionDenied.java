package dev.seawall.desk.audit;

/** An actor tried something its role does not allow, or a rule of the desk forbids (e.g. approving one's own order). */
public final class PermissionDenied extends RuntimeException {
  private final transient Actor actor;

  public PermissionDenied(Actor actor, Role needed, String what) {
    super(actor.userId() + " (" + actor.role().label() + ") may not " + what + ": needs the " + needed.label() + " role");
    this.actor = actor;
  }

  public PermissionDenied(Actor actor, String message) {
    super(message);
    this.actor = actor;
  }

  public Actor actor() {
    return actor;
  }
}
