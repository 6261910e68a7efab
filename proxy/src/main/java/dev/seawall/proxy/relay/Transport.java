package dev.seawall.proxy.relay;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Native epoll where the platform has it (needed for splice), NIO otherwise. */
public record Transport(
    boolean epoll,
    IoHandlerFactory ioHandlers,
    Class<? extends ServerChannel> serverChannel,
    Class<? extends Channel> socketChannel,
    Class<? extends DatagramChannel> datagramChannel) {

  public static Transport best() {
    if (Epoll.isAvailable()) {
      return new Transport(true, EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class,
          EpollDatagramChannel.class);
    }
    return nio();
  }

  public static Transport nio() {
    return new Transport(false, NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class,
        NioDatagramChannel.class);
  }

  static boolean canSplice(Channel a, Channel b) {
    return a instanceof AbstractEpollStreamChannel && b instanceof AbstractEpollStreamChannel
        && a.eventLoop() == b.eventLoop();
  }
}
