package dev.seawall.firewall.rules;

import java.util.Locale;

/**
 * Traffic Seawall never queues: a network (either end of the flow inside it) or a service port
 * (the port the connection was opened to, TCP or UDP).
 */
public sealed interface Exemption {

  record Network(Cidr network) implements Exemption {}

  /** @param protocol "tcp" or "udp" */
  record Port(String protocol, int from, int to) implements Exemption {
    public Port {
      if (!protocol.equals("tcp") && !protocol.equals("udp")) {
        throw new IllegalArgumentException("protocol must be tcp or udp, got '" + protocol + "'");
      }
      if (from < 1 || to > 65535 || from > to) {
        throw new IllegalArgumentException("bad port range " + from + "-" + to);
      }
    }

    String iptablesRange() {
      return from == to ? Integer.toString(from) : from + ":" + to;
    }
  }

  /**
   * Parses {@code CIDR}, {@code tcp:PORT}, {@code udp:PORT[-PORT]} or {@code PORT[-PORT]} (both
   * protocols; returned as two exemptions by {@link #parseAll}).
   */
  static java.util.List<Exemption> parseAll(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    if (s.startsWith("tcp:") || s.startsWith("udp:")) {
      return java.util.List.of(port(s.substring(0, 3), s.substring(4), text));
    }
    if (!s.isEmpty() && s.chars().allMatch(ch -> Character.isDigit(ch) || ch == '-')) {
      return java.util.List.of(port("tcp", s, text), port("udp", s, text));
    }
    try {
      return java.util.List.of(new Network(Cidr.parse(s)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "exemption '" + text + "' is neither a network (10.0.0.0/8, 2001:db8::/32) nor a port (tcp:22, udp:5000-5100, 53)");
    }
  }

  private static Port port(String protocol, String range, String original) {
    String[] parts = range.split("-", -1);
    try {
      if (parts.length == 1) return new Port(protocol, Integer.parseInt(parts[0]), Integer.parseInt(parts[0]));
      if (parts.length == 2) return new Port(protocol, Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("bad port or port range in exemption '" + original + "'");
  }
}
