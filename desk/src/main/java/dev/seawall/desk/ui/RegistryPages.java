package dev.seawall.desk.ui;

import dev.seawall.desk.api.MatchView;
import dev.seawall.desk.api.Params;
import dev.seawall.desk.api.RegistryApi;
import dev.seawall.desk.audit.Role;
import dev.seawall.desk.registry.Assignment;
import dev.seawall.desk.registry.Customer;
import dev.seawall.desk.registry.Registry;
import dev.seawall.desk.server.DeskServices;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry: customers, their services and leases; a lookup of who held an address when. */
public final class RegistryPages {
  private final DeskServices services;
  private final Pages pages;

  private final RegistryApi api;

  RegistryPages(DeskServices services, RegistryApi api, Pages pages) {
    this.services = services;
    this.api = api;
    this.pages = pages;
  }

  public record Row(Customer customer, List<Assignment> assignments) {}

  public record Model(List<Row> rows) {}

  void register() {
    pages.get("/registry", Role.VIEWER, this::page);
    pages.get("/registry/lookup", Role.VIEWER, this::lookup);
  }

  /** An htmx fragment: the answer of a lookup form. */
  private void lookup(Context ctx) throws SQLException {
    String port = ctx.queryParam("port");
    MatchView m = api.lookup(ctx.queryParam("ip"), port == null || port.isBlank() ? null : Params.optInt(ctx, "port"), null,
        Params.optInstant(ctx, "at"));
    Templates.page(ctx, "lookup.jte", Map.of("m", m));
  }

  private void page(Context ctx) throws SQLException {
    Registry reg = services.registryCache.registry();
    Map<String, List<Assignment>> by = new LinkedHashMap<>();
    for (Assignment a : reg.assignments()) by.computeIfAbsent(a.customer(), k -> new ArrayList<>()).add(a);
    List<Row> rows = new ArrayList<>();
    for (Customer c : reg.customers()) rows.add(new Row(c, by.getOrDefault(c.code(), List.of())));
    rows.sort(Comparator.comparing(r -> r.customer().code()));
    pages.render(ctx, "registry.jte", "Registry", "registry", new Model(rows));
  }
}
