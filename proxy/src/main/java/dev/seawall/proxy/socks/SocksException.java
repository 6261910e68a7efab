package dev.seawall.proxy.socks;

/**
 * A SOCKS message the proxy refuses: what was wrong, in words, and the reply code to send (a
 * SOCKS5 REP value; SOCKS4 maps every refusal to 91).
 */
public final class SocksException extends Exception {
  private final int reply;

  public SocksException(int reply, String message) {
    super(message, null, false, false);
    this.reply = reply;
  }

  public int reply() {
    return reply;
  }
}
