package dev.seawall.netctl;

/** What {@link NullRouteService#remove} did. */
public sealed interface RemoveResult {

  /** The route was withdrawn and is no longer recorded. */
  record Withdrawn(NullRoute route) implements RemoveResult {}

  /** Dry run: this route would be withdrawn. */
  record WouldWithdraw(NullRoute route) implements RemoveResult {}

  /** No active null-route for this prefix. */
  record NotActive(Prefix prefix) implements RemoveResult {}

  /** The backend could not withdraw it; the route stays recorded so a later attempt retries. */
  record Failed(Prefix prefix, String message) implements RemoveResult {}
}
