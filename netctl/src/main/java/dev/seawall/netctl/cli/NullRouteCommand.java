package dev.seawall.netctl.cli;

import dev.seawall.netctl.AddResult;
import dev.seawall.netctl.Durations;
import dev.seawall.netctl.NetctlConfig;
import dev.seawall.netctl.NullRoute;
import dev.seawall.netctl.NullRouteRequest;
import dev.seawall.netctl.NullRouter;
import dev.seawall.netctl.Prefix;
import dev.seawall.netctl.RemoveRequest;
import dev.seawall.netctl.RemoveResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code seawall nullroute add|remove|list|run}: null-routing behind the rails in the config file. */
@Command(
    name = "nullroute",
    mixinStandardHelpOptions = true,
    description = {
      "Null-route addresses (BGP RTBH through GoBGP or ExaBGP, or a local kernel blackhole) behind safety rails.",
      "Every route expires. Expired routes are withdrawn by `nullroute run` (keep it running) and by every other nullroute command."
    },
    subcommands = {NullRouteCommand.Add.class, NullRouteCommand.Remove.class, NullRouteCommand.ListRoutes.class,
        NullRouteCommand.Run.class})
public final class NullRouteCommand implements Runnable {
  /**
   * Exit status when the rails refuse, the backend fails, or the configuration or state file is bad
   * (the project's convention: 1 input or runtime error, 2 usage error).
   */
  public static final int REFUSED = 1;
  private static final int CONFIG = 1;

  @Spec CommandSpec spec;

  @Option(names = {"-c", "--config"}, description = "configuration file (JSON; default: $SEAWALL_NETCTL_CONFIG or /etc/seawall/netctl.json)")
  Path config;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Standalone entry point (the `seawall` launcher is the usual one). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new NullRouteCommand()).execute(args));
  }

  Path configPath() {
    if (config != null) return config;
    String env = System.getenv("SEAWALL_NETCTL_CONFIG");
    return Path.of(env != null && !env.isBlank() ? env : "/etc/seawall/netctl.json");
  }

  /** Runs {@code action} on a router built from the config; config and state errors become exit 1. */
  int withRouter(CommandSpec sub, java.util.function.ToIntFunction<NullRouter> action) {
    PrintWriter err = sub.commandLine().getErr();
    NetctlConfig cfg;
    try {
      cfg = NetctlConfig.load(configPath());
    } catch (IllegalArgumentException e) {
      err.println("nullroute: " + e.getMessage());
      return CONFIG;
    }
    try (NullRouter router = cfg.open(Clock.systemUTC())) {
      return action.applyAsInt(router);
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      err.println("nullroute: " + e.getMessage());
      return CONFIG;
    }
  }

  static Prefix prefix(CommandSpec spec, String text) {
    try {
      return Prefix.parse(text);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  static String describe(NullRoute r) {
    return r.prefix() + "  until " + r.expires() + "  by " + r.requestedBy() + "  reason: " + r.reason()
        + (r.notices().isEmpty() ? "" : "  notices: " + String.join(",", r.notices()));
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Null-route one address (host route unless the rails allow wider).")
  static final class Add implements Callable<Integer> {
    @ParentCommand NullRouteCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "PREFIX", description = "address or prefix, e.g. 192.0.2.7 or 2001:db8::7")
    String prefix;

    @Option(names = "--reason", required = true, description = "why (recorded with the route)")
    String reason;

    @Option(names = "--notice", paramLabel = "ID", description = "id of a notice that led to this (repeatable)")
    List<String> notices = new ArrayList<>();

    @Option(names = "--ttl", description = "lifetime such as 12h, 3d, 1w (default: the config's defaultTtl)")
    String ttl;

    @Option(names = "--by", description = "who asks (default: $USER)")
    String by;

    @Option(names = "--dry-run", description = "check the rails and show what would happen; change nothing")
    boolean dryRun;

    @Override
    public Integer call() {
      Prefix p = prefix(spec, prefix);
      Duration d = null;
      if (ttl != null) {
        try {
          d = Durations.parse(ttl, "--ttl");
        } catch (IllegalArgumentException e) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
      }
      NullRouteRequest request = new NullRouteRequest(p, reason, notices, d, by != null ? by : System.getProperty("user.name"), dryRun);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      return parent.withRouter(spec, router -> switch (router.add(request)) {
        case AddResult.Announced a -> {
          out.println((a.extended() ? "extended  " : "announced ") + describe(a.route()));
          yield 0;
        }
        case AddResult.WouldAnnounce w -> {
          out.println("dry run: would announce " + describe(w.route()));
          yield 0;
        }
        case AddResult.Refused r -> {
          err.println("refused: " + r.message());
          yield REFUSED;
        }
        case AddResult.Failed f -> {
          err.println("failed: " + f.message());
          yield REFUSED;
        }
      });
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Lift a null-route before it expires.")
  static final class Remove implements Callable<Integer> {
    @ParentCommand NullRouteCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "PREFIX")
    String prefix;

    @Option(names = "--reason", required = true, description = "why it is lifted")
    String reason;

    @Option(names = "--by", description = "who asks (default: $USER)")
    String by;

    @Option(names = "--dry-run", description = "show what would be withdrawn; change nothing")
    boolean dryRun;

    @Override
    public Integer call() {
      Prefix p = prefix(spec, prefix);
      RemoveRequest request = new RemoveRequest(p, reason, by != null ? by : System.getProperty("user.name"), dryRun);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      return parent.withRouter(spec, router -> switch (router.remove(request)) {
        case RemoveResult.Withdrawn w -> {
          out.println("withdrawn " + w.route().prefix());
          yield 0;
        }
        case RemoveResult.WouldWithdraw w -> {
          out.println("dry run: would withdraw " + describe(w.route()));
          yield 0;
        }
        case RemoveResult.NotActive n -> {
          err.println("not active: no null-route for " + n.prefix());
          yield REFUSED;
        }
        case RemoveResult.Failed f -> {
          err.println("failed: " + f.message());
          yield REFUSED;
        }
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the active null-routes and the backend's health.")
  static final class ListRoutes implements Callable<Integer> {
    @ParentCommand NullRouteCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      return parent.withRouter(spec, router -> {
        List<NullRoute> routes = router.list();
        out.println(routes.size() + " active null-route(s); " + router.backendHealth());
        routes.forEach(r -> out.println(describe(r)));
        return 0;
      });
    }
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = "Stay running: withdraw routes as they expire, re-announce after BGP or daemon restarts.")
  static final class Run implements Callable<Integer> {
    @ParentCommand NullRouteCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      NetctlConfig cfg;
      try {
        cfg = NetctlConfig.load(parent.configPath());
      } catch (IllegalArgumentException e) {
        err.println("nullroute: " + e.getMessage());
        return CONFIG;
      }
      CountDownLatch stop = new CountDownLatch(1);
      try (NullRouter router = cfg.start(Clock.systemUTC())) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        out.println("nullroute: running; " + router.list().size() + " active; " + router.backendHealth());
        out.flush();
        stop.await();
      } catch (IllegalStateException | java.io.UncheckedIOException e) {
        err.println("nullroute: " + e.getMessage());
        return CONFIG;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }
  }
}
