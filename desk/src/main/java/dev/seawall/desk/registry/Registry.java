package dev.seawall.desk.registry;

import dev.seawall.desk.net.IpAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The network registry in memory, indexed for lookups: every assignment whose prefix contains an
 * address (one hash probe per distinct prefix length), every zone a domain falls under.
 */
public final class Registry {
  private final Map<String, Customer> customers = new HashMap<>();
  private final List<Assignment> assignments = new ArrayList<>();
  private final Map<Integer, Map<Integer, Map<IpAddress, List<Assignment>>>> byVersionLength = new HashMap<>();
  private final Map<Integer, TreeSet<Integer>> lengths = new HashMap<>();
  private final Map<String, List<Assignment>> zones = new HashMap<>();

  public Registry(Collection<Customer> customers, Collection<Assignment> assignments) {
    for (Customer c : customers) this.customers.put(c.code(), c);
    for (Assignment a : assignments) add(a);
  }

  private void add(Assignment a) {
    assignments.add(a);
    if (a.prefix() != null) {
      int v = a.prefix().network().version();
      byVersionLength.computeIfAbsent(v, k -> new HashMap<>())
          .computeIfAbsent(a.prefix().length(), k -> new HashMap<>())
          .computeIfAbsent(a.prefix().network(), k -> new ArrayList<>()).add(a);
      lengths.computeIfAbsent(v, k -> new TreeSet<>()).add(a.prefix().length());
    } else {
      zones.computeIfAbsent(a.zone().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(a);
    }
  }

  public Customer customer(String code) {
    return customers.get(code);
  }

  public List<Assignment> assignments() {
    return List.copyOf(assignments);
  }

  public List<Customer> customers() {
    return List.copyOf(customers.values());
  }

  public int customerCount() {
    return customers.size();
  }

  /** Every assignment (any time) whose prefix contains the address, most specific first. */
  public List<Assignment> containing(IpAddress ip) {
    List<Assignment> out = new ArrayList<>();
    TreeSet<Integer> ls = lengths.get(ip.version());
    if (ls == null) return out;
    Map<Integer, Map<IpAddress, List<Assignment>>> byLength = byVersionLength.get(ip.version());
    for (Integer len : ls.descendingSet()) {
      List<Assignment> hit = byLength.get(len).get(ip.masked(len));
      if (hit != null) out.addAll(hit);
    }
    return out;
  }

  /** Every zone assignment (any time) the domain is in, most specific zone first. */
  public List<Assignment> zonesOf(String domain) {
    List<Assignment> out = new ArrayList<>();
    if (domain == null) return out;
    String d = domain.toLowerCase(Locale.ROOT);
    while (true) {
      List<Assignment> hit = zones.get(d);
      if (hit != null) out.addAll(hit);
      int dot = d.indexOf('.');
      if (dot < 0) break;
      d = d.substring(dot + 1);
    }
    return out;
  }

  /** The reseller chain above a customer, nearest first (guards against cycles in bad data). */
  public List<String> resellersOf(String code) {
    List<String> chain = new ArrayList<>();
    Customer c = customers.get(code);
    while (c != null && c.reseller() != null && !chain.contains(c.reseller()) && chain.size() < 16) {
      chain.add(c.reseller());
      c = customers.get(c.reseller());
    }
    return chain;
  }
}
