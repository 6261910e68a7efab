package dev.seawall.desk.registry;

import dev.seawall.desk.intake.Csv;
import dev.seawall.desk.net.Prefix;
import dev.seawall.desk.time.Timestamps;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads registry CSV files. Columns, by header name (order free, extra columns ignored):
 * {@code customer, name, reseller, abuse_contact, service, kind, resource, ports, origin_ip,
 * valid_from, valid_until}. A row without {@code service} only declares a customer (a reseller,
 * say). {@code resource} is a prefix, a single address or, for {@code cdn-zone}, a domain;
 * {@code ports} is empty (whole address), {@code 1024-2047} or one port; times are ISO dates or
 * date-times in UTC, {@code valid_until} exclusive and empty while the lease runs.
 */
public final class RegistryCsv {
  private RegistryCsv() {}

  public record Rows(List<Customer> customers, List<Assignment> assignments, List<String> errors) {}

  public static Rows read(Reader in, String sourceName) throws IOException {
    List<String> header = new ArrayList<>();
    Csv csv = Csv.open(in, header);
    Map<String, Integer> col = new LinkedHashMap<>();
    for (int i = 0; i < header.size(); i++) col.put(header.get(i).strip().toLowerCase(Locale.ROOT), i);
    if (!col.containsKey("customer")) {
      throw new IOException(sourceName + ": no 'customer' column in the header " + header);
    }
    Map<String, Customer> customers = new LinkedHashMap<>();
    List<Assignment> assignments = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (List<String> rec; ; ) {
      long line = csv.line();
      rec = csv.next();
      if (rec == null) break;
      if (rec.stream().allMatch(String::isBlank)) continue;
      try {
        String code = need(get(col, rec, "customer"), "customer");
        Customer previous = customers.get(code);
        Customer c = new Customer(code, or(get(col, rec, "name"), previous == null ? null : previous.name()),
            or(get(col, rec, "reseller"), previous == null ? null : previous.reseller()),
            or(get(col, rec, "abuse_contact"), previous == null ? null : previous.abuseContact()));
        customers.put(code, c);
        String service = get(col, rec, "service");
        if (service == null) continue;
        ServiceKind kind = ServiceKind.parse(need(get(col, rec, "kind"), "kind"));
        String resource = need(get(col, rec, "resource"), "resource");
        Prefix prefix = null;
        String zone = null;
        if (kind == ServiceKind.CDN_ZONE) {
          zone = resource.toLowerCase(Locale.ROOT).replaceAll("^\\*\\.", "");
        } else {
          prefix = Prefix.parse(resource).orElseThrow(() -> new IllegalArgumentException("'" + resource + "' is not a prefix or address"));
        }
        int from = 0, to = 65535;
        String ports = get(col, rec, "ports");
        if (ports != null) {
          String[] p = ports.split("-", 2);
          from = Integer.parseInt(p[0].strip());
          to = p.length > 1 ? Integer.parseInt(p[1].strip()) : from;
        }
        Instant validFrom = time(need(get(col, rec, "valid_from"), "valid_from"), "valid_from");
        String untilText = get(col, rec, "valid_until");
        Instant validUntil = untilText == null ? null : time(untilText, "valid_until");
        assignments.add(new Assignment(code, service, kind, prefix, zone, from, to, get(col, rec, "origin_ip"), validFrom, validUntil));
      } catch (IllegalArgumentException e) {
        errors.add(sourceName + ":" + line + ": " + e.getMessage());
      }
    }
    return new Rows(new ArrayList<>(customers.values()), assignments, errors);
  }

  private static String get(Map<String, Integer> col, List<String> rec, String name) {
    Integer i = col.get(name);
    if (i == null || i >= rec.size()) return null;
    String v = rec.get(i).strip();
    return v.isEmpty() ? null : v;
  }

  private static String or(String a, String b) {
    return a != null ? a : b;
  }

  private static String need(String v, String name) {
    if (v == null) throw new IllegalArgumentException("'" + name + "' is empty");
    return v;
  }

  static Instant time(String s, String name) {
    try {
      if (s.length() == 10) return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " '" + s + "' is not a date (YYYY-MM-DD)");
    }
    return Timestamps.parse(s).map(t -> t.instant())
        .orElseThrow(() -> new IllegalArgumentException(name + " '" + s + "' is not a date-time"));
  }
}
