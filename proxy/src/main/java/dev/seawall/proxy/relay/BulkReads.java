package dev.seawall.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;
import io.netty.util.internal.PlatformDependent;

/**
 * A channel's read-size policy: Netty's adaptive one (64 KiB at most) until the direction read from
 * it turns bulk, then {@link #BYTES} per read, and per splice call when it is spliced. Netty's sizes
 * suit short exchanges; for a bulk transfer they cost an epoll wake-up, a read and a write per
 * 64 KiB, and a single relayed stream ran no faster than through Dante; with 1 MiB reads it ran at
 * 1.5-1.7x Dante's rate (BENCHMARKS.md, SOCKS5 proxy). Memory stays bounded: a bulk direction holds
 * at most one read until the other side has taken it, because reading stops above the write-buffer
 * high-water mark. Under memory pressure (the allocator's direct memory past half the limit, as with
 * thousands of stalled bulk relays) bulk reads fall back to Netty's sizes rather than fail and close
 * relays. One instance per channel.
 */
final class BulkReads implements RecvByteBufAllocator {
  /** Bytes per read (or splice) once a direction is bulk. */
  static final int BYTES = 1 << 20;

  private static final AdaptiveRecvByteBufAllocator ADAPTIVE = new AdaptiveRecvByteBufAllocator();
  private static final long MAX_DIRECT = PlatformDependent.maxDirectMemory();
  private boolean bulk;

  /** The direction read from this channel is bulk from now on. */
  void bulk() {
    bulk = true;
  }

  /**
   * Whether a bulk read fits: {@code used} direct memory (negative: unknown) stays at most half of
   * {@code max} (not positive: no limit known) after it.
   */
  static boolean roomFor(long used, long max) {
    return used < 0 || max <= 0 || used + BYTES <= max / 2;
  }

  private static long used(ByteBufAllocator alloc) {
    return alloc instanceof ByteBufAllocatorMetricProvider m ? m.metric().usedDirectMemory() : -1;
  }

  @Override
  public Handle newHandle() {
    return new BulkHandle((ExtendedHandle) ADAPTIVE.newHandle());
  }

  private final class BulkHandle implements ExtendedHandle {
    private final ExtendedHandle d;

    BulkHandle(ExtendedHandle d) {
      this.d = d;
    }

    @Override
    public int guess() {
      return bulk ? BYTES : d.guess();
    }

    @Override
    public ByteBuf allocate(ByteBufAllocator alloc) {
      return bulk && roomFor(used(alloc), MAX_DIRECT) ? alloc.ioBuffer(BYTES) : d.allocate(alloc);
    }

    @Override
    public void reset(ChannelConfig config) {
      d.reset(config);
    }

    @Override
    public void incMessagesRead(int numMessages) {
      d.incMessagesRead(numMessages);
    }

    @Override
    public void lastBytesRead(int bytes) {
      d.lastBytesRead(bytes);
    }

    @Override
    public int lastBytesRead() {
      return d.lastBytesRead();
    }

    @Override
    public void attemptedBytesRead(int bytes) {
      d.attemptedBytesRead(bytes);
    }

    @Override
    public int attemptedBytesRead() {
      return d.attemptedBytesRead();
    }

    @Override
    public boolean continueReading() {
      return d.continueReading();
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
      return d.continueReading(maybeMoreDataSupplier);
    }

    @Override
    public void readComplete() {
      d.readComplete();
    }
  }
}
