package dev.seawall.proxy.relay;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.Native;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Keeps an epoll channel's interest set from becoming empty. Netty 4.2.18 removes a file
 * descriptor from epoll when its interest set becomes empty (reads paused after the peer's FIN)
 * but keeps it marked as added, so resuming reads later fails with {@code epoll_ctl: ENOENT} and
 * the connection dies with bytes still queued. Netty's splice pauses and resumes reads by itself,
 * so the relay adds EPOLLERR (which the kernel reports whether asked or not) to the set of every
 * relayed channel. Channel classes are final, so the protected {@code setFlag} is reached through
 * a method handle.
 */
final class EpollPin {
  private static final MethodHandle SET_FLAG;

  static {
    MethodHandle h;
    try {
      var m = Class.forName("io.netty.channel.epoll.AbstractEpollChannel").getDeclaredMethod("setFlag", int.class);
      m.setAccessible(true);
      h = MethodHandles.lookup().unreflect(m).asType(MethodType.methodType(void.class, Channel.class, int.class));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      h = null;
    }
    SET_FLAG = h;
  }

  private EpollPin() {}

  /** Whether the workaround is in place (splice is used only then). */
  static boolean available() {
    return SET_FLAG != null;
  }

  /**
   * Pins {@code c}'s registration; false if it could not (then the channel should not be spliced).
   * Costs an {@code epoll_ctl} only when the flag is not set yet (see {@link #preset}).
   */
  static boolean pin(Channel c) {
    return preset(c, 0);
  }

  /**
   * Pins {@code c} and adds {@code flags} to its interest set. Before {@code c} is registered this
   * costs no system call: the flags go into its first {@code epoll_ctl(ADD)}.
   */
  static boolean preset(Channel c, int flags) {
    if (!(c instanceof AbstractEpollStreamChannel) || SET_FLAG == null) return false;
    try {
      SET_FLAG.invokeExact(c, Native.EPOLLERR | flags);
      return true;
    } catch (Throwable t) {
      return false;
    }
  }
}
