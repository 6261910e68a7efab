package dev.seawall.proxy.relay;

import dev.seawall.proxy.socks.Reply;
import dev.seawall.proxy.socks.Request;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * SOCKS BIND (RFC 1928 §4; used by protocols such as active FTP): the proxy listens on a fresh
 * port, tells the client where (first reply), accepts one connection from the host the request
 * named, tells the client who connected (second reply) and relays it like CONNECT, inspection
 * included. Connections from any other host are closed; the wait is bounded by the idle timeout.
 */
final class BindSession {
  private final ProxyContext px;
  private final SocksHandler socks;
  private final Request request;
  private Channel listener;
  private ScheduledFuture<?> wait;
  private boolean done;

  BindSession(ProxyContext px, SocksHandler socks, Request request) {
    this.px = px;
    this.socks = socks;
    this.request = request;
  }

  private java.util.List<InetAddress> expectedPeers; // null: any

  void start() {
    Channel client = socks.ctx().channel();
    var d = request.destination();
    if (!d.isDomain() && d.address().isAnyLocalAddress()) {
      listen(client);
      return;
    }
    Dialer.resolve(px, d, client.eventLoop(), result -> {
      if (!client.isActive()) return;
      switch (result) {
        case Dialer.Refused r -> socks.refuseRequest(r.reply(), r.reason());
        case Dialer.Allowed a -> {
          expectedPeers = a.addresses();
          listen(client);
        }
      }
    });
  }

  private void listen(Channel client) {
    InetAddress local = px.config.external() != null ? px.config.external()
        : ((InetSocketAddress) client.localAddress()).getAddress();
    ServerBootstrap sb = new ServerBootstrap().group(client.eventLoop(), client.eventLoop())
        .channel(px.transport.serverChannel())
        .childOption(ChannelOption.AUTO_READ, false)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ProxyContext.WATER_MARK)
        .childHandler(new ChannelInboundHandlerAdapter() {
          @Override
          public void channelActive(ChannelHandlerContext ctx) {
            accepted(ctx.channel());
          }
        });
    sb.bind(local, 0).addListener((ChannelFutureListener) f -> {
      if (!f.isSuccess()) {
        socks.refuseRequest(Reply.GENERAL_FAILURE, "bind_failed");
        return;
      }
      listener = f.channel();
      if (!client.isActive()) {
        listener.close();
        return;
      }
      client.closeFuture().addListener((ChannelFutureListener) c -> stop());
      InetSocketAddress at = (InetSocketAddress) listener.localAddress();
      socks.handshakeDone();
      socks.reply(Reply.SUCCEEDED, at.getAddress(), at.getPort());
      client.flush();
      wait = client.eventLoop().schedule(() -> {
        if (!done) {
          px.metrics.refused("bind_timeout");
          socks.reply(Reply.TTL_EXPIRED, null, 0);
          socks.closeAfterFlush();
          stop();
        }
      }, px.config.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
    });
  }

  private void accepted(Channel peer) {
    InetSocketAddress from = (InetSocketAddress) peer.remoteAddress();
    if (done || !expected(from.getAddress())) {
      px.metrics.refused("bind_unexpected_peer");
      peer.close();
      return;
    }
    done = true;
    stop();
    Channel client = socks.ctx().channel();
    if (!client.isActive()) {
      peer.close();
      return;
    }
    Inspector insp = px.inspector();
    int flow = -1;
    if (insp != null) {
      flow = socks.openFlow(insp, true, from);
      if (flow == -2) {
        peer.close();
        return;
      }
    }
    socks.established(peer, insp, flow, from.getAddress(), from.getPort());
  }

  /** RFC 1928: DST.ADDR names the host expected to connect; 0.0.0.0 / :: accepts any. */
  private boolean expected(InetAddress from) {
    return expectedPeers == null ? px.policy.check(from) == null : expectedPeers.contains(from);
  }

  private void stop() {
    if (wait != null) wait.cancel(false);
    if (listener != null) listener.close();
  }
}
