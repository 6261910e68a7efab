package dev.seawall.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowTableTest {
  private final List<Integer> ended = new ArrayList<>();
  private final List<FlowTable.EndReason> reasons = new ArrayList<>();

  private FlowTable table(int capacity) {
    return new FlowTable(capacity, (flow, reason) -> {
      ended.add(flow);
      reasons.add(reason);
    });
  }

  private static long[] key(int i) {
    return new long[] {0, 0x0000_ffff_0a00_0000L | (i & 0xffff), 0, 0x0000_ffff_c0a8_0000L | (i >>> 16),
        FlowTable.portsWord(1024 + (i & 0x3ff), 80, 6)};
  }

  private static int find(FlowTable t, long[] k) {
    return t.find(k[0], k[1], k[2], k[3], k[4], FlowTable.hash(k[0], k[1], k[2], k[3], k[4]));
  }

  private static int insert(FlowTable t, long[] k, long now) {
    return t.insert(k[0], k[1], k[2], k[3], k[4], FlowTable.hash(k[0], k[1], k[2], k[3], k[4]), true, now);
  }

  @Test
  void agreesWithAMapUnderRandomInsertsAndRemovals() {
    agreesWithAMap(1024, 900);
  }

  @Test
  void agreesWithAMapWhileGrowingPastItsFirstSize() {
    FlowTable t = agreesWithAMap(20_000, 15_000); // the index is rehashed at each doubling on the way
    assertThat(t.allocatedFlows()).isGreaterThan(FlowSlots.INITIAL).isLessThanOrEqualTo(16_384);
  }

  private FlowTable agreesWithAMap(int capacity, int keys) {
    FlowTable t = table(capacity);
    Map<Integer, Integer> model = new HashMap<>(); // key index -> flow id
    Random random = new Random(7);
    for (int step = 0; step < 200_000; step++) {
      int k = random.nextInt(keys);
      long[] key = key(k * 7919);
      Integer expected = model.get(k);
      int found = find(t, key);
      assertThat(found).isEqualTo(expected == null ? -1 : expected);
      if (expected == null) {
        model.put(k, insert(t, key, step));
      } else if (random.nextInt(3) == 0) {
        t.remove(expected, FlowTable.EndReason.REUSED);
        model.remove(k);
      }
      assertThat(t.size()).isEqualTo(model.size());
    }
    for (Map.Entry<Integer, Integer> e : model.entrySet()) {
      long[] key = key(e.getKey() * 7919);
      assertThat(t.keyWord(e.getValue(), 1)).isEqualTo(key[1]);
      assertThat(t.keyWord(e.getValue(), 4)).isEqualTo(key[4]);
    }
    return t;
  }

  @Test
  void idleFlowsExpireOldestFirstAndActiveOnesStay() {
    FlowTable t = table(64);
    int a = insert(t, key(1), 0);
    int b = insert(t, key(2), 10);
    int c = insert(t, key(3), 20);
    for (int f : new int[] {a, b, c}) t.setTimeout(f, 100);
    t.touch(a, 50); // a is now the most recent
    assertThat(t.expire(115, 10)).isEqualTo(1); // only b (last seen 10) is idle > 100
    assertThat(ended).containsExactly(b);
    assertThat(t.expire(200, 10)).isEqualTo(2);
    assertThat(ended).containsExactly(b, c, a);
    assertThat(reasons).containsOnly(FlowTable.EndReason.IDLE);
    assertThat(t.size()).isZero();
  }

  @Test
  void fullTableEvictsLeastRecentlyActive() {
    FlowTable t = table(16);
    int[] ids = new int[16];
    for (int i = 0; i < 16; i++) ids[i] = insert(t, key(i), i);
    t.touch(ids[0], 100);
    insert(t, key(100), 101);
    assertThat(ended).containsExactly(ids[1]);
    assertThat(reasons).containsExactly(FlowTable.EndReason.EVICTED);
    assertThat(t.evictedCount()).isEqualTo(1);
    assertThat(find(t, key(0))).isEqualTo(ids[0]);
    assertThat(find(t, key(1))).isEqualTo(-1);
  }

  @Test
  void floodOfOnePacketFlowsKeepsMemoryFlatAndCountsEvictions() {
    int capacity = 65_536;
    FlowTable t = table(capacity);
    assertThat(t.footprintBytes()).isLessThan(t.fullFootprintBytes() / 32); // sized for the first flows only
    int flows = 3_000_000;
    for (int i = 0; i < flows; i++) {
      long[] k = key(i);
      if (find(t, k) < 0) insert(t, k, i);
      if (i == capacity) assertThat(t.footprintBytes()).isEqualTo(t.fullFootprintBytes()); // grown to the cap
    }
    assertThat(t.size()).isEqualTo(capacity);
    assertThat(t.evictedCount()).isEqualTo(t.createdCount() - capacity);
    assertThat(t.createdCount()).isGreaterThan(flows / 2); // keys repeat only where (i & 0x3ff) and i collide
    assertThat(t.footprintBytes()).isEqualTo(t.fullFootprintBytes()); // and no further
    ended.clear();
    t.drain();
    assertThat(ended).hasSize(capacity);
  }
}
