package dev.seawall.cli;

import dev.seawall.analyze.AnalyzeCommand;
import dev.seawall.analyze.EvalCommand;
import dev.seawall.desk.cli.NoticesCommand;
import dev.seawall.desk.cli.RegistryCommand;
import dev.seawall.proxy.ProxyCommand;
import dev.seawall.firewall.FirewallCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;


/** The `seawall` command. Each module owns its subcommands; this class only lists them. */
@Command(
    name = "seawall",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "BitTorrent detection and enforcement, and copyright-notice handling, for network operators.",
    subcommands = {
      AnalyzeCommand.class,
      EvalCommand.class,
      NoticesCommand.class,
      RegistryCommand.class,
      ProxyCommand.class,
      FirewallCommand.class,
      CommandLine.HelpCommand.class,
      dev.seawall.netctl.cli.NullRouteCommand.class,
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
