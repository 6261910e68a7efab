package dev.seawall.desk.cli;

import dev.seawall.desk.intake.Csv;
import dev.seawall.desk.registry.Assignment;
import dev.seawall.desk.registry.Customer;
import dev.seawall.desk.registry.Registry;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.RegistryStore;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seawall registry list}: the registry as CSV, in the import format. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Prints the registry as CSV (the import format).")
public final class RegistryListCommand implements Callable<Integer> {
  @Mixin DbOption db;

  @Override
  public Integer call() throws Exception {
    try (Database database = db.open()) {
      Registry r = new RegistryStore(database).load();
      System.out.println("customer,name,reseller,abuse_contact,service,kind,resource,ports,origin_ip,valid_from,valid_until");
      for (Assignment a : r.assignments()) {
        Customer c = r.customer(a.customer());
        String ports = a.wholeAddress() ? "" : a.portFrom() == a.portTo() ? "" + a.portFrom() : a.portFrom() + "-" + a.portTo();
        System.out.println(String.join(",", Csv.quote(a.customer()), Csv.quote(c == null ? null : c.name()),
            Csv.quote(c == null ? null : c.reseller()), Csv.quote(c == null ? null : c.abuseContact()), Csv.quote(a.service()),
            a.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), Csv.quote(a.resource()), ports,
            Csv.quote(a.originIp()), a.validFrom().toString(), a.validUntil() == null ? "" : a.validUntil().toString()));
      }
      return 0;
    }
  }
}
