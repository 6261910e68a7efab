package dev.seawall.cli;

import dev.seawall.analyze.AnalyzeCommand;
import dev.seawall.analyze.EvalCommand;
import dev.seawall.desk.cli.AgentsCommand;
import dev.seawall.desk.cli.CounterCommand;
import dev.seawall.desk.cli.LedgerCommand;
import dev.seawall.desk.cli.NoticesCommand;
import dev.seawall.desk.cli.OrdersCommand;
import dev.seawall.desk.cli.RegistryCommand;
import dev.seawall.desk.cli.ReportCommand;
import dev.seawall.desk.server.DeskCommand;
import dev.seawall.firewall.FirewallCommand;
import dev.seawall.netctl.cli.NullRouteCommand;
import dev.seawall.proxy.ProxyCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The `seawall` command. Each module owns its subcommands; this class only lists them.
 *
 * <p>picocli reflects over every registered command and its option types when it starts, which
 * cost about 0.4 CPU-seconds with all modules registered. So when the first argument names a
 * subcommand, only that one is registered; help and unknown commands see them all.
 */
@Command(
    name = "seawall",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "BitTorrent detection and enforcement, and copyright-notice handling, for network operators.")
public final class Main implements Runnable {

  static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("analyze", AnalyzeCommand::new);
    SUBCOMMANDS.put("eval", EvalCommand::new);
    SUBCOMMANDS.put("notices", NoticesCommand::new);
    SUBCOMMANDS.put("registry", RegistryCommand::new);
    SUBCOMMANDS.put("ledger", LedgerCommand::new);
    SUBCOMMANDS.put("counter", CounterCommand::new);
    SUBCOMMANDS.put("orders", OrdersCommand::new);
    SUBCOMMANDS.put("report", ReportCommand::new);
    SUBCOMMANDS.put("agents", AgentsCommand::new);
    SUBCOMMANDS.put("desk", DeskCommand::new);
    SUBCOMMANDS.put("proxy", ProxyCommand::new);
    SUBCOMMANDS.put("firewall", FirewallCommand::new);
    SUBCOMMANDS.put("nullroute", NullRouteCommand::new);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static CommandLine commandLine(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    Supplier<Object> only = args.length > 0 ? SUBCOMMANDS.get(args[0]) : null;
    if (only != null) {
      cli.addSubcommand(args[0], only.get());
    } else {
      SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
      cli.addSubcommand("help", new CommandLine.HelpCommand());
    }
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }
}
