package dev.seawall.desk.api;

import static dev.seawall.desk.audit.Role.ADMIN;
import static dev.seawall.desk.audit.Role.VIEWER;

import dev.seawall.desk.audit.Subject;
import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.net.IpAddress;
import dev.seawall.desk.registry.Assignment;
import dev.seawall.desk.registry.Customer;
import dev.seawall.desk.registry.Registry;
import dev.seawall.desk.registry.RegistryCsv;
import dev.seawall.desk.store.RegistryStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /api/registry}: customers, their services and time-versioned assignments; who held an address when. */
public final class RegistryApi {
  private final RegistryStore store;
  private final RegistryCache cache;
  private final Audit audit;
  private final Clock clock;

  public RegistryApi(RegistryStore store, RegistryCache cache, Audit audit, Clock clock) {
    this.store = store;
    this.cache = cache;
    this.audit = audit;
    this.clock = clock;
  }

  public record AssignmentView(String customer, String service, String kind, String resource, String ports, String originIp,
      Instant validFrom, Instant validUntil) {
    static AssignmentView of(Assignment a) {
      String ports = a.wholeAddress() ? null : a.portFrom() == a.portTo() ? "" + a.portFrom() : a.portFrom() + "-" + a.portTo();
      return new AssignmentView(a.customer(), a.service(), a.kind().name(), a.resource(), ports, a.originIp(), a.validFrom(),
          a.validUntil());
    }
  }

  public record CustomerView(String code, String name, String reseller, String abuseContact, List<AssignmentView> assignments) {}

  public record ImportResult(int customers, int services, int assignmentsAdded, int assignmentsUpdated, int unchanged,
      List<String> rejected) {}

  public void register(ApiRoutes r) {
    r.get("/api/registry/customers", ApiDoc.of("registry", "List customers with their assignments", VIEWER)
        .response("CustomerList"), this::customers);
    r.get("/api/registry/customers/{code}", ApiDoc.of("registry", "One customer with its assignments", VIEWER)
        .path("code", "string", "customer code").response("Customer").errors(404), this::customer);
    r.get("/api/registry/lookup", ApiDoc.of("registry", "Who held an address (and port) or a domain at a time", VIEWER)
        .query("ip", "string", "an IPv4 or IPv6 address").query("port", "integer", "the port, for addresses split by port")
        .query("domain", "string", "a domain (CDN zones), instead of an address")
        .query("at", "string", "ISO-8601 instant (default: now)")
        .response("Match").errors(400), this::lookup);
    r.post("/api/registry", ApiDoc.of("registry", "Import registry rows (CSV, the `seawall registry import` format)", ADMIN)
        .describe("Header: customer,name,reseller,abuse_contact,service,kind,resource,ports,origin_ip,valid_from,valid_until. "
            + "Good rows are imported, bad ones are listed in `rejected` with their line; nothing is imported when the "
            + "header lacks `customer`. Importing the same rows again changes nothing.")
        .request("text/csv").response("RegistryImportResult").errors(400), this::importCsv);
  }

  private void customers(Context ctx) throws SQLException {
    Registry reg = cache.registry();
    Map<String, List<AssignmentView>> by = byCustomer(reg);
    List<CustomerView> out = new ArrayList<>();
    for (Customer c : reg.customers()) {
      out.add(new CustomerView(c.code(), c.name(), c.reseller(), c.abuseContact(), by.getOrDefault(c.code(), List.of())));
    }
    out.sort(Comparator.comparing(CustomerView::code));
    ctx.json(Map.of("items", out));
  }

  private void customer(Context ctx) throws SQLException {
    Registry reg = cache.registry();
    String code = ctx.pathParam("code");
    Customer c = Optional.ofNullable(reg.customer(code)).orElseThrow(() -> ApiError.notFound("no customer '" + code + "'"));
    ctx.json(new CustomerView(c.code(), c.name(), c.reseller(), c.abuseContact(), byCustomer(reg).getOrDefault(code, List.of())));
  }

  private static Map<String, List<AssignmentView>> byCustomer(Registry reg) {
    Map<String, List<AssignmentView>> by = new LinkedHashMap<>();
    for (Assignment a : reg.assignments()) by.computeIfAbsent(a.customer(), k -> new ArrayList<>()).add(AssignmentView.of(a));
    return by;
  }

  private void lookup(Context ctx) throws SQLException {
    Integer port = Params.optInt(ctx, "port");
    ctx.json(lookup(ctx.queryParam("ip"), port, ctx.queryParam("domain"), Params.optInstant(ctx, "at")));
  }

  /** Who held the address (and port) or the domain at {@code at} (now when null). */
  public MatchView lookup(String ipText, Integer port, String domain, Instant at) throws SQLException {
    if (ipText != null && ipText.isBlank()) ipText = null;
    if (domain != null && domain.isBlank()) domain = null;
    if ((ipText == null) == (domain == null)) throw ApiError.badRequest("ip", "give either 'ip' or 'domain'");
    if (port != null && (port < 0 || port > 65535)) throw ApiError.badRequest("port", "'port' must be 0..65535");
    Instant when = at != null ? at : clock.instant();
    InfringementEvent probe;
    if (ipText != null) {
      String text = ipText.strip();
      IpAddress ip = IpAddress.parse(text).orElseThrow(() -> ApiError.badRequest("ip", "'" + text + "' is not an IPv4 or IPv6 address"));
      probe = new InfringementEvent(null, null, List.of(), LocationType.P2P_ENDPOINT, text, Optional.of(ip), port, when,
          null, null, null, null, null, null, null, List.of(), null, null, Set.of());
    } else {
      probe = new InfringementEvent(null, null, List.of(), LocationType.DOMAIN, null, Optional.empty(), null, when, null, null,
          null, null, null, null, null, List.of(), domain.strip().toLowerCase(Locale.ROOT), null, Set.of());
    }
    return MatchView.of(cache.matcher().match(probe, when));
  }

  private void importCsv(Context ctx) throws SQLException {
    String body = ctx.body();
    if (body.isBlank()) throw ApiError.badRequest(null, "the body must be CSV with a header line");
    RegistryCsv.Rows rows;
    try {
      rows = RegistryCsv.read(new StringReader(body), "body");
    } catch (IOException e) {
      throw ApiError.badRequest(null, e.getMessage());
    }
    RegistryStore.ImportCounts c;
    try {
      c = store.importRows(rows.customers(), rows.assignments());
    } catch (SQLException e) {
      // the store names the row problem (unknown reseller, a service with another kind); nothing was imported
      if (e.getSQLState() == null) throw ApiError.badRequest(null, e.getMessage());
      throw e;
    }
    cache.invalidate();
    audit.record(ctx, "registry.import", Subject.of("registry", "csv"), null, List.of(), "customers new " + c.customers()
        + ", services new " + c.services() + ", assignments added " + c.assignmentsAdded() + ", updated " + c.assignmentsUpdated()
        + ", rejected rows " + rows.errors().size());
    ctx.json(new ImportResult(c.customers(), c.services(), c.assignmentsAdded(), c.assignmentsUpdated(), c.unchanged(),
        rows.errors()));
  }
}
