package dev.seawall.desk.cli;

import dev.seawall.desk.audit.AuditLog;
import dev.seawall.desk.orders.CourtOrder;
import dev.seawall.desk.orders.CourtOrderDraft;
import dev.seawall.desk.orders.CourtOrderStore;
import dev.seawall.desk.orders.OrderState;
import dev.seawall.desk.orders.PublishedBlocklist;
import dev.seawall.desk.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seawall orders …}: court orders and the blocklist published from them. */
@Command(name = "orders", mixinStandardHelpOptions = true,
    description = "Court orders: enter, approve (a second person), reject, revoke, list; print the published blocklist.",
    subcommands = {OrdersCommand.Add.class, OrdersCommand.Approve.class, OrdersCommand.Reject.class, OrdersCommand.Revoke.class,
        OrdersCommand.ListOrders.class, OrdersCommand.Blocklist.class})
public final class OrdersCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static CourtOrderStore store(Database db) {
    Clock clock = Clock.systemUTC();
    return new CourtOrderStore(db, new AuditLog(db, clock), clock);
  }

  static String line(CourtOrder o) {
    CourtOrderDraft d = o.order();
    return String.format("%d  %-17s %s, case %s, %s%s, %s → %s, %d domain(s), %d URL(s), %d address(es), entered by %s%s", o.id(),
        o.state().name().toLowerCase(java.util.Locale.ROOT), d.court(), d.caseNumber(), d.jurisdiction(),
        d.geoScope().isEmpty() ? "" : " (applies in " + String.join(",", d.geoScope()) + ")", d.effective(),
        d.expires() == null ? "until lifted" : d.expires(), d.domains().size(), d.urls().size(), d.ips().size(), o.createdBy(),
        o.decidedBy() == null ? "" : ", decided by " + o.decidedBy());
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Enter a court order; it waits for a second person's approval.")
  static final class Add extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Option(names = "--court", required = true) String court;
    @Option(names = "--case", required = true, description = "The court's case number.") String caseNumber;
    @Option(names = "--title") String title;
    @Option(names = "--jurisdiction", required = true, description = "ISO 3166 code: US, FR, US-NY …") String jurisdiction;
    @Option(names = "--applies-in", split = ",", description = "Countries where the block applies (default: everywhere).") List<String> geo = new ArrayList<>();
    @Option(names = "--domain", description = "example.org or *.example.org (repeatable).") List<String> domains = new ArrayList<>();
    @Option(names = "--url", description = "A specific URL (repeatable).") List<String> urls = new ArrayList<>();
    @Option(names = "--ip", description = "Address or CIDR prefix (repeatable).") List<String> ips = new ArrayList<>();
    @Option(names = "--effective", required = true, description = "ISO-8601 instant, e.g. 2026-05-01T00:00:00Z.") Instant effective;
    @Option(names = "--expires", description = "ISO-8601 instant; default: until lifted.") Instant expires;
    @Option(names = "--reporting-duty") String reportingDuty;
    @Option(names = "--report-due", description = "YYYY-MM-DD") LocalDate reportDue;
    @Option(names = "--document", description = "Where the signed order is kept.") String document;

    @Override
    int run() throws Exception {
      try (Database db = options.open()) {
        CourtOrder o = store(db).create(options.actor(), new CourtOrderDraft(court, caseNumber, title, jurisdiction, geo, domains, urls, ips,
            effective, expires, reportingDuty, reportDue, document));
        System.out.println(line(o));
        return 0;
      }
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve an order (not the person who entered it).")
  static final class Approve extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Parameters(paramLabel = "ORDER") long id;
    @Option(names = "--reason") String reason;

    @Override
    int run() throws Exception {
      try (Database db = options.open()) {
        System.out.println(line(store(db).approve(options.actor(), id, reason)));
        return 0;
      }
    }
  }

  @Command(name = "reject", mixinStandardHelpOptions = true, description = "Refuse an order waiting for approval.")
  static final class Reject extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Parameters(paramLabel = "ORDER") long id;
    @Option(names = "--reason", required = true) String reason;

    @Override
    int run() throws Exception {
      try (Database db = options.open()) {
        System.out.println(line(store(db).reject(options.actor(), id, reason)));
        return 0;
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Withdraw an approved order (lifted, set aside, superseded).")
  static final class Revoke extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Parameters(paramLabel = "ORDER") long id;
    @Option(names = "--reason", required = true) String reason;

    @Override
    int run() throws Exception {
      try (Database db = options.open()) {
        System.out.println(line(store(db).revoke(options.actor(), id, reason)));
        return 0;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Every order, or those in one state.")
  static final class ListOrders extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Option(names = "--state", description = "pending_approval, approved, rejected, revoked") OrderState state;

    @Override
    int run() throws Exception {
      try (Database db = options.open()) {
        for (CourtOrder o : store(db).list(state)) System.out.println(line(o));
        return 0;
      }
    }
  }

  @Command(name = "blocklist", mixinStandardHelpOptions = true,
      description = "Print (or write) the blocklist of the orders in force, in the proxy's and firewall's format.")
  static final class Blocklist extends WorkflowCommand {
    @Mixin WorkflowOptions options;
    @Option(names = "--region", description = "Country the list is for (orders geo-scoped elsewhere are left out).") String region;
    @Option(names = "--out", description = "Write to this file (atomically) instead of stdout.") Path out;

    @Override
    int run() throws Exception {
      try (Database db = options.open()) {
        PublishedBlocklist b = store(db).blocklist(Instant.now(), region);
        if (out == null) {
          System.out.print(b.text());
        } else {
          Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
          Files.writeString(tmp, b.text());
          Files.move(tmp, out, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          System.out.println(out + ": " + b.entries() + " entries from " + b.orders().size() + " order(s), ETag " + b.etag());
        }
        return 0;
      }
    }
  }
}
