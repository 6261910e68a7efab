package dev.seawall.desk.cli;

import dev.seawall.desk.audit.Actor;
import dev.seawall.desk.ledger.Ledger;
import dev.seawall.desk.ledger.LedgerAction;
import dev.seawall.desk.ledger.Party;
import dev.seawall.desk.ledger.PartyStatus;
import dev.seawall.desk.ledger.Strike;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.workflow.Desk;
import java.sql.SQLException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seawall ledger …}: the repeat-infringer ledger. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
    description = "The repeat-infringer ledger: strikes and actions per customer and subscriber; acknowledgements, lifting, reinstatement.",
    subcommands = {LedgerCommand.Parties.class, LedgerCommand.Show.class, LedgerCommand.Attribute.class, LedgerCommand.Acknowledge.class,
        LedgerCommand.Lift.class, LedgerCommand.Reinstate.class})
public final class LedgerCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** CUSTOMER or CUSTOMER/SUBSCRIBER. */
  static Party party(String s) {
    int slash = s.indexOf('/');
    return slash < 0 ? Party.customer(s) : new Party(s.substring(0, slash), s.substring(slash + 1));
  }

  static String line(PartyStatus s) {
    return String.format("%-32s %-13s active strikes %d, total %d%s%s", s.party(), s.standing().name().toLowerCase(java.util.Locale.ROOT),
        s.activeStrikes(), s.totalStrikes(), s.until() == null ? "" : ", until " + s.until(),
        s.lastStrike() == null ? "" : ", last strike " + s.lastStrike());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Every party with strikes or actions, most recent first.")
  static final class Parties extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Option(names = "--limit", defaultValue = "100") int limit;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        for (PartyStatus s : desk.ledger().parties(limit)) System.out.println(line(s));
        return 0;
      }
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A party's standing, strikes and actions.")
  static final class Show extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Parameters(paramLabel = "CUSTOMER[/SUBSCRIBER]") String who;
    @Option(names = "--expired", description = "Include expired strikes.") boolean expired;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        Party p = party(who);
        System.out.println(line(desk.ledger().status(p)));
        for (Strike s : desk.ledger().strikes(p, expired)) {
          System.out.printf("  strike %d  notice %d  counted %s  expires %s  %s%s%s%n", s.id(), s.noticeId(), s.counted(), s.expires(),
              s.sender() == null ? "" : s.sender(), s.party().subscriber() == null ? "" : "  subscriber " + s.party().subscriber(),
              s.settlementOffer() ? "  (settlement offer)" : "");
        }
        for (LedgerAction a : desk.ledger().actions(p)) {
          System.out.printf("  %s  %-12s %-8s by %s: %s%s%n", a.at(), a.kind(), a.outcome(), a.actor(), a.reason(),
              a.detail() == null ? "" : " — " + a.detail());
        }
        return 0;
      }
    }
  }

  @Command(name = "attribute", mixinStandardHelpOptions = true, description = "Record which subscriber a strike was (as the customer reported).")
  static final class Attribute extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Parameters(index = "0", paramLabel = "STRIKE") long strike;
    @Parameters(index = "1", paramLabel = "SUBSCRIBER") String subscriber;
    @Option(names = "--reason", required = true) String reason;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        Strike s = desk.ledger().attributeSubscriber(options.actor(), strike, subscriber, reason);
        System.out.println("strike " + s.id() + " attributed to " + s.party());
        return 0;
      }
    }
  }

  /** A recorded decision about one party, with the reason the ledger requires. */
  abstract static class PartyDecision extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Parameters(paramLabel = "CUSTOMER[/SUBSCRIBER]") String who;
    @Option(names = "--reason", required = true) String reason;

    abstract PartyStatus decide(Ledger ledger, Actor actor, Party party, String reason) throws SQLException;

    @Override
    int run() throws Exception {
      try (Database db = options.open(); Desk desk = options.desk(db)) {
        System.out.println(line(decide(desk.ledger(), options.actor(), party(who), reason)));
        return 0;
      }
    }
  }

  @Command(name = "acknowledge", mixinStandardHelpOptions = true, description = "Record that a party acknowledged the policy.")
  static final class Acknowledge extends PartyDecision {
    @Override
    PartyStatus decide(Ledger ledger, Actor actor, Party party, String reason) throws SQLException {
      return ledger.acknowledge(actor, party, reason);
    }
  }

  @Command(name = "lift", mixinStandardHelpOptions = true, description = "End a suspension early (the strikes stay).")
  static final class Lift extends PartyDecision {
    @Override
    PartyStatus decide(Ledger ledger, Actor actor, Party party, String reason) throws SQLException {
      return ledger.liftSuspension(actor, party, reason);
    }
  }

  @Command(name = "reinstate", mixinStandardHelpOptions = true, description = "Reinstate a terminated party, with a reason (the strikes stay).")
  static final class Reinstate extends PartyDecision {
    @Override
    PartyStatus decide(Ledger ledger, Actor actor, Party party, String reason) throws SQLException {
      return ledger.reinstate(actor, party, reason);
    }
  }
}
