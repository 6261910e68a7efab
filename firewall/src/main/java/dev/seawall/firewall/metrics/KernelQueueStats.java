package dev.seawall.firewall.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's own counters per queue, from {@code /proc/net/netfilter/nfnetlink_queue} (one line
 * per bound queue: queue, portid, waiting, copy mode, copy range, dropped because full, dropped
 * because the socket could not take them, last id, 1). Per network namespace.
 */
public final class KernelQueueStats {
  public static final Path DEFAULT = Path.of("/proc/net/netfilter/nfnetlink_queue");

  /** One queue's line. */
  public record Queue(int queue, long waiting, long droppedFull, long droppedUser) {}

  private final Path file;

  public KernelQueueStats(Path file) {
    this.file = file;
  }

  /** The queues listed now; empty when the file cannot be read. Malformed lines are skipped. */
  public Map<Integer, Queue> read() {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException | RuntimeException e) {
      return Map.of();
    }
    return parse(lines);
  }

  static Map<Integer, Queue> parse(List<String> lines) {
    Map<Integer, Queue> out = new HashMap<>();
    for (String line : lines) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 7) continue;
      try {
        int q = Integer.parseInt(f[0]);
        out.put(q, new Queue(q, Long.parseLong(f[2]), Long.parseLong(f[5]), Long.parseLong(f[6])));
      } catch (NumberFormatException e) {
        // not a queue line
      }
    }
    return out;
  }
}
