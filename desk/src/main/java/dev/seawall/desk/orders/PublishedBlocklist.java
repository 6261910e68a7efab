package dev.seawall.desk.orders;

import java.time.Instant;
import java.util.List;

/**
 * The blocklist the proxy and firewall fetch, in their format: one entry per line (exact domain,
 * {@code *.domain}, address or CIDR), {@code #} comments naming the orders.
 *
 * @param region  the country the list was made for (orders geo-scoped elsewhere left out), null = all
 * @param etag    changes exactly when {@code text} changes (HTTP ETag)
 * @param orders  ids of the orders in force that contributed
 */
public record PublishedBlocklist(Instant generated, String region, String text, int entries, String etag, List<Long> orders) {
  public PublishedBlocklist {
    orders = List.copyOf(orders);
  }
}
