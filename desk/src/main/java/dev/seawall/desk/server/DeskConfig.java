package dev.seawall.desk.server;

import dev.seawall.desk.auth.Accounts;
import dev.seawall.passwords.PasswordHash;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.auth.TokenHash;
import dev.seawall.desk.cli.Durations;
import java.io.IOException;
import dev.seawall.desk.intake.ImapPoller;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Settings of {@code seawall desk}. Sources, strongest first: command-line options, environment
 * variables ({@code SEAWALL_DESK_} + the key in upper case with {@code -} as {@code _}, e.g.
 * {@code SEAWALL_DESK_LISTEN}), the configuration file, the defaults. Users and tokens come from the
 * file only. The documented example is {@code desk/packaging/desk.conf}.
 *
 * @param sessionSecret null when not configured: a random one per process is used (sessions then
 *     end with the process and are not shared between instances)
 * @param nullrouteConfig the netctl configuration file, or null: then the workflow's netctl, if any
 * @param workflow the workflow's configuration (JSON: SMTP, SLAs, policy; desk/WORKFLOW.md), or null:
 *     then cases, forwarding, the ledger and counter-notices are not available (notices, registry,
 *     court orders and null-routes are)
 * @param tick how often this instance runs the workflow's timed work (processing, mail, timers)
 * @param imap the abuse mailbox fetched at the start of every round, or null: notices then come
 *     only through the API and the CLI
 */
public record DeskConfig(
    InetSocketAddress listen,
    String db,
    byte[] sessionSecret,
    Duration sessionTtl,
    boolean secureCookies,
    Duration skew,
    Path nullrouteConfig,
    Path workflow,
    Duration tick,
    Mailbox imap,
    Accounts accounts,
    List<String> warnings) {

  /** An IMAP mailbox and its password; {@link #toString()} leaves the password out. */
  public record Mailbox(URI url, String password) {
    @Override
    public String toString() {
      return url.toString();
    }
  }

  public static final int DEFAULT_PORT = 8470;
  static final String ENV_PREFIX = "SEAWALL_DESK_";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final Set<String> KEYS = Set.of("listen", "db", "session-secret", "session-secret-file",
      "session-ttl", "secure-cookies", "skew", "nullroute-config", "workflow", "tick",
      "imap", "imap-password-file");
  static final String IMAP_PASSWORD_ENV = ENV_PREFIX + "IMAP_PASSWORD";

  /**
   * @param overrides settings from the command line (key as in the file), already present only when given
   */
  public static DeskConfig load(ConfigFile file, Map<String, String> env, Map<String, String> overrides) {
    Settings s = new Settings(file, env, overrides);
    for (String key : file.entries().keySet()) {
      if (!KEYS.contains(key) && !key.startsWith("user.") && !key.startsWith("token.")) {
        throw new IllegalArgumentException(file.where(key) + ": unknown key '" + key + "' (known: " + String.join(", ",
            KEYS.stream().sorted().toList()) + ", user.NAME, token.NAME)");
      }
    }
    List<String> warnings = new ArrayList<>();
    InetSocketAddress listen = s.get("listen", "127.0.0.1:" + DEFAULT_PORT, DeskConfig::address);
    String db = s.get("db", null, v -> v.isBlank() ? null : v);
    byte[] secret = s.get("session-secret", null, DeskConfig::secret);
    if (secret == null) secret = s.get("session-secret-file", null, v -> secret(readSecret(Path.of(v))));
    Duration ttl = s.get("session-ttl", "12h", DeskConfig::duration);
    boolean secure = s.get("secure-cookies", "false", DeskConfig::bool);
    Duration skew = s.get("skew", "5m", DeskConfig::duration);
    Path nullroutes = s.get("nullroute-config", null, v -> v.isBlank() ? null : Path.of(v));
    Path workflow = s.get("workflow", null, v -> v.isBlank() ? null : Path.of(v));
    Duration tick = s.get("tick", "15s", DeskConfig::duration);
    Mailbox imap = mailbox(s, env, warnings);
    Accounts accounts = accounts(file);
    if (accounts.userCount() == 0 && accounts.tokenCount() == 0) {
      warnings.add("no users and no tokens are configured: nobody can log in or call the API (see 'seawall desk passwd')");
    }
    if (secret == null) {
      warnings.add("no session-secret: a random one is used, so logins end when this process stops and are not shared with other instances");
    }
    if (workflow == null) {
      warnings.add("no workflow configuration: notices are stored and matched, but no cases, forwards or ledger (set workflow = desk.json)");
    }
    return new DeskConfig(listen, db, secret, ttl, secure, skew, nullroutes, workflow, tick, imap, accounts, List.copyOf(warnings));
  }

  /**
   * The mailbox and its password: {@value #IMAP_PASSWORD_ENV} when set (like session-secret over
   * session-secret-file), else the file named by imap-password-file. A mailbox without a password
   * is an error at start, not a failed login every round.
   */
  private static Mailbox mailbox(Settings s, Map<String, String> env, List<String> warnings) {
    URI url = s.get("imap", null, v -> v.isBlank() ? null : imapUrl(v));
    String fromEnv = env.get(IMAP_PASSWORD_ENV);
    String password = fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip()
        : s.get("imap-password-file", null, v -> v.isBlank() ? null : password(Path.of(v)));
    if (url == null) {
      if (password != null) warnings.add("a mailbox password is set but no imap mailbox: nothing is fetched");
      return null;
    }
    if (password == null) {
      throw new IllegalArgumentException(s.where("imap") + ": imap: no password for " + url
          + ": set imap-password-file = FILE (or --imap-password-file, SEAWALL_DESK_IMAP_PASSWORD_FILE) or " + IMAP_PASSWORD_ENV);
    }
    return new Mailbox(url, password);
  }

  static URI imapUrl(String v) {
    URI u;
    try {
      u = new URI(v);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("'" + v + "' is not a URL: " + e.getReason());
    }
    ImapPoller.checkMailbox(u);
    if (u.getRawUserInfo().contains(":")) {
      // the URL is printed at start and shown in errors: the password must not be in it
      throw new IllegalArgumentException("the password does not belong in the URL: use imap-password-file or " + IMAP_PASSWORD_ENV);
    }
    return u;
  }

  private static String password(Path p) {
    String pw = readSecret(p);
    if (pw.isEmpty()) throw new IllegalArgumentException(p + " is empty");
    return pw;
  }

  private static Accounts accounts(ConfigFile file) {
    List<Accounts.User> users = new ArrayList<>();
    List<Accounts.Token> tokens = new ArrayList<>();
    for (Map.Entry<String, ConfigFile.Entry> e : file.entries().entrySet()) {
      String key = e.getKey();
      boolean user = key.startsWith("user.");
      if (!user && !key.startsWith("token.")) continue;
      String where = file.where(key);
      String name = key.substring(key.indexOf('.') + 1);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(where + ": '" + name + "' is not a valid name (letters, digits, . _ @ -; at most 64)");
      }
      String[] v = e.getValue().value().split("\\s+");
      if (v.length != 2) {
        throw new IllegalArgumentException(where + ": expected '" + key + " = ROLE " + (user ? "pbkdf2-sha256$…" : "sha256$…")
            + "' (create one with 'seawall desk " + (user ? "passwd" : "token") + "')");
      }
      try {
        Role role = Role.parse(v[0]);
        if (user) users.add(new Accounts.User(name, role, PasswordHash.parse(v[1])));
        else tokens.add(new Accounts.Token(name, role, TokenHash.parse(v[1])));
      } catch (IllegalArgumentException x) {
        throw new IllegalArgumentException(where + ": " + key + ": " + x.getMessage());
      }
    }
    return new Accounts(users, tokens);
  }

  /** Looks a key up on the command line, then in the environment, then in the file. */
  private record Settings(ConfigFile file, Map<String, String> env, Map<String, String> overrides) {
    /** Where a key's value comes from, for errors about a combination of keys. */
    String where(String key) {
      String envName = ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
      if (overrides.containsKey(key)) return "--" + key;
      if (env.containsKey(envName)) return "environment variable " + envName;
      return file.where(key);
    }

    <T> T get(String key, String fallback, Function<String, T> convert) {
      String value;
      String where;
      String envName = ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
      if (overrides.containsKey(key)) {
        value = overrides.get(key);
        where = "--" + key;
      } else if (env.containsKey(envName)) {
        value = env.get(envName);
        where = "environment variable " + envName;
      } else if (file.entries().containsKey(key)) {
        value = file.entries().get(key).value();
        where = file.where(key);
      } else {
        if (fallback == null) return null;
        value = fallback;
        where = "default of " + key;
      }
      try {
        return convert.apply(value.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + key + ": " + e.getMessage());
      }
    }
  }

  static InetSocketAddress address(String v) {
    int colon = v.lastIndexOf(':');
    if (colon < 0) throw new IllegalArgumentException("'" + v + "' is not HOST:PORT");
    String host = v.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    int port = positive(v.substring(colon + 1), 0, 65535);
    return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
  }

  private static int positive(String v, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + v + "' is not a number");
    }
    if (n < min || n > max) throw new IllegalArgumentException(n + " is not in " + min + ".." + max);
    return n;
  }

  private static Duration duration(String v) {
    Duration d = new Durations().convert(v);
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("'" + v + "' must be positive");
    return d;
  }

  private static boolean bool(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("'" + v + "' is not true or false");
    };
  }

  private static byte[] secret(String v) {
    byte[] b;
    try {
      b = Base64.getDecoder().decode(v.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64 (make one with: head -c 32 /dev/urandom | base64)");
    }
    if (b.length < 32) throw new IllegalArgumentException("must be at least 32 bytes, got " + b.length);
    return b;
  }

  private static String readSecret(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage());
    }
  }

  /** The settings as text for the start-up line: no secrets. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("listen", listen.getHostString() + ":" + listen.getPort());
    m.put("users", Integer.toString(accounts.userCount()));
    m.put("tokens", Integer.toString(accounts.tokenCount()));
    m.put("null-routes", nullrouteConfig == null ? "not configured" : nullrouteConfig.toString());
    m.put("workflow", workflow == null ? "not configured" : workflow.toString());
    m.put("imap", imap == null ? "not configured" : imap.url().toString());
    return m;
  }
}
