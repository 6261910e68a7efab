package dev.seawall.desk.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code seawall registry …}: who holds which addresses, services and zones, and when. */
@Command(name = "registry", mixinStandardHelpOptions = true,
    description = "The network registry: time-versioned assignments of prefixes, addresses and CDN zones to customers.",
    subcommands = {RegistryImportCommand.class, RegistryListCommand.class})
public final class RegistryCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
