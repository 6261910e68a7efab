package dev.seawall.proxy.relay;

import dev.seawall.proxy.socks.Destination;
import dev.seawall.proxy.socks.Reply;
import dev.seawall.proxy.socks.Request;
import dev.seawall.proxy.socks.SocksCodec;
import dev.seawall.proxy.socks.SocksException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SOCKS UDP ASSOCIATE (RFC 1928 §7). Two sockets: one facing the client (its address is the
 * reply's BND), one facing the destinations. Every datagram is checked against the destination
 * policy and shown to the engine as part of the (client, destination) flow it belongs to; a flow
 * judged BitTorrent has every datagram dropped, both ways. Datagrams from hosts the client has not
 * sent to are dropped. The association ends with its TCP control connection or after the idle
 * timeout.
 */
final class UdpAssociation {
  private static final int MAX_PEERS = 512;
  private static final int CLEAN = -1, BITTORRENT = -2;
  private static final int MAX_NAMES = 64;

  private final ProxyContext px;
  private final SocksHandler socks;
  private final Request request;
  private Channel control, clientSide, remoteSide;
  private InetAddress clientIp;
  private InetSocketAddress clientUdp;
  private Inspector insp;
  private boolean closed;
  private long lastDatagram = System.nanoTime();
  private ScheduledFuture<?> idleCheck;
  private Runnable release;
  /** Destination -> engine flow id, or CLEAN / BITTORRENT once decided. Least recently used first. */
  private final LinkedHashMap<InetSocketAddress, Integer> peers = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<String, InetAddress> names = new LinkedHashMap<>(16, 0.75f, true);

  UdpAssociation(ProxyContext px, SocksHandler socks, Request request) {
    this.px = px;
    this.socks = socks;
    this.request = request;
  }

  void start() {
    control = socks.ctx().channel();
    clientIp = ((InetSocketAddress) control.remoteAddress()).getAddress();
    insp = px.inspector();
    InetAddress local = ((InetSocketAddress) control.localAddress()).getAddress();
    Bootstrap b = new Bootstrap().group(control.eventLoop()).channel(px.transport.datagramChannel())
        .option(ChannelOption.SO_RCVBUF, 1 << 20);
    ChannelFuture fc = b.clone().handler(new FromClient()).bind(local, 0);
    InetSocketAddress remoteBind = px.config.external() != null ? new InetSocketAddress(px.config.external(), 0)
        : new InetSocketAddress(0);
    ChannelFuture fr = b.clone().handler(new FromRemote()).bind(remoteBind);
    fc.addListener(x -> fr.addListener(y -> bound(fc, fr)));
  }

  private void bound(ChannelFuture fc, ChannelFuture fr) {
    clientSide = fc.channel();
    remoteSide = fr.channel();
    if (!fc.isSuccess() || !fr.isSuccess() || !control.isActive()) {
      clientSide.close();
      remoteSide.close();
      if (control.isActive()) socks.refuseRequest(Reply.GENERAL_FAILURE, "udp_bind_failed");
      return;
    }
    px.metrics.established.increment();
    InetSocketAddress at = (InetSocketAddress) clientSide.localAddress();
    socks.reply(Reply.SUCCEEDED, at.getAddress(), at.getPort());
    ByteBuf pending = socks.handOff();
    if (pending != null) pending.release();
    release = socks::release;
    control.pipeline().addLast("association", new Control());
    control.config().setAutoRead(true);
    control.flush();
    if (socks.clientEof()) { // the control connection ended while the sockets were being bound
      close();
      return;
    }
    scheduleIdle(px.config.idleTimeout().toNanos());
  }

  /** The control connection carries nothing after the reply; its end ends the association. */
  private final class Control extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      io.netty.util.ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      close();
    }
  }

  private final class FromClient extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
      fromClient(p);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A datagram socket error (e.g. ICMP unreachable) ends nothing.
    }
  }

  private final class FromRemote extends SimpleChannelInboundHandler<DatagramPacket> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
      fromRemote(p);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {}
  }

  private void fromClient(DatagramPacket p) {
    if (closed) return;
    InetSocketAddress sender = p.sender();
    if (!sender.getAddress().equals(clientIp)) {
      px.metrics.udp("dropped_foreign_sender");
      return;
    }
    int wantPort = request.destination().isDomain() ? 0 : request.destination().port();
    if (clientUdp == null) {
      if (wantPort != 0 && sender.getPort() != wantPort) {
        px.metrics.udp("dropped_foreign_sender");
        return;
      }
      clientUdp = sender;
    } else if (!clientUdp.equals(sender)) {
      px.metrics.udp("dropped_foreign_sender");
      return;
    }
    lastDatagram = System.nanoTime();
    ByteBuf content = p.content();
    Destination d;
    try {
      d = SocksCodec.readUdpHeader(content);
    } catch (SocksException e) {
      px.metrics.udp("dropped_malformed");
      return;
    }
    if (d.isDomain()) {
      InetAddress a = names.get(d.domain());
      if (a == null) {
        resolveThenSend(d, content.retain());
        return;
      }
      d = Destination.of(a, d.port());
    }
    send(d, content.retain());
  }

  private void resolveThenSend(Destination d, ByteBuf payload) {
    Dialer.resolve(px, d, control.eventLoop(), result -> {
      if (closed) {
        payload.release();
        return;
      }
      switch (result) {
        case Dialer.Refused r -> {
          px.metrics.udp("dropped_" + r.reason());
          payload.release();
        }
        case Dialer.Allowed a -> {
          if (names.size() >= MAX_NAMES) {
            Iterator<String> it = names.keySet().iterator();
            it.next();
            it.remove();
          }
          names.put(d.domain(), a.addresses().getFirst());
          send(Destination.of(a.addresses().getFirst(), d.port()), payload);
        }
      }
    });
  }

  /** Policy, inspection and forwarding of one client datagram; takes ownership of {@code payload}. */
  private void send(Destination d, ByteBuf payload) {
    InetAddress a = d.address();
    if (d.port() == 0) {
      px.metrics.udp("dropped_port_zero");
      payload.release();
      return;
    }
    var policy = Dialer.check(px, px.blocklist(), List.of(a));
    if (policy instanceof Dialer.Refused r) {
      px.metrics.udp("dropped_" + r.reason());
      payload.release();
      return;
    }
    InetSocketAddress target = new InetSocketAddress(a, d.port());
    if (!inspect(target, 0, payload, true)) {
      payload.release();
      return;
    }
    if (!remoteSide.isWritable()) {
      px.metrics.udp("dropped_backpressure");
      payload.release();
      return;
    }
    px.metrics.udp("relayed");
    remoteSide.writeAndFlush(new DatagramPacket(payload, target), remoteSide.voidPromise());
  }

  private void fromRemote(DatagramPacket p) {
    if (closed || clientUdp == null) return;
    InetSocketAddress from = p.sender();
    if (!peers.containsKey(from)) {
      px.metrics.udp("dropped_unsolicited");
      return;
    }
    lastDatagram = System.nanoTime();
    ByteBuf content = p.content();
    if (!inspect(from, 1, content, false)) return;
    if (!clientSide.isWritable()) {
      px.metrics.udp("dropped_backpressure");
      return;
    }
    ByteBuf out = clientSide.alloc().buffer(22 + content.readableBytes());
    out.writeShort(0).writeByte(0);
    SocksCodec.writeAddress(out, from.getAddress(), from.getPort());
    out.writeBytes(content);
    px.metrics.udp("relayed");
    clientSide.writeAndFlush(new DatagramPacket(out, clientUdp), clientSide.voidPromise());
  }

  /** Shows a datagram to the engine; false when it must be dropped (BitTorrent, engine full). */
  private boolean inspect(InetSocketAddress peer, int direction, ByteBuf payload, boolean mayOpen) {
    Integer state = peers.get(peer);
    if (state == null) {
      if (!mayOpen) return false;
      if (peers.size() >= MAX_PEERS) evictOldest();
      if (insp == null) {
        peers.put(peer, CLEAN);
        return true;
      }
      int flow = openFlow(peer);
      if (flow == BITTORRENT) {
        peers.put(peer, BITTORRENT);
        return false;
      }
      if (flow < 0) {
        px.metrics.udp("dropped_engine_full");
        return false;
      }
      state = flow;
      peers.put(peer, flow);
    }
    if (state == CLEAN) return true;
    if (state == BITTORRENT) {
      px.metrics.udp("dropped_bittorrent");
      return false;
    }
    int flow = state;
    int st = insp.datagram(flow, direction, payload);
    if (Inspector.bittorrent(st)) {
      px.metrics.bittorrent("udp", insp.kind(flow));
      px.metrics.udp("dropped_bittorrent");
      insp.close(flow);
      peers.put(peer, BITTORRENT);
      return false;
    }
    if (Inspector.finished(st)) {
      insp.close(flow);
      peers.put(peer, CLEAN);
    }
    return true;
  }

  private int openFlow(InetSocketAddress peer) {
    var a = dev.seawall.engine.packet.Addresses.fromBytes(clientUdp.getAddress().getAddress());
    var b = dev.seawall.engine.packet.Addresses.fromBytes(peer.getAddress().getAddress());
    int flow = insp.open(false, a, clientUdp.getPort(), b, peer.getPort());
    if (flow < 0) return -3;
    if (Inspector.bittorrent(insp.state(flow))) {
      px.metrics.bittorrent("udp", insp.kind(flow));
      px.metrics.udp("dropped_bittorrent");
      insp.close(flow);
      return BITTORRENT;
    }
    return flow;
  }

  private void evictOldest() {
    Iterator<Map.Entry<InetSocketAddress, Integer>> it = peers.entrySet().iterator();
    Map.Entry<InetSocketAddress, Integer> e = it.next();
    if (e.getValue() >= 0) insp.close(e.getValue());
    it.remove();
  }

  private void scheduleIdle(long delayNanos) {
    idleCheck = control.eventLoop().schedule(() -> {
      if (closed) return;
      long limit = px.config.idleTimeout().toNanos();
      long idle = System.nanoTime() - lastDatagram;
      if (idle >= limit) {
        px.metrics.idleTimeouts.increment();
        close();
      } else {
        scheduleIdle(limit - idle);
      }
    }, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void close() {
    if (closed) return;
    closed = true;
    if (idleCheck != null) idleCheck.cancel(false);
    List<Integer> open = new ArrayList<>();
    for (Integer v : peers.values()) if (v >= 0) open.add(v);
    for (int f : open) insp.close(f);
    peers.clear();
    if (clientSide != null) clientSide.close();
    if (remoteSide != null) remoteSide.close();
    control.close();
    if (release != null) release.run();
  }
}
