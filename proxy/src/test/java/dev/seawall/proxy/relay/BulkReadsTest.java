package dev.seawall.proxy.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import org.junit.jupiter.api.Test;

class BulkReadsTest {
  private static final long MIB = 1 << 20;

  @Test
  void readsAreNettysSizeUntilBulkThenOneMebibyte() {
    BulkReads policy = new BulkReads();
    RecvByteBufAllocator.Handle h = policy.newHandle();
    var alloc = new UnpooledByteBufAllocator(true);
    ByteBuf before = h.allocate(alloc);
    assertThat(before.capacity()).isLessThanOrEqualTo(64 * 1024);
    before.release();
    policy.bulk();
    assertThat(h.guess()).isEqualTo(BulkReads.BYTES);
    ByteBuf after = h.allocate(alloc);
    assertThat(after.capacity()).isEqualTo(BulkReads.BYTES);
    assertThat(after.isDirect()).isTrue();
    after.release();
  }

  @Test
  void bulkReadsStopPastHalfTheDirectMemoryLimit() {
    long max = 64 * MIB;
    assertThat(BulkReads.roomFor(0, max)).isTrue();
    assertThat(BulkReads.roomFor(31 * MIB, max)).as("ends exactly at half").isTrue();
    assertThat(BulkReads.roomFor(31 * MIB + 1, max)).isFalse();
    assertThat(BulkReads.roomFor(60 * MIB, max)).isFalse();
    assertThat(BulkReads.roomFor(-1, max)).as("usage unknown").isTrue();
    assertThat(BulkReads.roomFor(60 * MIB, -1)).as("no known limit").isTrue();
  }
}
