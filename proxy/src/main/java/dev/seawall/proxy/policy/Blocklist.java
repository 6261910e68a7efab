package dev.seawall.proxy.policy;

import dev.seawall.engine.packet.Addresses;
import java.net.IDN;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Destinations a court ordered blocked. One entry per line:
 * <ul>
 *   <li>{@code example.org} blocks exactly that name;
 *   <li>{@code *.example.org} blocks every name below it (not the name itself: list both to block
 *       a site and its subdomains);
 *   <li>{@code 192.0.2.7}, {@code 198.51.100.0/24}, {@code 2001:db8::/32} block addresses.
 * </ul>
 * {@code #} starts a comment. Names are compared in lower-case ASCII (IDNA) form without a
 * trailing dot. Immutable; lookups cost a few hash probes.
 */
public final class Blocklist {
  public static final Blocklist EMPTY = new Blocklist(Set.of(), Set.of(), Map.of(), List.of());

  private final Set<String> exact;
  private final Set<String> below;
  private final Map<Integer, Set<List<Long>>> nets; // prefix bits -> masked addresses
  private final List<String> problems;

  private Blocklist(Set<String> exact, Set<String> below, Map<Integer, Set<List<Long>>> nets, List<String> problems) {
    this.exact = exact;
    this.below = below;
    this.nets = nets;
    this.problems = problems;
  }

  /** Parses the text; bad lines are reported in {@link #problems()} (with line numbers) and skipped. */
  public static Blocklist parse(String text, String source) {
    Set<String> exact = new HashSet<>();
    Set<String> below = new HashSet<>();
    Map<Integer, Set<List<Long>>> nets = new HashMap<>();
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      if (hash >= 0) line = line.substring(0, hash);
      line = line.strip();
      if (line.isEmpty()) continue;
      try {
        if (looksLikeAddress(line)) {
          Cidr c = Cidr.parse(line);
          nets.computeIfAbsent(c.bits(), k -> new HashSet<>()).add(List.of(c.hi(), c.lo()));
        } else if (line.startsWith("*.")) {
          below.add(normalize(line.substring(2)));
        } else {
          exact.add(normalize(line));
        }
      } catch (IllegalArgumentException e) {
        problems.add(source + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    return new Blocklist(Set.copyOf(exact), Set.copyOf(below), Map.copyOf(nets), List.copyOf(problems));
  }

  private static boolean looksLikeAddress(String s) {
    return s.indexOf(':') >= 0 || (!s.isEmpty() && Character.isDigit(s.charAt(0)) && s.chars()
        .allMatch(ch -> Character.isDigit(ch) || ch == '.' || ch == '/'));
  }

  /** Lower-case ASCII form of a host name without trailing dot; throws naming what is wrong. */
  public static String normalize(String name) {
    String n = name.strip();
    if (n.endsWith(".")) n = n.substring(0, n.length() - 1);
    if (n.isEmpty()) throw new IllegalArgumentException("empty domain name");
    String ascii;
    try {
      ascii = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + name + "' is not a domain name: " + e.getMessage());
    }
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
        throw new IllegalArgumentException("'" + name + "' is not a domain name (character '" + c + "')");
      }
    }
    return ascii;
  }

  /** Whether the (already normalized) host name is blocked. */
  public boolean blocksDomain(String name) {
    if (exact.isEmpty() && below.isEmpty()) return false;
    if (exact.contains(name)) return true;
    for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
      if (below.contains(name.substring(dot + 1))) return true;
    }
    return false;
  }

  /** Normalizes then checks; an unparseable name is not blocked (the connection fails elsewhere). */
  public boolean blocksName(String raw) {
    try {
      return blocksDomain(normalize(raw));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public boolean blocksAddress(InetAddress a) {
    if (nets.isEmpty()) return false;
    long[] v = Addresses.fromBytes(a.getAddress());
    for (Map.Entry<Integer, Set<List<Long>>> e : nets.entrySet()) {
      int bits = e.getKey();
      if (e.getValue().contains(List.of(v[0] & Cidr.maskHi(bits), v[1] & Cidr.maskLo(bits)))) return true;
    }
    return false;
  }

  /** Whether name checks (SNI, Host) can matter at all: lets the relay skip sniffing. */
  public boolean hasDomains() {
    return !exact.isEmpty() || !below.isEmpty();
  }

  public int size() {
    int n = exact.size() + below.size();
    for (Set<List<Long>> s : nets.values()) n += s.size();
    return n;
  }

  public List<String> problems() {
    return problems;
  }
}
