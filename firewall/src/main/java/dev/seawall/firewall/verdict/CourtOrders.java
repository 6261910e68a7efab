package dev.seawall.firewall.verdict;

import dev.seawall.blocklist.Blocklist;
import java.util.function.Supplier;

/**
 * The court-order part of the policy: flows the published blocklist refuses. The engine says
 * what a flow's server name is; this says whether an order covers it, or the server's address.
 * Reads whichever list is in force at that moment (reloads swap it whole).
 */
public final class CourtOrders {
  /** No blocklist configured: nothing is refused by court order. */
  public static final CourtOrders NONE = new CourtOrders(() -> Blocklist.EMPTY, false);

  /** Why a flow was refused; {@code label} is the metric label. */
  public enum Match {
    NAME("name"),
    ADDRESS("address");

    public final String label;

    Match(String label) {
      this.label = label;
    }
  }

  private final Supplier<Blocklist> list;
  private final boolean configured;

  private CourtOrders(Supplier<Blocklist> list, boolean configured) {
    this.list = list;
    this.configured = configured;
  }

  public static CourtOrders of(Supplier<Blocklist> list) {
    return new CourtOrders(list, true);
  }

  /** Whether the engine must look for server names at all (a list is configured; it may gain names on reload). */
  public boolean configured() {
    return configured;
  }

  /** The flow to this server address (IPv4 as IPv4-mapped) is refused. */
  public boolean refusesAddress(long hi, long lo) {
    return configured && list.get().blocksAddress(hi, lo);
  }

  /** The flow naming this server (bytes as sent: TLS SNI, HTTP Host) is refused. */
  public boolean refusesName(byte[] b, int off, int len) {
    return configured && list.get().blocksName(b, off, len);
  }

  /** Whether holding a flow until its name is known can matter (the list in force names domains). */
  public boolean namesMatter() {
    return configured && list.get().hasDomains();
  }
}
