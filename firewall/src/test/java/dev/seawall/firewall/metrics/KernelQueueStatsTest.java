package dev.seawall.firewall.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KernelQueueStatsTest {
  @Test
  void parsesProcLinesAndSkipsOthers() {
    var q = KernelQueueStats.parse(List.of(
        "    0  31265     3 2  4096     7     2        0  1",
        "    1 3441327261     0 2  4096     0     0      812  1",
        "garbage line",
        ""));
    assertThat(q).hasSize(2);
    assertThat(q.get(0)).isEqualTo(new KernelQueueStats.Queue(0, 3, 7, 2));
    assertThat(q.get(1).droppedFull()).isZero();
  }
}
