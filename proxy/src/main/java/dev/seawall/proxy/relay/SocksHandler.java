package dev.seawall.proxy.relay;

import dev.seawall.engine.packet.Addresses;
import dev.seawall.proxy.socks.Command;
import dev.seawall.proxy.socks.Credentials;
import dev.seawall.proxy.socks.Greeting;
import dev.seawall.proxy.socks.Reply;
import dev.seawall.proxy.socks.Request;
import dev.seawall.proxy.socks.SocksCodec;
import dev.seawall.proxy.socks.SocksException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One client connection from accept until its relay is set up: method selection, RFC 1929
 * authentication, the request, and the destination checks. Every refusal sends the protocol's
 * reply (where there is one), counts the reason, and closes; nothing is logged. The whole
 * handshake must finish within the handshake timeout, however slowly the bytes trickle in.
 */
public final class SocksHandler extends ChannelInboundHandlerAdapter {
  private enum State { GREETING, AUTH, REQUEST, WAIT, DONE }

  private static final int MAX_CONNECT_ATTEMPTS = 3;
  /**
   * Bytes a client may send after its request, before the reply, that are kept for the relay.
   * Reads stay on while the request is served (pausing and resuming them would cost two
   * {@code epoll_ctl} per connection); only a client that sends this much is paused.
   */
  static final int MAX_EARLY_BYTES = 64 * 1024;

  private final ProxyContext px;
  private ChannelHandlerContext ctx;
  private State state = State.GREETING;
  private ByteBuf cum;
  private ScheduledFuture<?> timeout;
  private boolean connectionHeld, released, clientEof;
  private String principal;
  private int version = 5;
  private int loop = -1;

  public SocksHandler(ProxyContext px) {
    this.px = px;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    px.metrics.accepted.increment();
    px.metrics.active.incrementAndGet();
    loop = px.connectionOpened();
    if (!px.limits.acquire()) {
      px.metrics.refused("max_connections");
      ctx.close();
      return;
    }
    connectionHeld = true;
    timeout = ctx.executor().schedule(() -> {
      if (state != State.DONE && ctx.channel().isActive()) {
        px.metrics.refused("handshake_timeout");
        ctx.close();
      }
    }, px.config.handshakeTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in)) {
      io.netty.util.ReferenceCountUtil.release(msg);
      return;
    }
    if (cum != null) {
      ByteBuf merged = ctx.alloc().heapBuffer(cum.readableBytes() + in.readableBytes());
      merged.writeBytes(cum).writeBytes(in);
      cum.release();
      in.release();
      in = merged;
      cum = null;
    }
    consume(in);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  /** Parses as many messages as {@code in} holds; keeps the rest. Takes ownership of {@code in}. */
  private void consume(ByteBuf in) {
    try {
      while (in.isReadable() && (state == State.GREETING || state == State.AUTH || state == State.REQUEST)) {
        if (!step(in)) break;
      }
    } catch (SocksException e) {
      in.release();
      refuse(e);
      return;
    }
    if (in.isReadable() && ctx.channel().isActive()) {
      cum = in;
      if (state == State.WAIT && in.readableBytes() >= MAX_EARLY_BYTES) ctx.channel().config().setAutoRead(false);
    } else {
      in.release();
    }
  }

  /** One message; false when it is incomplete or the state changed to waiting. */
  private boolean step(ByteBuf in) throws SocksException {
    switch (state) {
      case GREETING -> {
        int v = in.getUnsignedByte(in.readerIndex());
        if (v == 4) {
          if (!px.config.socks4() || px.auth != null) {
            throw new SocksException(Reply.GENERAL_FAILURE, "SOCKS4 is not enabled");
          }
          version = 4;
          Request r = SocksCodec.readSocks4(in);
          if (r == null) return false;
          if (!holdUser(clientAddress())) return false;
          request(r);
          return false;
        }
        Greeting g = SocksCodec.readGreeting(in);
        if (g == null) return false;
        if (px.auth != null ? !g.offersPassword() : !g.offersNoAuth()) {
          writeThenClose(SocksCodec.METHOD_NONE_ACCEPTABLE, 2, "no_acceptable_method");
          return false;
        }
        if (px.auth != null) {
          write(b -> SocksCodec.writeMethod(b, SocksCodec.METHOD_PASSWORD), 2);
          state = State.AUTH;
        } else {
          write(b -> SocksCodec.writeMethod(b, SocksCodec.METHOD_NO_AUTH), 2);
          if (!holdUser(clientAddress())) return false;
          state = State.REQUEST;
        }
        return true;
      }
      case AUTH -> {
        Credentials c = SocksCodec.readCredentials(in);
        if (c == null) return false;
        if (px.auth.remembered(c.user(), c.password())) return authenticated(c.user());
        state = State.WAIT;
        ctx.channel().config().setAutoRead(false);
        try {
          px.blocking.execute(() -> {
            boolean ok = px.auth.check(c.user(), c.password());
            ctx.executor().execute(() -> authChecked(c.user(), ok));
          });
        } catch (RejectedExecutionException e) {
          px.metrics.refused("auth_queue_full");
          write(b -> SocksCodec.writeAuthStatus(b, false), 2);
          closeAfterFlush();
        }
        return false;
      }
      case REQUEST -> {
        Request r = SocksCodec.readRequest(in);
        if (r == null) return false;
        request(r);
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  private void authChecked(String user, boolean ok) {
    if (!ctx.channel().isActive()) return;
    if (!ok) {
      px.metrics.refused("auth_failed");
      write(b -> SocksCodec.writeAuthStatus(b, false), 2);
      closeAfterFlush();
      return;
    }
    state = State.AUTH;
    if (authenticated(user)) {
      ByteBuf rest = cum;
      cum = null;
      if (rest != null) consume(rest);
    }
    ctx.flush();
    if (state == State.REQUEST) ctx.channel().config().setAutoRead(true);
  }

  private boolean authenticated(String user) {
    if (!holdUser(user)) {
      write(b -> SocksCodec.writeAuthStatus(b, false), 2);
      return false;
    }
    write(b -> SocksCodec.writeAuthStatus(b, true), 2);
    state = State.REQUEST;
    return true;
  }

  private boolean holdUser(String p) {
    if (!px.limits.acquireUser(p)) {
      px.metrics.refused("user_limit");
      if (version == 5 && state == State.GREETING) {
        closeAfterFlush(); // the method reply is out already; the request will never be answered
      } else if (version == 4) {
        reply(Reply.NOT_ALLOWED, null, 0);
        closeAfterFlush();
      } else {
        closeAfterFlush();
      }
      return false;
    }
    principal = p;
    return true;
  }

  private String clientAddress() {
    return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
  }

  // Requests.

  private void request(Request r) {
    state = State.WAIT;
    switch (r.command()) {
      case CONNECT -> Dialer.resolve(px, r.destination(), ctx.executor(), result -> {
        if (!ctx.channel().isActive()) return;
        switch (result) {
          case Dialer.Refused f -> refuseRequest(f.reply(), f.reason());
          case Dialer.Allowed a -> connect(a.addresses(), 0, r.destination().port());
        }
      });
      case BIND -> new BindSession(px, this, r).start();
      case UDP_ASSOCIATE -> {
        if (r.version() != 5) {
          refuseRequest(Reply.COMMAND_NOT_SUPPORTED, "command_unsupported");
        } else {
          new UdpAssociation(px, this, r).start();
        }
      }
    }
    ctx.flush();
  }

  private void connect(List<InetAddress> addresses, int attempt, int port) {
    InetSocketAddress target = new InetSocketAddress(addresses.get(attempt), port);
    Inspector insp = px.inspector();
    int flow = -1;
    if (insp != null) {
      flow = openFlow(insp, true, target);
      if (flow == -2) return;
    }
    int f = flow;
    ChannelFuture cf = px.config.external() != null
        ? px.tcpBootstrap(ctx.channel().eventLoop(), target.getAddress())
            .connect(target, new InetSocketAddress(px.config.external(), 0))
        : px.tcpBootstrap(ctx.channel().eventLoop(), target.getAddress()).connect(target);
    cf.addListener((ChannelFutureListener) done -> {
      if (!ctx.channel().isActive()) {
        done.channel().close();
        if (f >= 0) insp.close(f);
        return;
      }
      if (done.isSuccess()) {
        Channel server = done.channel();
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        established(server, insp, f, bound.getAddress(), bound.getPort());
        return;
      }
      if (f >= 0) insp.close(f);
      if (attempt + 1 < Math.min(addresses.size(), MAX_CONNECT_ATTEMPTS)) {
        connect(addresses, attempt + 1, port);
      } else {
        refuseRequest(replyFor(done.cause()), "connect_failed");
      }
    });
  }

  /**
   * Opens an engine flow from this client to {@code peer}: the flow id, -1 when not inspected, or
   * -2 when refused (engine full, or the peer is a learned BitTorrent peer).
   */
  int openFlow(Inspector insp, boolean tcp, InetSocketAddress peer) {
    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
    int flow = insp.open(tcp, Addresses.fromBytes(client.getAddress().getAddress()), client.getPort(),
        Addresses.fromBytes(peer.getAddress().getAddress()), peer.getPort());
    if (flow < 0) {
      refuseRequest(Reply.GENERAL_FAILURE, "engine_full");
      return -2;
    }
    int st = insp.state(flow);
    if (Inspector.bittorrent(st)) {
      px.metrics.bittorrent(tcp ? "tcp" : "udp", insp.kind(flow));
      insp.close(flow);
      refuseRequest(Reply.NOT_ALLOWED, "bittorrent");
      return -2;
    }
    return flow;
  }

  private static int replyFor(Throwable cause) {
    String m = String.valueOf(cause.getMessage());
    if (cause instanceof ConnectTimeoutException) return Reply.TTL_EXPIRED;
    if (cause instanceof NoRouteToHostException || m.contains("No route to host")) return Reply.HOST_UNREACHABLE;
    if (m.contains("Network is unreachable")) return Reply.NETWORK_UNREACHABLE;
    if (cause instanceof ConnectException) return Reply.CONNECTION_REFUSED;
    return Reply.GENERAL_FAILURE;
  }

  /** The destination connection is up: answer, then relay. */
  void established(Channel server, Inspector insp, int flow, InetAddress bound, int boundPort) {
    px.metrics.established.increment();
    reply(Reply.SUCCEEDED, bound, boundPort);
    Tunnel t = new Tunnel(px, ctx.channel(), server, insp, flow, px.blocklist().hasDomains(), this::release);
    ByteBuf pending = handOff();
    t.start(pending, clientEof);
    ctx.channel().flush();
  }

  /** Leaves the pipeline to a relay; returns bytes the client sent after its request, or null. */
  ByteBuf handOff() {
    state = State.DONE;
    if (timeout != null) timeout.cancel(false);
    ByteBuf pending = cum;
    cum = null;
    ctx.pipeline().remove(this);
    return pending;
  }

  /** Cancels the handshake timeout without leaving (BIND waits for its peer with its own timer). */
  void handshakeDone() {
    if (timeout != null) timeout.cancel(false);
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  /** Whether the client has sent its FIN already (it may, after its request, before the reply). */
  boolean clientEof() {
    return clientEof;
  }

  int version() {
    return version;
  }

  // Replies and refusals.

  void reply(int rep, InetAddress bound, int port) {
    if (version == 4) {
      write(b -> SocksCodec.writeSocks4Reply(b, rep == Reply.SUCCEEDED, bound, port), 8);
    } else {
      write(b -> SocksCodec.writeReply(b, rep, bound, port), 22);
    }
  }

  void refuseRequest(int rep, String reason) {
    px.metrics.refused(reason);
    reply(rep, null, 0);
    closeAfterFlush();
  }

  private void refuse(SocksException e) {
    px.metrics.refused("malformed");
    switch (state) {
      case GREETING -> {
        if (version == 4) {
          reply(e.reply(), null, 0);
        } else if (e.reply() != Reply.GENERAL_FAILURE) {
          reply(e.reply(), null, 0);
        } else {
          write(b -> SocksCodec.writeMethod(b, SocksCodec.METHOD_NONE_ACCEPTABLE), 2);
        }
      }
      case AUTH -> write(b -> SocksCodec.writeAuthStatus(b, false), 2);
      case REQUEST -> reply(e.reply(), null, 0);
      default -> {}
    }
    closeAfterFlush();
  }

  private void writeThenClose(int method, int size, String reason) {
    px.metrics.refused(reason);
    write(b -> SocksCodec.writeMethod(b, method), size);
    closeAfterFlush();
  }

  private void write(java.util.function.Consumer<ByteBuf> encoder, int size) {
    ByteBuf b = ctx.alloc().buffer(size);
    encoder.accept(b);
    ctx.write(b, ctx.voidPromise());
  }

  void closeAfterFlush() {
    state = State.DONE;
    if (timeout != null) timeout.cancel(false);
    ctx.channel().config().setAutoRead(false);
    ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  /** Gives back the connection's limits; idempotent. */
  void release() {
    if (released) return;
    released = true;
    if (connectionHeld) px.limits.release();
    if (principal != null) px.limits.releaseUser(principal);
    px.connectionClosed(loop);
    px.metrics.active.decrementAndGet();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (timeout != null) timeout.cancel(false);
    if (cum != null) {
      cum.release();
      cum = null;
    }
    release();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) clientEof = true; // the relay or association takes it from here
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // no log: the cause could name the client
  }
}
