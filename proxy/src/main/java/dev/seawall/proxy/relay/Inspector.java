package dev.seawall.proxy.relay;

import dev.seawall.engine.StreamInspector;
import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.detect.Kind;
import io.netty.buffer.ByteBuf;

/**
 * One event loop's engine: a {@link StreamInspector} and a scratch buffer to show it bytes that
 * Netty read into direct memory. Used only on its loop's thread.
 */
public final class Inspector {
  private final StreamInspector engine;
  private final byte[] scratch = new byte[64 * 1024];

  Inspector(StreamInspector engine) {
    this.engine = engine;
  }

  /** See {@link StreamInspector#open}; -1 when full. */
  public int open(boolean tcp, long[] client, int clientPort, long[] server, int serverPort) {
    return engine.open(tcp, client[0], client[1], clientPort, server[0], server[1], serverPort, System.nanoTime());
  }

  /** Shows a TCP read to the engine; returns the flow's state (Classifier value | FINISHED). */
  public int stream(int flow, int direction, ByteBuf buf) {
    return feed(flow, direction, buf, true);
  }

  /** Shows one datagram's payload; returns the flow's state. */
  public int datagram(int flow, int direction, ByteBuf buf) {
    return feed(flow, direction, buf, false);
  }

  private int feed(int flow, int direction, ByteBuf buf, boolean tcp) {
    long now = System.nanoTime();
    int idx = buf.readerIndex(), left = buf.readableBytes();
    if (left == 0) return engine.state(flow);
    if (buf.hasArray()) {
      int off = buf.arrayOffset() + idx;
      return tcp ? engine.data(flow, direction, buf.array(), off, left, now)
          : engine.datagram(flow, direction, buf.array(), off, left, now);
    }
    int state = 0;
    while (left > 0) {
      int n = Math.min(left, scratch.length);
      buf.getBytes(idx, scratch, 0, n);
      state = tcp ? engine.data(flow, direction, scratch, 0, n, now) : engine.datagram(flow, direction, scratch, 0, n, now);
      if ((state & dev.seawall.engine.PacketInspector.FINISHED) != 0 || !tcp) break;
      idx += n;
      left -= n;
    }
    return state;
  }

  public int state(int flow) {
    return engine.state(flow);
  }

  public static boolean bittorrent(int state) {
    return (state & 3) == Classifier.BITTORRENT;
  }

  public static boolean finished(int state) {
    return (state & dev.seawall.engine.PacketInspector.FINISHED) != 0;
  }

  /** The verdict's kind label, for metrics ("unknown" if the engine named none). */
  public String kind(int flow) {
    Kind k = engine.classifier().kind(flow);
    return k == null ? "unknown" : k.label();
  }

  public void close(int flow) {
    engine.close(flow);
  }

  public int openFlows() {
    return engine.openFlows();
  }
}
