package dev.seawall.desk.orders;

import dev.seawall.desk.net.IpAddress;
import dev.seawall.desk.net.Prefix;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Checks and normalises a court order's scope into the forms the enforcement points understand:
 * domain names in lower-case ASCII (IDNA) without a trailing dot, optionally {@code *.} for the
 * names below; absolute http(s) URLs; addresses and CIDR prefixes. Every refusal names the entry.
 */
final class Scope {
  private Scope() {}

  static List<String> domains(List<String> in) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int i = 0; i < in.size(); i++) {
      String raw = in.get(i) == null ? "" : in.get(i).strip();
      String where = "domains[" + i + "] '" + raw + "'";
      boolean below = raw.startsWith("*.");
      out.add((below ? "*." : "") + domain(below ? raw.substring(2) : raw, where));
    }
    return List.copyOf(out);
  }

  static String domain(String name, String where) {
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (n.isEmpty()) throw new IllegalArgumentException(where + ": empty domain name");
    String ascii;
    try {
      ascii = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": not a domain name (" + e.getMessage() + ")");
    }
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
        throw new IllegalArgumentException(where + ": not a domain name (character '" + c + "')");
      }
    }
    if (!ascii.contains(".") || ascii.startsWith(".") || ascii.contains("..")) {
      throw new IllegalArgumentException(where + ": not a fully qualified domain name");
    }
    if (ascii.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
      throw new IllegalArgumentException(where + ": an address belongs in ips, not domains");
    }
    return ascii;
  }

  static List<String> urls(List<String> in) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int i = 0; i < in.size(); i++) {
      String raw = in.get(i) == null ? "" : in.get(i).strip();
      String where = "urls[" + i + "] '" + raw + "'";
      URI u;
      try {
        u = new URI(raw);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(where + ": not a URL (" + e.getReason() + ")");
      }
      if (u.getScheme() == null || !(u.getScheme().equalsIgnoreCase("http") || u.getScheme().equalsIgnoreCase("https")) || u.getHost() == null) {
        throw new IllegalArgumentException(where + ": expected an absolute http:// or https:// URL");
      }
      out.add(u.toString());
    }
    return List.copyOf(out);
  }

  static List<String> ips(List<String> in) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int i = 0; i < in.size(); i++) {
      String raw = in.get(i) == null ? "" : in.get(i).strip();
      String where = "ips[" + i + "] '" + raw + "'";
      Prefix p = Prefix.parse(raw).orElseThrow(() -> new IllegalArgumentException(where + ": not an address or CIDR prefix"));
      String addr = raw.contains("/") ? raw.substring(0, raw.indexOf('/')) : raw;
      if (!IpAddress.parse(addr).orElseThrow().equals(p.network())) {
        // a court order is read literally: host bits set is a typo, not a wider block
        throw new IllegalArgumentException(where + ": host bits set (the prefix would be " + p + ")");
      }
      out.add(p.length() == p.network().bits() ? p.network().toString() : p.toString());
    }
    return List.copyOf(out);
  }

  static List<String> countries(List<String> in, String field) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      String c = in.get(i) == null ? "" : in.get(i).strip().toUpperCase(Locale.ROOT);
      if (!c.matches("[A-Z]{2}")) throw new IllegalArgumentException(field + "[" + i + "] '" + in.get(i) + "': expected an ISO 3166 country code such as FR");
      if (!out.contains(c)) out.add(c);
    }
    return List.copyOf(out);
  }

  static String jurisdiction(String s) {
    String j = s == null ? "" : s.strip().toUpperCase(Locale.ROOT);
    if (!j.matches("[A-Z]{2}(-[A-Z0-9]{1,3})?")) {
      throw new IllegalArgumentException("jurisdiction '" + s + "': expected an ISO 3166 code such as US, FR or US-NY");
    }
    return j;
  }
}
