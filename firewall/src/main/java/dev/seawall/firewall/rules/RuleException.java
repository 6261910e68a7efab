package dev.seawall.firewall.rules;

/** The rules could not be installed or removed; the message names the program and its answer. */
public final class RuleException extends Exception {
  public RuleException(String message) {
    super(message);
  }
}
