package dev.seawall.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Parses {@code ADDR:PORT}, {@code [IPV6]:PORT} and {@code :PORT} (all addresses) for options. */
public final class HostPort {
  private HostPort() {}

  public static InetSocketAddress parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) throw new IllegalArgumentException("'" + text + "': expected ADDR:PORT");
    String host = text.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': port '" + text.substring(colon + 1) + "' is not a number");
    }
    if (port < 0 || port > 65535) throw new IllegalArgumentException("'" + text + "': port out of range");
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    if (host.isEmpty()) return new InetSocketAddress(port);
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "': unknown host '" + host + "'");
    }
  }
}
