package dev.seawall.desk.ledger;

import dev.seawall.desk.registry.ServiceKind;
import dev.seawall.desk.validity.Completeness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
    JsonNode top;
    try {
      top = JsonMapper.builder().build().readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(where + " is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
    }
    if (top == null || !top.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object");
    known(top, where, Set.of("name", "version", "publishedAt", "strikeLifetime", "counts", "rules", "comment"));
    String name = text(top, "name", where, true);
    String version = text(top, "version", where, true);
    String published = text(top, "publishedAt", where, false);
    Duration lifetime = duration(text(top, "strikeLifetime", where, true), where + ".strikeLifetime");
    Set<Completeness.Verdict> counts = EnumSet.noneOf(Completeness.Verdict.class);
    JsonNode c = top.get("counts");
    if (c == null) {
      counts.addAll(EnumSet.of(Completeness.Verdict.COMPLETE, Completeness.Verdict.REPAIRABLE));
    } else {
      if (!c.isArray()) throw new IllegalArgumentException(where + ".counts: expected a list such as [\"complete\", \"repairable\"]");
      for (JsonNode v : c) {
        try {
          counts.add(Completeness.Verdict.valueOf(v.asString().strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ".counts: '" + v.asString() + "' is not complete, repairable or invalid");
        }
      }
    }
    JsonNode rs = top.get("rules");
    if (rs == null || !rs.isArray() || rs.isEmpty()) throw new IllegalArgumentException(where + ".rules: expected a non-empty list");
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 0;
    for (JsonNode r : rs) {
      String w = where + ".rules[" + i++ + "]";
      if (!r.isObject()) throw new IllegalArgumentException(w + ": expected an object");
      known(r, w, Set.of("name", "strikes", "window", "action", "duration", "kinds", "scope", "repeatEvery", "comment"));
      Action action = Action.parse(text(r, "action", w, true), w + ".action");
      String ruleName = r.has("name") ? text(r, "name", w, true) : action.label() + "-" + i;
      if (!names.add(ruleName)) throw new IllegalArgumentException(w + ".name: '" + ruleName + "' is used twice");
      JsonNode s = r.get("strikes");
      if (s == null || !s.isInt() || s.asInt() < 1) throw new IllegalArgumentException(w + ".strikes: expected a whole number ≥ 1");
      Duration window = duration(text(r, "window", w, true), w + ".window");
      if (window.compareTo(lifetime) > 0) {
        throw new IllegalArgumentException(w + ".window " + window + " is longer than strikeLifetime " + lifetime
            + " (strikes expire before the window ends)");
      }
      Duration duration = r.has("duration") ? duration(text(r, "duration", w, true), w + ".duration") : null;
      if ((action == Action.SUSPEND || action == Action.NULL_ROUTE) && duration == null) {
        throw new IllegalArgumentException(w + ": " + action.label() + " needs a duration (e.g. \"7d\")");
      }
      Set<ServiceKind> kinds = EnumSet.allOf(ServiceKind.class);
      if (r.has("kinds")) {
        kinds = EnumSet.noneOf(ServiceKind.class);
        for (JsonNode k : r.get("kinds")) {
          try {
            kinds.add(ServiceKind.parse(k.asString()));
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
        String sc = text(r, "scope", w, true).toUpperCase(Locale.ROOT);
        try {
          scope = Scope.valueOf(sc);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(w + ".scope: '" + sc.toLowerCase(Locale.ROOT) + "' is not customer, subscriber or both");
        }
      }
      int repeat = 0;
      if (r.has("repeatEvery")) {
        JsonNode re = r.get("repeatEvery");
        if (!re.isInt() || re.asInt() < 0) throw new IllegalArgumentException(w + ".repeatEvery: expected a whole number ≥ 0");
        repeat = re.asInt();
      }
      rules.add(new Rule(ruleName, s.asInt(), window, action, duration, kinds, scope, repeat));
    }
    return new RepeatInfringerPolicy(name, version, published, lifetime, counts, rules);
  }

  private static void known(JsonNode o, String where, Set<String> fields) {
    for (Map.Entry<String, JsonNode> e : o.properties()) {
      if (!fields.contains(e.getKey())) {
        throw new IllegalArgumentException(where + ": unknown field '" + e.getKey() + "' (known: " + String.join(", ", fields.stream().sorted().toList()) + ")");
      }
    }
  }

  private static String text(JsonNode o, String field, String where, boolean required) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      if (required) throw new IllegalArgumentException(where + ": '" + field + "' is required");
      return null;
    }
    if (!v.isString() || v.asString().isBlank()) throw new IllegalArgumentException(where + "." + field + ": expected a non-empty string");
    return v.asString().strip();
  }

  /** "30d", "12h", "90m" or ISO-8601 ("P365D", "PT12H"). */
  static Duration duration(String s, String where) {
    String v = s.strip().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (v.startsWith("p")) d = Duration.parse(v.toUpperCase(Locale.ROOT));
      else if (v.matches("\\d+[dhm]")) {
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        d = switch (v.charAt(v.length() - 1)) {
          case 'd' -> Duration.ofDays(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofMinutes(n);
        };
      } else {
        throw new DateTimeParseException("", s, 0);
      }
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(where + ": must be positive");
      return d;
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(where + ": '" + s + "' is not a duration (examples: \"365d\", \"12h\", \"P180D\")");
    }
  }
}
