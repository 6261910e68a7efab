package dev.seawall.desk.orders;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A court order as entered.
 *
 * @param jurisdiction  where the order was issued: ISO 3166 country code ("US", "FR"), optionally with a
 *                      subdivision ("US-NY")
 * @param geoScope      country codes where the block applies; empty = wherever the desk's enforcement runs
 * @param domains       exact names ({@code example.org}) or whole subtrees ({@code *.example.org})
 * @param urls          specific URLs (published as comments: a domain/IP blocklist cannot enforce a path)
 * @param ips           addresses or CIDR prefixes
 * @param expires       end of the order's effect, or null while in force until lifted
 * @param reportingDuty what must be reported to whom (free text), null if none
 * @param reportDue     when the report is due, if the order says
 */
public record CourtOrderDraft(
    String court, String caseNumber, String title, String jurisdiction, List<String> geoScope, List<String> domains,
    List<String> urls, List<String> ips, Instant effective, Instant expires, String reportingDuty, LocalDate reportDue,
    String documentRef) {

  public CourtOrderDraft {
    geoScope = geoScope == null ? List.of() : List.copyOf(geoScope);
    domains = domains == null ? List.of() : List.copyOf(domains);
    urls = urls == null ? List.of() : List.copyOf(urls);
    ips = ips == null ? List.of() : List.copyOf(ips);
  }
}
