package dev.seawall.proxy.relay;

import dev.seawall.engine.name.ServerName;
import dev.seawall.proxy.BulkRelay;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A TCP relay between a client and the destination (CONNECT) or an incoming peer (BIND). Until the
 * engine's verdict is final, every read is shown to it first: BitTorrent closes both connections,
 * anything else is forwarded. With a court-order blocklist of names, the client's first bytes are
 * held until their SNI or Host header has been checked. Once clean, Netty's buffers are forwarded
 * without copying them; a direction that goes on to carry {@link #BULK_AFTER} bytes turns bulk: it
 * reads 1 MiB at a time ({@link BulkReads}) or, with {@link BulkRelay#SPLICE}, is handed to kernel
 * splice (epoll). Short exchanges keep Netty's small adaptive buffers and never pay for the two
 * pipes, their system calls and epoll changes that splice costs to set up and tear down.
 *
 * <p>Memory per direction is bounded by the write-buffer high-water mark plus one read: when the
 * receiving side cannot keep up, reading from the sending side stops until it drains. Runs on one
 * event loop (both channels are registered on it).
 */
final class Tunnel {
  static final int CLIENT = 0, SERVER = 1;
  /** Clean bytes a direction carries in Netty's adaptive buffers before it turns bulk. */
  static final long BULK_AFTER = 128 * 1024;

  private final ProxyContext px;
  private final Channel[] ch = new Channel[2];
  private final Runnable onClose;
  private final Inspector insp;
  private int flow;
  private ByteBuf held;
  private boolean sniffing;
  private final boolean[] inputDone = new boolean[2];
  private final boolean[] draining = new boolean[2];
  private final boolean[] pausedByUs = new boolean[2];
  private final boolean[] bulk = new boolean[2];
  private final boolean[] spliceSide = new boolean[2];
  private final boolean[] outputDone = new boolean[2];
  private final long[] clean = new long[2];
  private boolean closed;
  private long lastRead;
  private ScheduledFuture<?> idleCheck;

  /**
   * @param flow engine flow opened for this relay, or -1 when not inspected
   * @param sniff hold the client's first bytes until their SNI/Host has been checked
   * @param onClose run once when the relay ends (releases limits)
   */
  Tunnel(ProxyContext px, Channel client, Channel server, Inspector insp, int flow, boolean sniff, Runnable onClose) {
    this.px = px;
    this.ch[CLIENT] = client;
    this.ch[SERVER] = server;
    this.insp = insp;
    this.flow = flow;
    this.sniffing = sniff;
    this.onClose = onClose;
  }

  /**
   * Installs the relay; {@code pending} are client bytes that arrived with the request (or null),
   * {@code clientEof} whether the client's FIN came with them.
   */
  void start(ByteBuf pending, boolean clientEof) {
    EpollPin.pin(ch[CLIENT]);
    EpollPin.pin(ch[SERVER]);
    ch[CLIENT].pipeline().addLast("relay", new Side(CLIENT));
    ch[SERVER].pipeline().addLast("relay", new Side(SERVER));
    lastRead = System.nanoTime();
    scheduleIdle(px.config.idleTimeout().toNanos());
    if (pending != null) {
      if (pending.isReadable()) {
        read(CLIENT, pending);
        ch[SERVER].flush();
      } else {
        pending.release();
      }
    }
    if (closed) return;
    try {
      if (!clientEof) ch[CLIENT].config().setAutoRead(true);
      ch[SERVER].config().setAutoRead(true);
    } catch (java.io.UncheckedIOException e) {
      close(); // a peer that closed before the relay started (see EpollPin)
      return;
    }
    if (clientEof) inputShutdown(CLIENT);
  }

  private void read(int side, ByteBuf buf) {
    if (closed) {
      buf.release();
      return;
    }
    lastRead = System.nanoTime();
    if (side == CLIENT && sniffing) {
      buf = sniff(buf);
      if (buf == null) return;
    }
    if (flow >= 0) {
      int st = insp.stream(flow, side, buf);
      if (Inspector.bittorrent(st)) {
        px.metrics.bittorrent("tcp", insp.kind(flow));
        buf.release();
        close();
        return;
      }
      if (Inspector.finished(st)) {
        insp.close(flow);
        flow = -1;
      }
    } else if (!sniffing) {
      clean[side] += buf.readableBytes();
    }
    Channel to = ch[1 - side];
    to.write(buf, to.voidPromise());
    if (!to.isWritable()) {
      pausedByUs[side] = true;
      ch[side].config().setAutoRead(false);
    }
  }

  /** Client bytes held at most while looking for a name (a TLS record's largest size, and its header). */
  private static final int SNIFF_LIMIT = 16 * 1024 + 5;

  /** Holds client bytes until a name is found or ruled out; returns what to forward, or null. */
  private ByteBuf sniff(ByteBuf buf) {
    if (held == null) {
      held = Unpooled.buffer(Math.max(buf.readableBytes(), 1024));
    }
    held.writeBytes(buf);
    buf.release();
    int n = Math.min(held.readableBytes(), SNIFF_LIMIT);
    byte[] a = held.array();
    int from = held.arrayOffset() + held.readerIndex();
    long found = ServerName.find(a, from, from + n);
    if (found == ServerName.INCOMPLETE && n < SNIFF_LIMIT && !inputDone[CLIENT]) return null;
    sniffing = false;
    ByteBuf out = held;
    held = null;
    if (ServerName.isFound(found) && blocked(a, ServerName.at(found), ServerName.length(found))) {
      px.metrics.refused((out.getUnsignedByte(out.readerIndex()) == 0x16) ? "blocklist_sni" : "blocklist_host");
      out.release();
      close();
      return null;
    }
    return out;
  }

  private boolean blocked(byte[] b, int at, int length) {
    var list = px.blocklist();
    if (list.blocksName(b, at, length)) return true;
    if (!list.hasAddresses()) return false;
    String name = new String(b, at, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (name.indexOf(':') >= 0 || Character.isDigit(name.charAt(0))) {
      try {
        return list.blocksAddress(java.net.InetAddress.ofLiteral(name));
      } catch (IllegalArgumentException notLiteral) {
        return false;
      }
    }
    return false;
  }

  private void readComplete(int side) {
    if (closed) return;
    ch[1 - side].flush();
    if (draining[side]) {
      checkDrained(side);
    } else if (outputDone[side] && !spliceSide[side] && endOfInput(side)) {
      // The last FIN of the connection: finish now. Netty's own end-of-input handling, which
      // follows, would shut down the input of a socket that is already closing, and pay for a
      // NotYetConnectedException with a stack trace on every connection.
      inputShutdown(side);
      return;
    }
    maybeBulk(side);
  }

  /** Whether the read that just completed on {@code side} ended at the peer's FIN. */
  private boolean endOfInput(int side) {
    return ch[side].unsafe().recvBufAllocHandle().lastBytesRead() < 0;
  }

  /** A clean direction that keeps carrying data turns bulk (if its input is still open). */
  private void maybeBulk(int side) {
    if (bulk[side] || clean[side] < BULK_AFTER || closed || flow >= 0 || sniffing || inputDone[side]) return;
    boolean first = !bulk[CLIENT] && !bulk[SERVER];
    bulk[side] = true;
    if (ch[side].config().getRecvByteBufAllocator() instanceof BulkReads r) r.bulk();
    boolean splice = px.config.bulkRelay() == BulkRelay.SPLICE && ReceiveQueue.available() && EpollPin.available()
        && Transport.canSplice(ch[CLIENT], ch[SERVER]);
    if (first) (splice ? px.metrics.bulkSpliced : px.metrics.bulkCopied).increment();
    if (splice) splice(side);
  }

  private void splice(int side) {
    spliceSide[side] = true;
    BulkSplice.enlargePipe((AbstractEpollStreamChannel) ch[1 - side]);
    ((AbstractEpollStreamChannel) ch[side]).spliceTo((AbstractEpollStreamChannel) ch[1 - side], Integer.MAX_VALUE)
        .addListener((ChannelFutureListener) f -> {
          if (!f.isSuccess()) close();
        });
    // Reads may have been paused for back-pressure before the switch; splice manages it from now on.
    if (pausedByUs[side] && ch[1 - side].isWritable()) {
      pausedByUs[side] = false;
      ch[side].config().setAutoRead(true);
    }
  }

  private void inputShutdown(int side) {
    if (inputDone[side] || closed) return;
    if (side == CLIENT && sniffing) {
      inputDone[CLIENT] = true; // lets sniff() decide with what it has
      ByteBuf out = sniff(Unpooled.EMPTY_BUFFER);
      inputDone[CLIENT] = false;
      if (closed) return;
      if (out != null) {
        read(CLIENT, out);
        if (closed) return;
      }
    }
    if (spliceSide[side]) {
      draining[side] = true;
      checkDrained(side);
    } else {
      finishInput(side);
    }
  }

  /** Splice reports the FIN before the bytes ahead of it are spliced: wait for an empty queue. */
  private void checkDrained(int side) {
    int fd = ((AbstractEpollStreamChannel) ch[side]).fd().intValue();
    if (ReceiveQueue.unread(fd) > 0) return; // the next splice round reads more
    draining[side] = false;
    ch[side].config().setAutoRead(false); // stop the level-triggered EOF wake-ups
    finishInput(side);
  }

  private void finishInput(int side) {
    inputDone[side] = true;
    int other = 1 - side;
    Channel to = ch[other];
    if (inputDone[other]) {
      if (nothingQueued(to)) {
        close();
      } else {
        to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> close());
      }
    } else if (nothingQueued(to)) {
      shutdownOutput(other);
    } else {
      to.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
        if (f.isSuccess()) {
          shutdownOutput(other);
        } else {
          close();
        }
      });
    }
  }

  /** Whether everything written to {@code c} has reached its socket (nothing to wait for). */
  private static boolean nothingQueued(Channel c) {
    var out = c.unsafe().outboundBuffer();
    return out != null && out.isEmpty();
  }

  /**
   * Sends the FIN on {@code ch[i]}. With epoll the socket is shut down directly: Netty's
   * shutdownOutput() builds a ChannelOutputShutdownException, stack trace included, on every call.
   * Nothing is written to the channel afterwards (its source has ended).
   */
  private void shutdownOutput(int i) {
    Channel c = ch[i];
    if (closed || !c.isActive()) {
      close();
      return;
    }
    outputDone[i] = true;
    if (c instanceof AbstractEpollStreamChannel e && e.fd() instanceof Socket s) {
      try {
        s.shutdown(false, true);
      } catch (java.io.IOException | RuntimeException ex) {
        close();
      }
    } else if (c instanceof DuplexChannel d) {
      d.shutdownOutput();
    } else {
      close();
    }
  }

  private void scheduleIdle(long delayNanos) {
    idleCheck = ch[CLIENT].eventLoop().schedule(this::idleCheck, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void idleCheck() {
    if (closed) return;
    long limit = px.config.idleTimeout().toNanos();
    long idle = System.nanoTime() - lastRead;
    if (spliceSide[CLIENT] || spliceSide[SERVER]) {
      // Spliced bytes never reach Java: ask the kernel when each socket last received data.
      for (Channel c : ch) {
        if (c instanceof EpollSocketChannel e && e.isActive()) {
          idle = Math.min(idle, TimeUnit.MILLISECONDS.toNanos(e.tcpInfo().lastDataRecv()));
        }
      }
    }
    if (idle >= limit) {
      px.metrics.idleTimeouts.increment();
      close();
    } else {
      scheduleIdle(limit - idle);
    }
  }

  void close() {
    if (closed) return;
    closed = true;
    if (idleCheck != null) idleCheck.cancel(false);
    if (flow >= 0) {
      insp.close(flow);
      flow = -1;
    }
    if (held != null) {
      held.release();
      held = null;
    }
    ch[CLIENT].close();
    ch[SERVER].close();
    onClose.run();
  }

  private final class Side extends ChannelInboundHandlerAdapter {
    private final int side;

    Side(int side) {
      this.side = side;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b) {
        read(side, b);
      } else {
        io.netty.util.ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      readComplete(side);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      int other = 1 - side;
      if (ctx.channel().isWritable() && pausedByUs[other] && !inputDone[other]) {
        pausedByUs[other] = false;
        ch[other].config().setAutoRead(true);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) inputShutdown(side);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      close(); // no log: the cause could name the destination
    }
  }
}
