package dev.seawall.firewall.verdict;

import dev.seawall.engine.packet.Packet;
import dev.seawall.firewall.metrics.WorkerStats;
import dev.seawall.firewall.metrics.WorkerStats.Counter;
import dev.seawall.firewall.netlink.NetlinkException;
import dev.seawall.firewall.netlink.RawSocket;

/**
 * Sends {@link TcpReset}s through raw sockets, one per IP version, owned by one worker. The
 * sockets' mark is Seawall's "pass" value, so that its own rules never queue or block them.
 */
public final class RawResets implements QueueWorker.Resetter, AutoCloseable {
  private final RawSocket v4;
  private final RawSocket v6;
  private final WorkerStats stats;
  private static final int MAX_PENDING = 256;
  private final byte[][] pending = new byte[MAX_PENDING][TcpReset.IPV6_LENGTH];
  private final int[] pendingLength = new int[MAX_PENDING];
  private final boolean[] pendingV4 = new boolean[MAX_PENDING];
  private int pendingCount;

  private RawResets(RawSocket v4, RawSocket v6, WorkerStats stats) {
    this.v4 = v4;
    this.v6 = v6;
    this.stats = stats;
  }

  /** Opens both sockets; throws when even IPv4 cannot be opened (no CAP_NET_RAW). */
  public static RawResets open(int mark, boolean ipv6, WorkerStats stats) throws NetlinkException {
    RawSocket v4 = RawSocket.open(false, mark);
    RawSocket v6 = null;
    if (ipv6) {
      try {
        v6 = RawSocket.open(true, mark);
      } catch (NetlinkException e) {
        v6 = null; // IPv6 disabled on this host: IPv4 resets still work
      }
    }
    return new RawResets(v4, v6, stats);
  }

  @Override
  public void reset(Packet p) {
    if (pendingCount == MAX_PENDING) {
      stats.increment(Counter.RESET_ERRORS); // the kernel's REJECT still answers the flow's next packet
      return;
    }
    int len = TcpReset.toReceiver(p, pending[pendingCount]);
    if (len == 0) return;
    pendingLength[pendingCount] = len;
    pendingV4[pendingCount] = p.ipVersion == 4;
    pendingCount++;
  }

  @Override
  public void flush() {
    for (int i = 0; i < pendingCount; i++) {
      RawSocket s = pendingV4[i] ? v4 : v6;
      if (s != null && s.send(pending[i], pendingLength[i]) == 0) {
        stats.increment(Counter.RESETS_SENT);
      } else {
        stats.increment(Counter.RESET_ERRORS);
      }
    }
    pendingCount = 0;
  }

  @Override
  public void close() {
    v4.close();
    if (v6 != null) v6.close();
  }
}
