package dev.seawall.desk.cli;

import dev.seawall.desk.registry.RegistryCsv;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.RegistryStore;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code seawall registry import FILE.csv}. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Imports customers, services and assignments from CSV with the header",
        "customer,name,reseller,abuse_contact,service,kind,resource,ports,origin_ip,valid_from,valid_until",
        "kind: dedicated | vpn-exit | socks5 | cdn-zone; resource: prefix, address or (cdn-zone) domain;",
        "ports: empty, N or N-M; valid_until exclusive, empty while valid. Re-importing is harmless;",
        "bad rows are reported with their line and the good ones are imported."})
public final class RegistryImportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE.csv")
  Path file;

  @Mixin DbOption db;

  @Override
  public Integer call() throws Exception {
    RegistryCsv.Rows rows;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      rows = RegistryCsv.read(r, file.toString());
    }
    rows.errors().forEach(System.err::println);
    try (Database database = db.open()) {
      RegistryStore.ImportCounts c = new RegistryStore(database).importRows(rows.customers(), rows.assignments());
      System.out.printf("customers new %d, services new %d, assignments added %d, updated %d, unchanged %d, rejected rows %d%n",
          c.customers(), c.services(), c.assignmentsAdded(), c.assignmentsUpdated(), c.unchanged(), rows.errors().size());
    }
    return rows.errors().isEmpty() ? 0 : 1;
  }
}
