package dev.seawall.desk.ledger;

import dev.seawall.desk.json.Fields;
import dev.seawall.desk.registry.ServiceKind;
import dev.seawall.desk.validity.Completeness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The repeat-infringer policy (§512(i)), read from a JSON file the operator publishes with its
 * terms of service. Documented in desk/POLICY.md; an example is desk/examples/policy.json.
 *
 * <p>Counting: every event of a notice whose §512(c)(3) verdict is in {@code counts} and that is
 * matched to a customer is one strike — no per-day, per-notice or per-sender caps, senders with
 * settlement offers included. A strike is dated by the notice's receipt and expires
 * {@code strikeLifetime} later; that is the only way a strike stops counting.
 *
 * <p>Rules: a rule fires on a strike when the party's strikes counted in the rule's
 * {@code window} (ending at that strike, expired ones excluded) reach {@code strikes}, and the
 * rule has not fired for the party within its window before (or since the party's last
 * reinstatement); with {@code repeatEvery} n it fires again every n further strikes. Rules apply
 * to the service kinds in {@code kinds} (default: all) and to customers, subscribers or both
 * ({@code scope}).
 */
public record RepeatInfringerPolicy(
    String name, String version, String publishedAt, Duration strikeLifetime, Set<Completeness.Verdict> counts,
    List<Rule> rules) {

  /** What a rule does when it fires. */
  public enum Action {
    WARN("warn"), REQUIRE_ACK("require-acknowledgement"), SUSPEND("suspend"), NULL_ROUTE("null-route"), TERMINATE("terminate");

    private final String label;

    Action(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public ActionKind kind() {
      return ActionKind.valueOf(name());
    }

    static Action parse(String s, String where) {
      for (Action a : values()) if (a.label.equals(s) || a.name().equalsIgnoreCase(s)) return a;
      throw new IllegalArgumentException(where + ": unknown action '" + s
          + "' (warn, require-acknowledgement, suspend, null-route, terminate)");
    }
  }

  /** Whom a rule counts for. */
  public enum Scope { CUSTOMER, SUBSCRIBER, BOTH;
    boolean covers(Party p) {
      return this == BOTH || (this == CUSTOMER) == (p.subscriber() == null);
    }
  }

  /**
   * @param duration how long a suspension or null-route lasts (required for those two)
   * @param repeatEvery fire again every this many further strikes (0: once per window)
   */
  public record Rule(String name, int strikes, Duration window, Action action, Duration duration, Set<ServiceKind> kinds,
      Scope scope, int repeatEvery) {

    public boolean appliesTo(Party p, ServiceKind kind) {
      return scope.covers(p) && (kind == null || kinds.contains(kind));
    }
  }

  public RepeatInfringerPolicy {
    counts = Set.copyOf(counts);
    rules = List.copyOf(rules);
  }

  public boolean counts(Completeness.Verdict v) {
    return counts.contains(v);
  }

  public Rule rule(String name) {
    for (Rule r : rules) if (r.name().equals(name)) return r;
    return null;
  }

  public static RepeatInfringerPolicy load(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("policy " + file + ": cannot read: " + e.getMessage());
    }
  }

  public static RepeatInfringerPolicy parse(String json, String where) {
    Fields top = Fields.parse(json, where).only("name", "version", "publishedAt", "strikeLifetime", "counts", "rules");
    Duration lifetime = top.duration("strikeLifetime", null);
    if (lifetime == null) throw new IllegalArgumentException(where + ": 'strikeLifetime' is required (e.g. \"365d\")");
    Set<Completeness.Verdict> counts = EnumSet.noneOf(Completeness.Verdict.class);
    if (!top.has("counts")) {
      counts.addAll(EnumSet.of(Completeness.Verdict.COMPLETE, Completeness.Verdict.REPAIRABLE));
    } else {
      for (String v : top.strings("counts")) {
        try {
          counts.add(Completeness.Verdict.valueOf(v.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ".counts: '" + v + "' is not complete, repairable or invalid");
        }
      }
    }
    List<Fields> rs = top.objects("rules");
    if (rs.isEmpty()) throw new IllegalArgumentException(where + ".rules: expected a non-empty list");
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 0;
    for (Fields r : rs) {
      i++;
      String w = r.where();
      r.only("name", "strikes", "window", "action", "duration", "kinds", "scope", "repeatEvery");
      Action action = Action.parse(r.string("action"), w + ".action");
      String ruleName = r.string("name", action.label() + "-" + i);
      if (!names.add(ruleName)) throw new IllegalArgumentException(w + ".name: '" + ruleName + "' is used twice");
      int strikes = r.integer("strikes", 0, 1);
      if (strikes == 0) throw new IllegalArgumentException(w + ": 'strikes' is required");
      Duration window = r.duration("window", null);
      if (window == null) throw new IllegalArgumentException(w + ": 'window' is required (e.g. \"180d\")");
      if (window.compareTo(lifetime) > 0) {
        throw new IllegalArgumentException(w + ".window " + window + " is longer than strikeLifetime " + lifetime
            + " (strikes expire before the window ends)");
      }
      Duration duration = r.duration("duration", null);
      if ((action == Action.SUSPEND || action == Action.NULL_ROUTE) && duration == null) {
        throw new IllegalArgumentException(w + ": " + action.label() + " needs a duration (e.g. \"7d\")");
      }
      Set<ServiceKind> kinds = EnumSet.allOf(ServiceKind.class);
      if (r.has("kinds")) {
        kinds = EnumSet.noneOf(ServiceKind.class);
        for (String k : r.strings("kinds")) {
          try {
            kinds.add(ServiceKind.parse(k));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(w + ".kinds: " + e.getMessage());
          }
        }
      }
      if (action == Action.NULL_ROUTE && (kinds.contains(ServiceKind.VPN_EXIT_POOL) || kinds.contains(ServiceKind.SOCKS5_PROXY))) {
        throw new IllegalArgumentException(w + ": null-route may not apply to shared exits (vpn-exit, socks5): it would cut off"
            + " every user of the exit; list \"kinds\": [\"dedicated\"]");
      }
      Scope scope = Scope.BOTH;
      if (r.has("scope")) {
        String sc = r.string("scope").toUpperCase(Locale.ROOT);
        try {
          scope = Scope.valueOf(sc);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(w + ".scope: '" + sc.toLowerCase(Locale.ROOT) + "' is not customer, subscriber or both");
        }
      }
      rules.add(new Rule(ruleName, strikes, window, action, duration, kinds, scope, r.integer("repeatEvery", 0, 0)));
    }
    return new RepeatInfringerPolicy(top.string("name"), top.string("version"), top.string("publishedAt", null), lifetime,
        counts, rules);
  }
}
