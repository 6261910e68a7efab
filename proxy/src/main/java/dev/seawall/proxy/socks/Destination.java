package dev.seawall.proxy.socks;

import java.net.InetAddress;

/**
 * Where a client asked to go: a host name (resolved by the proxy) or an address, and a port.
 * Exactly one of {@code domain} and {@code address} is set.
 */
public record Destination(String domain, InetAddress address, int port) {
  public Destination {
    if ((domain == null) == (address == null)) throw new IllegalArgumentException("exactly one of domain, address");
    if (port < 0 || port > 0xffff) throw new IllegalArgumentException("port out of range: " + port);
  }

  public static Destination of(String domain, int port) {
    return new Destination(domain, null, port);
  }

  public static Destination of(InetAddress address, int port) {
    return new Destination(null, address, port);
  }

  public boolean isDomain() {
    return domain != null;
  }
}
