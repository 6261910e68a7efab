package dev.seawall.blocklist;

import dev.seawall.engine.packet.Addresses;
import java.net.IDN;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Destinations a court ordered blocked, as the desk publishes them. One entry per line:
 * <ul>
 *   <li>{@code example.org} blocks exactly that name;
 *   <li>{@code *.example.org} blocks every name below it (not the name itself: list both to block
 *       a site and its subdomains);
 *   <li>{@code 192.0.2.7}, {@code 198.51.100.0/24}, {@code 2001:db8::/32} block addresses.
 * </ul>
 * {@code #} starts a comment. Names are compared in lower-case ASCII (IDNA) form without a
 * trailing dot. Immutable and shared between threads; lookups cost a few hash probes and allocate
 * nothing, so an enforcement point can ask on its packet path.
 */
public final class Blocklist {
  public static final Blocklist EMPTY = new Blocklist(new DomainSet(Set.of()), new DomainSet(Set.of()),
      new AddressSet(List.of()), List.of());

  private final DomainSet exact;
  private final DomainSet below;
  private final AddressSet nets;
  private final List<String> problems;

  private Blocklist(DomainSet exact, DomainSet below, AddressSet nets, List<String> problems) {
    this.exact = exact;
    this.below = below;
    this.nets = nets;
    this.problems = problems;
  }

  /**
   * Parses the text; bad lines are skipped and reported in {@link #problems()} as {@code
   * source:line: what is wrong}, so one typo does not lift the rest of the orders.
   */
  public static Blocklist parse(String text, String source) {
    Set<String> exact = new LinkedHashSet<>();
    Set<String> below = new LinkedHashSet<>();
    List<Cidr> nets = new ArrayList<>();
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
          nets.add(Cidr.parse(line));
        } else if (line.startsWith("*.")) {
          below.add(normalize(line.substring(2)));
        } else if (line.indexOf('*') >= 0) {
          throw new IllegalArgumentException("'" + line + "': a wildcard is only allowed as a leading '*.'");
        } else {
          exact.add(normalize(line));
        }
      } catch (IllegalArgumentException e) {
        problems.add(source + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    return new Blocklist(new DomainSet(exact), new DomainSet(below), new AddressSet(nets), List.copyOf(problems));
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
    if (ascii.startsWith(".") || ascii.contains("..")) {
      throw new IllegalArgumentException("'" + name + "' is not a domain name (empty label)");
    }
    return ascii;
  }

  /** Whether the (already normalized) host name is blocked. */
  public boolean blocksDomain(String name) {
    byte[] b = name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return blocksName(b, 0, b.length);
  }

  /** Normalizes then checks; an unparseable name is not blocked (the connection fails elsewhere). */
  public boolean blocksName(String raw) {
    try {
      return blocksDomain(normalize(raw));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Whether the host name in {@code b[off..off+len)} is blocked, as it appears on the wire (TLS
   * SNI, HTTP Host): ASCII in any case, one trailing dot allowed. Allocates nothing.
   */
  public boolean blocksName(byte[] b, int off, int len) {
    if (len > 0 && b[off + len - 1] == '.') len--;
    if (len <= 0) return false;
    if (exact.contains(b, off, len)) return true;
    if (below.size() == 0) return false;
    int end = off + len;
    for (int i = off; i < end - 1; i++) {
      if (b[i] == '.' && below.contains(b, i + 1, end - i - 1)) return true;
    }
    return false;
  }

  public boolean blocksAddress(InetAddress a) {
    long[] v = Addresses.fromBytes(a.getAddress());
    return blocksAddress(v[0], v[1]);
  }

  /** The address as the engine holds it (IPv4 as IPv4-mapped). Allocates nothing. */
  public boolean blocksAddress(long hi, long lo) {
    return nets.size() != 0 && nets.contains(hi, lo);
  }

  /** Whether name checks (SNI, Host) can matter at all: lets an enforcement point skip them. */
  public boolean hasDomains() {
    return exact.size() + below.size() > 0;
  }

  public boolean hasAddresses() {
    return nets.size() > 0;
  }

  /** Entries in force (duplicates counted once). */
  public int size() {
    return exact.size() + below.size() + nets.size();
  }

  /** Lines that could not be used, as {@code source:line: what is wrong}. */
  public List<String> problems() {
    return problems;
  }
}
