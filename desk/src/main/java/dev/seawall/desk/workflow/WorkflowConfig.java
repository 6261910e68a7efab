package dev.seawall.desk.workflow;

import dev.seawall.desk.json.Fields;
import dev.seawall.desk.registry.ServiceKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.Map;

/**
 * The workflow's configuration file (JSON; documented in desk/WORKFLOW.md, example
 * desk/examples/desk.json). Secrets are never in the file: they come from environment variables
 * or files named here.
 *
 * @param forwardSla   time from a notice's receipt to its forward, per service kind
 * @param skew         clock-skew window for matching
 * @param policy       the repeat-infringer policy file
 * @param panel        the operator's billing/panel webhook for suspensions and terminations, or null
 * @param netctl       null-routing (netctl configuration file and dry-run switch), or null
 * @param calendarZone the zone whose calendar days count as §512(g) business days
 * @param agentRenewalNotice how long before a designated agent's 3-year expiry the reminder goes out
 * @param templates    a folder of mail templates overriding the built-in ones, or null
 */
public record WorkflowConfig(
    Operator operator, Smtp smtp, Map<ServiceKind, Duration> forwardSla, Retry retry, Duration skew, Path policy,
    Panel panel, Netctl netctl, ZoneId calendarZone, Duration agentRenewalNotice, Path templates) {

  /** Who the desk speaks for: the From of every mail, and where operator alerts go. */
  public record Operator(String name, String address, String alertsTo) {}

  /** The SMTP server mail is handed to. {@code password} is read from the environment or a file, never the JSON. */
  public record Smtp(String host, int port, Security security, String user, String password, Duration timeout) {
    public enum Security { NONE, STARTTLS, TLS }
  }

  /** Delivery retries: delay doubles from {@code firstDelay} up to {@code maxDelay}, at most {@code maxAttempts} tries. */
  public record Retry(int maxAttempts, Duration firstDelay, Duration maxDelay) {
    public Duration delayAfter(int attempts) {
      Duration d = firstDelay;
      for (int i = 1; i < attempts && d.compareTo(maxDelay) < 0; i++) d = d.multipliedBy(2);
      return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
  }

  /** The panel webhook; {@code secret} signs each POST (HMAC-SHA256), from the environment or a file. */
  public record Panel(URI url, String secret, Duration timeout) {}

  public record Netctl(Path config, boolean dryRun) {}

  public WorkflowConfig {
    forwardSla = Map.copyOf(forwardSla);
    for (ServiceKind k : ServiceKind.values()) {
      if (!forwardSla.containsKey(k)) throw new IllegalArgumentException("forwardSla has no time for " + k);
    }
  }

  public Duration slaFor(ServiceKind kind) {
    return forwardSla.get(kind);
  }

  public static WorkflowConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("config " + file + ": cannot read: " + e.getMessage());
    }
    return parse(text, file.toString(), file.toAbsolutePath().getParent(), System.getenv());
  }

  /** Parses the JSON; relative paths resolve against {@code base}; secrets come from {@code env} or files. */
  public static WorkflowConfig parse(String json, String where, Path base, Map<String, String> env) {
    Fields top = Fields.parse(json, where).only("operator", "smtp", "forwardSla", "retry", "skew", "policy", "panel", "netctl",
        "calendarZone", "agentRenewalNotice", "templates");
    Fields op = top.object("operator").only("name", "address", "alertsTo");
    Operator operator = new Operator(op.string("name"), op.string("address"), op.string("alertsTo", op.string("address")));

    Fields s = top.object("smtp").only("host", "port", "security", "user", "passwordEnv", "passwordFile", "timeout");
    Smtp.Security sec;
    try {
      sec = Smtp.Security.valueOf(s.string("security", "none").toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(s.where() + ".security: expected none, starttls or tls");
    }
    Smtp smtp = new Smtp(s.string("host"), s.integer("port", sec == Smtp.Security.TLS ? 465 : 25, 1), sec, s.string("user", null),
        secret(s, "passwordEnv", "passwordFile", base, env), s.duration("timeout", Duration.ofSeconds(30)));

    Map<ServiceKind, Duration> sla = new EnumMap<>(ServiceKind.class);
    Duration dflt = Duration.ofHours(4);
    Fields slaFields = top.objectOrNull("forwardSla");
    if (slaFields != null) {
      for (var e : slaFields.entries()) {
        if (e.getKey().equals("comment")) continue;
        Duration d = slaFields.duration(e.getKey(), null);
        if (e.getKey().equals("default")) {
          dflt = d;
          continue;
        }
        try {
          sla.put(ServiceKind.parse(e.getKey()), d);
        } catch (IllegalArgumentException x) {
          throw new IllegalArgumentException(slaFields.where() + ": " + x.getMessage());
        }
      }
    }
    for (ServiceKind k : ServiceKind.values()) sla.putIfAbsent(k, dflt);

    Fields r = top.objectOrNull("retry");
    Retry retry = r == null ? new Retry(8, Duration.ofMinutes(1), Duration.ofHours(6))
        : new Retry(r.only("maxAttempts", "firstDelay", "maxDelay").integer("maxAttempts", 8, 1),
            r.duration("firstDelay", Duration.ofMinutes(1)), r.duration("maxDelay", Duration.ofHours(6)));

    Fields p = top.objectOrNull("panel");
    Panel panel = null;
    if (p != null) {
      p.only("url", "secretEnv", "secretFile", "timeout");
      URI url;
      try {
        url = URI.create(p.string("url"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(p.where() + ".url: " + e.getMessage());
      }
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException(p.where() + ".url: expected an http:// or https:// URL, not " + url);
      }
      panel = new Panel(url, secret(p, "secretEnv", "secretFile", base, env), p.duration("timeout", Duration.ofSeconds(10)));
    }
    Fields n = top.objectOrNull("netctl");
    Netctl netctl = n == null ? null : new Netctl(base.resolve(n.only("config", "dryRun").string("config")), n.bool("dryRun", true));

    ZoneId zone;
    try {
      zone = ZoneId.of(top.string("calendarZone", "America/New_York"));
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(where + ".calendarZone: " + e.getMessage());
    }
    String templates = top.string("templates", null);
    return new WorkflowConfig(operator, smtp, sla, retry, top.duration("skew", Duration.ofMinutes(5)),
        base.resolve(top.string("policy")), panel, netctl, zone, top.duration("agentRenewalNotice", Duration.ofDays(60)),
        templates == null ? null : base.resolve(templates));
  }

  private static String secret(Fields f, String envField, String fileField, Path base, Map<String, String> env) {
    String var = f.string(envField, null);
    String file = f.string(fileField, null);
    if (var != null && file != null) throw new IllegalArgumentException(f.where() + ": give " + envField + " or " + fileField + ", not both");
    if (var != null) {
      String v = env.get(var);
      if (v == null) throw new IllegalArgumentException(f.where() + "." + envField + ": environment variable " + var + " is not set");
      return v;
    }
    if (file != null) {
      Path p = base.resolve(file);
      try {
        return Files.readString(p).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException(f.where() + "." + fileField + ": cannot read " + p + ": " + e.getMessage());
      }
    }
    return null;
  }
}
