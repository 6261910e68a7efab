package dev.seawall.analyze;

import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.FlowSink;
import dev.seawall.engine.PacketInspector;
import dev.seawall.engine.capture.CaptureRecord;
import dev.seawall.engine.packet.DecodeStatus;
import dev.seawall.engine.packet.Packet;
import dev.seawall.engine.packet.PacketDecoder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Spreads frames over worker threads, each with its own inspector. The shard is a symmetric hash
 * of the address pair, so both directions of a flow, and every fragment of a datagram, reach the
 * same worker (the kernel's NFQUEUE balancing hashes the same way). Frames travel in recycled
 * batches: the steady state allocates nothing.
 */
final class ShardedInspection implements CaptureAnalysis.Inspection {
  private static final int BATCH_BYTES = 1 << 20;
  private static final int BATCH_FRAMES = 4096;
  private static final int BATCHES_PER_WORKER = 4;

  private final PacketDecoder decoder = new PacketDecoder();
  private final Packet packet = new Packet();
  private final Worker[] workers;
  private final Batch[] filling;

  ShardedInspection(EngineConfig config, int threads, FlowSink sink) {
    EngineConfig perWorker = config.withMaxFlows(Math.max(16, config.maxFlows() / threads));
    workers = new Worker[threads];
    filling = new Batch[threads];
    for (int i = 0; i < threads; i++) {
      workers[i] = new Worker(new PacketInspector(perWorker, sink), "seawall-worker-" + i);
      workers[i].thread.start();
      filling[i] = workers[i].takeFree();
    }
  }

  @Override
  public void accept(CaptureRecord r) {
    DecodeStatus s = decoder.decode(r.buffer, r.offset, r.length, r.linkType, packet);
    int shard = 0;
    if (s == DecodeStatus.OK || s == DecodeStatus.FRAGMENT) {
      Packet p = packet;
      long x = (p.srcLo ^ p.dstLo) * 0x9E3779B97F4A7C15L + ((p.srcHi ^ p.dstHi) * 0xC2B2AE3D27D4EB4FL)
          + (p.srcLo + p.dstLo);
      x ^= x >>> 33;
      shard = (int) Long.remainderUnsigned(x * 0xFF51AFD7ED558CCDL, workers.length);
    }
    Batch b = filling[shard];
    if (!b.fits(r.length)) {
      workers[shard].submit(b);
      b = filling[shard] = workers[shard].takeFree();
    }
    b.add(r);
  }

  @Override
  public void endOfFile() {
    for (int i = 0; i < workers.length; i++) {
      if (filling[i].count > 0) {
        workers[i].submit(filling[i]);
        filling[i] = workers[i].takeFree();
      }
    }
    CountDownLatch drained = new CountDownLatch(workers.length);
    for (Worker w : workers) w.submit(Batch.drain(drained));
    awaitUninterruptibly(drained);
    for (Worker w : workers) {
      if (w.failure != null) throw new IllegalStateException("analysis worker failed", w.failure);
    }
  }

  @Override
  public long[] decodeCounts() {
    long[] out = new long[DecodeStatus.values().length];
    for (Worker w : workers) {
      for (DecodeStatus s : DecodeStatus.values()) out[s.ordinal()] += w.inspector.decodeCount(s);
    }
    return out;
  }

  @Override
  public void close() {
    for (Worker w : workers) w.submit(Batch.STOP);
    for (Worker w : workers) {
      try {
        w.thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** Frames copied out of the reader's buffer, handed to one worker. */
  private static final class Batch {
    static final Batch STOP = new Batch(0, 0, null);

    final byte[] data;
    final int[] offset, length, wireLength, linkType;
    final long[] timestamp;
    final CountDownLatch drained;
    int count;
    int used;

    Batch(int bytes, int frames, CountDownLatch drained) {
      data = new byte[bytes];
      offset = new int[frames];
      length = new int[frames];
      wireLength = new int[frames];
      linkType = new int[frames];
      timestamp = new long[frames];
      this.drained = drained;
    }

    static Batch drain(CountDownLatch latch) {
      return new Batch(0, 0, latch);
    }

    boolean fits(int frameLength) {
      return count < offset.length && used + frameLength <= data.length;
    }

    void add(CaptureRecord r) {
      if (r.length > data.length) return; // larger than a batch: cannot be a real frame here
      System.arraycopy(r.buffer, r.offset, data, used, r.length);
      offset[count] = used;
      length[count] = r.length;
      wireLength[count] = r.wireLength;
      linkType[count] = r.linkType;
      timestamp[count] = r.timestampNanos;
      used += r.length;
      count++;
    }
  }

  private static final class Worker implements Runnable {
    final PacketInspector inspector;
    final Thread thread;
    final BlockingQueue<Batch> work = new ArrayBlockingQueue<>(BATCHES_PER_WORKER + 2);
    final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES_PER_WORKER);
    volatile Throwable failure;

    Worker(PacketInspector inspector, String name) {
      this.inspector = inspector;
      this.thread = new Thread(this, name);
      this.thread.setDaemon(true);
      for (int i = 0; i < BATCHES_PER_WORKER; i++) free.add(new Batch(BATCH_BYTES, BATCH_FRAMES, null));
    }

    Batch takeFree() {
      try {
        return free.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for an analysis worker", e);
      }
    }

    void submit(Batch b) {
      try {
        work.put(b);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while handing frames to an analysis worker", e);
      }
    }

    @Override
    public void run() {
      while (true) {
        Batch b;
        try {
          b = work.take();
        } catch (InterruptedException e) {
          return;
        }
        if (b == Batch.STOP) return;
        if (b.drained != null) {
          try {
            inspector.drain();
          } catch (RuntimeException | Error e) {
            failure = e;
          }
          b.drained.countDown();
          continue;
        }
        try {
          for (int i = 0; i < b.count; i++) {
            inspector.process(b.data, b.offset[i], b.length[i], b.wireLength[i], b.linkType[i], b.timestamp[i]);
          }
        } catch (RuntimeException | Error e) {
          failure = e;
        }
        b.count = 0;
        b.used = 0;
        free.add(b);
      }
    }
  }
}
