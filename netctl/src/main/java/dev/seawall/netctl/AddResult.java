package dev.seawall.netctl;

/** What {@link NullRouteService#add} did. A refusal is an answer, not an exception: callers must handle it. */
public sealed interface AddResult {

  /** The route is announced (or was already, in which case its expiry was extended). */
  record Announced(NullRoute route, boolean extended) implements AddResult {}

  /** Dry run: the rails accept the request; nothing was changed. */
  record WouldAnnounce(NullRoute route) implements AddResult {}

  /** The rails refused the request; {@code message} says which rail and why. */
  record Refused(Prefix prefix, String message) implements AddResult {}

  /** The rails accepted it but the backend could not announce it; nothing was recorded. */
  record Failed(Prefix prefix, String message) implements AddResult {}
}
