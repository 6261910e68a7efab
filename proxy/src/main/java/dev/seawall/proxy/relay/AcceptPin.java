package dev.seawall.proxy.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.Native;

/**
 * On a listening channel: prepares each accepted channel before it is registered with its event
 * loop, so its first {@code epoll_ctl(ADD)} already carries what the relay needs (EPOLLIN, which a
 * SOCKS client connection always wants, and the {@link EpollPin} flag) instead of two more
 * {@code epoll_ctl(MOD)} calls per connection; and gives it the read-size policy of
 * {@link BulkReads}.
 */
@ChannelHandler.Sharable
public final class AcceptPin extends ChannelInboundHandlerAdapter {
  public static final AcceptPin INSTANCE = new AcceptPin();

  private AcceptPin() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Channel child && !child.isRegistered() && EpollPin.preset(child, Native.EPOLLIN)) {
      child.config().setRecvByteBufAllocator(new BulkReads());
    }
    ctx.fireChannelRead(msg);
  }
}
