package dev.seawall.firewall;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.firewall.rules.Cidr;
import dev.seawall.firewall.rules.Exemption;
import dev.seawall.firewall.rules.RuleSet;
import dev.seawall.firewall.verdict.Marks;
import dev.seawall.firewall.verdict.Mode;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seawall firewall}: the inline NFQUEUE enforcement daemon. */
@Command(
    name = "firewall",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Inline BitTorrent blocking for Linux VPN exits.",
      "Installs its own iptables/ip6tables chains that send the first packets of each",
      "forwarded TCP/UDP flow to NFQUEUE, judges them with the engine, offloads clean",
      "flows to the kernel (connmark) and blocks BitTorrent flows (TCP: reset to both",
      "ends). Removes its rules on exit (SIGTERM, SIGINT). Needs CAP_NET_ADMIN and",
      "CAP_NET_RAW. Settings: --config FILE (key = value, keys are the long options)",
      "and flags; a flag replaces the file's value.",
      "Exit status: 0 stopped, 1 could not start (the message says why), 2 usage or",
      "configuration error.",
      ""
    })
public final class FirewallCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "configuration file (key = value lines; flags override it)")
  Path config;

  @Option(names = "--queues", defaultValue = "0", paramLabel = "N|N-M",
      description = "NFQUEUE numbers to bind, one worker thread each; flows are balanced by a symmetric hash (default: ${DEFAULT-VALUE})")
  String queues;

  @Option(names = "--mode", defaultValue = "enforce", paramLabel = "enforce|monitor",
      description = "enforce: block; monitor: judge and count only, never block (default: ${DEFAULT-VALUE})")
  Mode mode;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Failure failure;

  static final class Failure {
    @Option(names = "--fail-open", description = "if the daemon dies or falls behind, traffic flows uninspected (default)")
    boolean open;

    @Option(names = "--fail-closed", description = "if the daemon dies or falls behind, new flows are blocked until it is back")
    boolean closed;
  }

  @Option(names = "--block-confidence", split = ",", defaultValue = "signature,correlated", paramLabel = "LEVEL",
      description = "confidence levels that block: signature, correlated, heuristic (default: ${DEFAULT-VALUE})")
  List<String> blockConfidence;

  @Option(names = "--hook", split = ",", defaultValue = "forward", paramLabel = "HOOK",
      description = "forward: routed traffic (a VPN exit); local: this host's own traffic (default: ${DEFAULT-VALUE})")
  List<RuleSet.Hook> hooks;

  @Option(names = "--inside-interface", split = ",", paramLabel = "IF",
      description = "subscriber-facing interfaces (wg0, tun0): only flows entering or leaving through them are inspected")
  List<String> insideInterfaces = new ArrayList<>();

  @Option(names = "--inside-network", split = ",", paramLabel = "CIDR",
      description = "subscriber address ranges: only flows from or to them are inspected (with --inside-interface: either)")
  List<String> insideNetworks = new ArrayList<>();

  @Option(names = "--exempt", split = ",", paramLabel = "CIDR|tcp:PORT|udp:PORT|PORT",
      description = "never inspected: a network (either end), or a service port (tcp:22, udp:5000-5100, 53 for both)")
  List<String> exempt = new ArrayList<>();

  @Option(names = "--offload-after", defaultValue = "64", paramLabel = "PACKETS",
      description = "offload packet budget: a flow still undecided after this many packets is no longer queued; 0 = no budget (default: ${DEFAULT-VALUE})")
  int offloadAfter;

  @Option(names = "--copy-range", defaultValue = "4096", paramLabel = "BYTES",
      description = "bytes of each queued packet copied to the daemon (default: ${DEFAULT-VALUE})")
  int copyRange;

  @Option(names = "--queue-maxlen", defaultValue = "4096", paramLabel = "PACKETS",
      description = "packets each queue holds in the kernel before it is full (default: ${DEFAULT-VALUE})")
  int queueMaxLength;

  @Option(names = "--max-flows", defaultValue = "65536", paramLabel = "N",
      description = "flows tracked at once per queue; the least recently active is evicted beyond (default: ${DEFAULT-VALUE})")
  int maxFlows;

  @Option(names = "--batch", defaultValue = "64", paramLabel = "N",
      description = "packets answered with one system call at most (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--mark-mask", defaultValue = "0xc0000000", paramLabel = "MASK",
      description = "two adjacent packet/connmark bits Seawall may use; other bits are left alone (default: ${DEFAULT-VALUE})")
  String markMask;

  @Option(names = "--iptables", defaultValue = "iptables", paramLabel = "PROGRAM",
      description = "iptables, iptables-nft or iptables-legacy (ip6tables likewise) (default: ${DEFAULT-VALUE})")
  String iptables;

  @Option(names = "--ipv6", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "also install ip6tables rules (default: on)")
  boolean ipv6;

  @Option(names = "--tcp-reset", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "reset both ends of a blocked TCP flow (default: on; off = silent drop)")
  boolean tcpReset;

  @Option(names = "--learned-peer-ttl", defaultValue = "15m", paramLabel = "DURATION",
      description = "how long an endpoint learned as a BitTorrent peer stays blocked: 900s, 15m, 1h (default: ${DEFAULT-VALUE})")
  String learnedPeerTtl;

  @Option(names = "--metrics", defaultValue = "127.0.0.1:9108", paramLabel = "ADDR:PORT|off",
      description = "where /metrics (Prometheus) and /health listen (default: ${DEFAULT-VALUE})")
  String metrics;

  @Option(names = "--blocklist", paramLabel = "FILE|URL",
      description = "court-order blocklist (the desk's /api/blocklist or a file): flows naming a listed domain (TLS SNI, HTTP Host; *.domain for names below it) or going to a listed IP/CIDR are blocked like BitTorrent")
  String blocklist;

  @Option(names = "--blocklist-refresh", defaultValue = "60s", paramLabel = "DURATION",
      description = "how often the blocklist is checked for changes (HTTP If-None-Match; a failed fetch keeps the list in force) (default: ${DEFAULT-VALUE})")
  String blocklistRefresh;

  @Option(names = "--print-rules", description = "print the iptables-restore input for IPv4 and IPv6 and exit")
  boolean printRules;

  /** Set on the instance built from config file + flags, so the merge happens once. */
  boolean merged;

  @Override
  public Integer call() {
    if (config != null && !merged) return mergeConfigFile();
    FirewallConfig c;
    try {
      c = toConfig();
    } catch (IllegalArgumentException e) {
      err(e.getMessage());
      return 2;
    }
    if (printRules) {
      PrintWriter out = spec.commandLine().getOut();
      out.print("# IPv4 (iptables-restore --noflush)\n" + c.rules().restoreInput(true));
      out.print("# IPv6 (ip6tables-restore --noflush)\n" + c.rules().restoreInput(false));
      out.flush();
      return 0;
    }
    return Firewall.runUntilSignalled(c);
  }

  private void err(String message) {
    PrintWriter e = spec.commandLine().getErr();
    e.println("seawall firewall: " + message);
    e.flush();
  }

  /** Re-parses with the file's settings first; a flag given on the command line replaces the file's. */
  private int mergeConfigFile() {
    List<ConfigFile.Entry> entries;
    try {
      entries = ConfigFile.read(config);
    } catch (ConfigFile.ConfigException e) {
      err(e.getMessage());
      return 2;
    }
    CommandLine.ParseResult given = spec.commandLine().getParseResult();
    Set<String> onCommandLine = new HashSet<>();
    for (OptionSpec o : given.matchedOptions()) onCommandLine.add(o.longestName());
    if (onCommandLine.contains("--fail-open") || onCommandLine.contains("--fail-closed")) {
      onCommandLine.add("--fail-open");
      onCommandLine.add("--fail-closed");
    }
    List<String> args = new ArrayList<>();
    for (ConfigFile.Entry e : entries) {
      String where = config + ":" + e.line() + ": ";
      OptionSpec o = spec.findOption("--" + e.key());
      if (o == null || e.key().equals("config") || e.key().equals("help") || e.key().equals("version")
          || e.key().equals("print-rules")) {
        err(where + "unknown setting '" + e.key() + "'");
        return 2;
      }
      if (onCommandLine.contains(o.longestName())) continue;
      List<String> one;
      try {
        one = asArgs(o, e.value());
      } catch (IllegalArgumentException ex) {
        err(where + ex.getMessage());
        return 2;
      }
      try {
        // Checked alone (others at their defaults) so that an error names the line it is on.
        FirewallCommand alone = new FirewallCommand();
        new CommandLine(alone).parseArgs(one.toArray(String[]::new));
        alone.toConfig();
      } catch (CommandLine.ParameterException | IllegalArgumentException ex) {
        err(where + ex.getMessage());
        return 2;
      }
      args.addAll(one);
    }
    args.addAll(commandLineArgs(given));
    FirewallCommand merged = new FirewallCommand();
    merged.merged = true;
    CommandLine cl = new CommandLine(merged);
    cl.setOut(spec.commandLine().getOut());
    cl.setErr(spec.commandLine().getErr());
    return cl.execute(args.toArray(String[]::new));
  }

  /**
   * This command's own options as given (not the parent command's: under {@code seawall} the
   * original arguments start with "firewall"), in a form that parses back to the same values.
   */
  private static List<String> commandLineArgs(CommandLine.ParseResult given) {
    List<String> out = new ArrayList<>();
    for (OptionSpec o : given.matchedOptions()) {
      String name = o.longestName();
      if (o.type() == boolean.class || o.type() == Boolean.class) {
        boolean on = Boolean.TRUE.equals(o.getValue());
        if (o.negatable()) out.add(on ? name : "--no-" + name.substring(2));
        else if (on) out.add(name);
        continue;
      }
      for (String v : o.originalStringValues()) out.add(name + "=" + v);
    }
    return out;
  }

  private static List<String> asArgs(OptionSpec o, String value) {
    String name = o.longestName();
    if (o.type() == boolean.class || o.type() == Boolean.class) {
      boolean on = switch (value.toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException("'" + name.substring(2) + "' takes true or false, got '" + value + "'");
      };
      if (o.negatable()) return List.of(on ? name : "--no-" + name.substring(2));
      if (name.equals("--fail-open")) return List.of(on ? "--fail-open" : "--fail-closed");
      if (name.equals("--fail-closed")) return List.of(on ? "--fail-closed" : "--fail-open");
      return on ? List.of(name) : List.of();
    }
    if (value.isEmpty()) return List.of();
    return List.of(name + "=" + value);
  }

  FirewallConfig toConfig() {
    int first, last;
    String q = queues.strip();
    try {
      int dash = q.indexOf('-');
      first = Integer.parseInt(dash < 0 ? q : q.substring(0, dash).strip());
      last = dash < 0 ? first : Integer.parseInt(q.substring(dash + 1).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--queues must be N or N-M (e.g. 0-3), got '" + queues + "'");
    }
    Set<Confidence> levels = EnumSet.noneOf(Confidence.class);
    for (String s : blockConfidence) {
      if (s.isBlank()) continue;
      try {
        levels.add(Confidence.valueOf(s.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--block-confidence: unknown level '" + s + "' (signature, correlated, heuristic)");
      }
    }
    List<Cidr> inside = new ArrayList<>();
    for (String s : insideNetworks) if (!s.isBlank()) inside.add(Cidr.parse(s));
    List<Exemption> exemptions = new ArrayList<>();
    for (String s : exempt) if (!s.isBlank()) exemptions.addAll(Exemption.parseAll(s));
    List<String> interfaces = insideInterfaces.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    int mask;
    try {
      String m = markMask.strip().toLowerCase(Locale.ROOT);
      mask = (int) (m.startsWith("0x") ? Long.parseLong(m.substring(2), 16) : Long.parseLong(m));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--mark-mask must be a number such as 0xc0000000, got '" + markMask + "'");
    }
    boolean failOpen = failure == null || !failure.closed;
    return new FirewallConfig(first, last, mode, failOpen, levels, EnumSet.copyOf(hooks), interfaces, inside,
        exemptions, offloadAfter, copyRange, queueMaxLength, maxFlows, batch, new Marks(mask), iptables, ipv6,
        tcpReset, duration(learnedPeerTtl), metricsAddress(metrics),
        blocklist == null || blocklist.isBlank() ? null : blocklist.strip(), duration(blocklistRefresh));
  }

  static Duration duration(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      if (s.endsWith("s")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      if (s.endsWith("m")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      if (s.endsWith("h")) return Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
      return Duration.ofSeconds(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad duration '" + text + "' (use 900s, 15m or 1h)");
    }
  }

  static InetSocketAddress metricsAddress(String text) {
    String s = text.strip();
    if (s.equalsIgnoreCase("off") || s.equalsIgnoreCase("none")) return null;
    int colon = s.lastIndexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("--metrics must be ADDRESS:PORT or off, got '" + text + "'");
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      if (port < 0 || port > 65535) throw new NumberFormatException();
      return new InetSocketAddress(InetAddress.ofLiteral(host), port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--metrics must be a numeric ADDRESS:PORT or off, got '" + text + "'");
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new FirewallCommand()).execute(args));
  }
}
