package dev.seawall.netctl;

/** A backend could not carry out an announce, withdraw or listing; the message says which and why. */
public final class BackendException extends RuntimeException {
  public BackendException(String message) {
    super(message);
  }

  public BackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
