package dev.seawall.desk.cli;

import dev.seawall.desk.agents.DesignatedAgent;
import dev.seawall.desk.agents.DesignatedAgents;
import dev.seawall.desk.exits.EnforcedExit;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.workflow.Desk;
import java.time.Instant;
import java.time.LocalDate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seawall agents …}: DMCA designated agents and which shared exits run Seawall's enforcement. */
@Command(name = "agents", mixinStandardHelpOptions = true,
    description = "Designated DMCA agents (renewal every 3 years, reminders) and enforcement records of shared exits.",
    subcommands = {AgentsCommand.Add.class, AgentsCommand.Renew.class, AgentsCommand.ListAgents.class, AgentsCommand.Enforce.class,
        AgentsCommand.Exits.class})
public final class AgentsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static String line(DesignatedAgent a) {
    return String.format("%d  %s%s: %s <%s>, filed %s, expires %s%s", a.id(), a.entity(), a.customer() == null ? " (operator)" : " (customer "
        + a.customer() + ")", a.agentName(), a.email(), a.lastFiled(), a.expires(), a.active() ? "" : ", retired");
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Record a designation (the operator's, or a customer's with --customer).")
  static final class Add extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Option(names = "--entity", required = true) String entity;
    @Option(names = "--customer") String customer;
    @Option(names = "--name", required = true, description = "The agent's name.") String name;
    @Option(names = "--email", required = true) String email;
    @Option(names = "--address") String address;
    @Option(names = "--phone") String phone;
    @Option(names = "--registration", description = "Copyright Office registration number, e.g. DMCA-1234567.") String registration;
    @Option(names = "--filed", required = true, description = "Filing date, YYYY-MM-DD.") LocalDate filed;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        System.out.println(line(desk.agents().register(options.actor(), new DesignatedAgents.Registration(entity, customer, name, email, address,
            phone, registration, filed), "recorded from the command line")));
        return 0;
      }
    }
  }

  @Command(name = "renew", mixinStandardHelpOptions = true, description = "Record a renewal filing.")
  static final class Renew extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Parameters(paramLabel = "AGENT") long id;
    @Option(names = "--filed", required = true, description = "YYYY-MM-DD") LocalDate filed;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        System.out.println(line(desk.agents().renew(options.actor(), id, filed, "renewal recorded from the command line")));
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Every designation, with its expiry.")
  static final class ListAgents extends WorkflowCommand {
    @Mixin WorkflowOptions options;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        for (DesignatedAgent a : desk.agents().list()) System.out.println(line(a));
        return 0;
      }
    }
  }

  @Command(name = "enforce", mixinStandardHelpOptions = true, description = "Record that a shared exit (vpn-exit/socks5 service) runs Seawall's BitTorrent blocking.")
  static final class Enforce extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Parameters(index = "0", paramLabel = "CUSTOMER") String customer;
    @Parameters(index = "1", paramLabel = "SERVICE") String service;
    @Option(names = "--since", required = true, description = "ISO-8601 instant enforcement started.") Instant since;
    @Option(names = "--by", defaultValue = "seawall firewall (NFQUEUE)", description = "What enforces it (default: ${DEFAULT-VALUE}).") String by;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        EnforcedExit e = desk.exits().declare(options.actor(), customer, service, since, by, "recorded from the command line");
        System.out.println(e.id() + "  " + e.customer() + "/" + e.service() + "  " + e.enforcer() + " since " + e.from());
        return 0;
      }
    }
  }

  @Command(name = "exits", mixinStandardHelpOptions = true, description = "Enforcement records of shared exits.")
  static final class Exits extends WorkflowCommand {
    @Mixin WorkflowOptions options;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        for (EnforcedExit e : desk.exits().list()) {
          System.out.println(e.id() + "  " + e.customer() + "/" + e.service() + "  " + e.enforcer() + " from " + e.from()
              + (e.until() == null ? "" : " until " + e.until()));
        }
        return 0;
      }
    }
  }
}
