package dev.seawall.proxy.relay;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorChooserFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Chooses the event loop of each accepted connection: the loop that carries the fewest live
 * connections, and among those the accepting loop itself. Netty's round-robin hands every other
 * connection to another loop, which costs an eventfd write and a wake-up of that loop's thread per
 * connection; a client that opens connections one after another then keeps both loops waking up.
 * Here such a client stays on the accepting loop, while concurrent connections (and long transfers)
 * still spread evenly over the loops.
 */
public final class LoopSpread implements EventExecutorChooserFactory {
  private volatile EventExecutor[] loops = new EventExecutor[0];
  private volatile AtomicIntegerArray live = new AtomicIntegerArray(0);
  private final AtomicInteger rotate = new AtomicInteger();

  @Override
  public EventExecutorChooser newChooser(EventExecutor[] executors) {
    loops = executors.clone();
    live = new AtomicIntegerArray(executors.length);
    return this::next;
  }

  private EventExecutor next() {
    EventExecutor[] l = loops;
    int n = l.length;
    if (n == 1) return l[0];
    int here = current();
    // Outside the loops (registering the listening socket): plain rotation.
    int best = here >= 0 ? here : Math.floorMod(rotate.getAndIncrement(), n);
    int fewest = live.get(best);
    for (int i = 0; i < n; i++) {
      int c = live.get(i);
      if (c < fewest) {
        fewest = c;
        best = i;
      }
    }
    return l[best];
  }

  /** Index of the calling event loop, or -1 when called from elsewhere. */
  int current() {
    EventExecutor[] l = loops;
    for (int i = 0; i < l.length; i++) {
      if (l[i].inEventLoop()) return i;
    }
    return -1;
  }

  /** Live connections per loop, in loop order (metrics and tests). */
  public int[] live() {
    AtomicIntegerArray l = live;
    int[] out = new int[l.length()];
    for (int i = 0; i < out.length; i++) out[i] = l.get(i);
    return out;
  }

  /** A connection starts on the calling loop (index from {@link #current}). */
  void opened(int loop) {
    if (loop >= 0) live.incrementAndGet(loop);
  }

  /** A connection counted by {@link #opened} ended. */
  void closed(int loop) {
    if (loop >= 0) live.decrementAndGet(loop);
  }
}
