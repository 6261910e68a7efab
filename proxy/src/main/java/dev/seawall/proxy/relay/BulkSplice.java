package dev.seawall.proxy.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.UncheckedBooleanSupplier;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;

/**
 * Makes a spliced direction move large chunks. Netty splices at most one read-size guess (64 KiB)
 * through a default pipe (64 KiB) per wake-up, so a bulk transfer costs an epoll wake-up and three
 * splice calls per 64 KiB. Here the pipe is enlarged ({@code F_SETPIPE_SZ}) before Netty would
 * create its own, and the channel's read-size guess is raised once the direction is spliced: one
 * wake-up then moves whatever the socket holds, up to the pipe's size. User-space reads keep
 * Netty's adaptive sizes, so the memory bound of the non-spliced path is unchanged.
 *
 * <p>Kernel memory stays bounded: a pipe holds at most {@link #PIPE_BYTES} per direction (the
 * sockets' own buffers allow several times that). Pipes are enlarged only for a process the kernel
 * exempts from its per-user pipe limits (CAP_SYS_RESOURCE or CAP_SYS_ADMIN, as root has): for any
 * other user, large pipes would use up {@code fs.pipe-user-pages-soft} after a few dozen relays, and
 * every pipe created after that, Netty's included, would shrink to two pages.
 */
final class BulkSplice {
  /** Pipe size and splice length per wake-up once a direction is spliced. */
  static final int PIPE_BYTES = 1 << 20;

  private static final int F_SETPIPE_SZ = 1031;
  private static final int CAP_SYS_ADMIN = 21, CAP_SYS_RESOURCE = 24;
  private static final boolean EXEMPT = exemptFromPipeLimits();
  private static final MethodHandle FCNTL;
  private static final Field PIPE_IN, PIPE_OUT;

  static {
    MethodHandle h;
    Field in, out;
    try {
      Linker linker = Linker.nativeLinker();
      h = linker.downcallHandle(linker.defaultLookup().find("fcntl").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
          Linker.Option.firstVariadicArg(2));
      in = AbstractEpollStreamChannel.class.getDeclaredField("pipeIn");
      out = AbstractEpollStreamChannel.class.getDeclaredField("pipeOut");
      in.setAccessible(true);
      out.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      h = null;
      in = out = null;
    }
    FCNTL = h;
    PIPE_IN = in;
    PIPE_OUT = out;
  }

  private BulkSplice() {}

  /** Whether this process has CAP_SYS_RESOURCE or CAP_SYS_ADMIN (from /proc/self/status). */
  private static boolean exemptFromPipeLimits() {
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
          return (caps & (1L << CAP_SYS_RESOURCE | 1L << CAP_SYS_ADMIN)) != 0;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // not Linux, or no /proc: keep default pipes
    }
    return false;
  }

  /**
   * Gives {@code target} (the channel spliced into) a large pipe, if it has none yet. Netty closes
   * the pipe with the channel. Without the reflective access or on failure, Netty creates its own.
   */
  static void enlargePipe(AbstractEpollStreamChannel target) {
    if (FCNTL == null || !EXEMPT) return;
    FileDescriptor[] pipe = null;
    try {
      if (PIPE_OUT.get(target) != null) return;
      pipe = FileDescriptor.pipe();
      int unused = (int) FCNTL.invokeExact(pipe[1].intValue(), F_SETPIPE_SZ, PIPE_BYTES); // < 0: default size
      PIPE_IN.set(target, pipe[0]);
      PIPE_OUT.set(target, pipe[1]);
    } catch (Throwable t) {
      if (pipe != null) { // keep Netty's default pipe
        for (FileDescriptor fd : pipe) {
          try {
            fd.close();
          } catch (java.io.IOException ignored) {
            // nothing else to do with it
          }
        }
      }
    }
  }

  /**
   * A channel's read-size policy: Netty's adaptive one, except that a spliced channel's guess (the
   * splice length per wake-up) is {@link #PIPE_BYTES}. One per channel.
   */
  static final class Allocator implements RecvByteBufAllocator {
    private static final AdaptiveRecvByteBufAllocator ADAPTIVE = new AdaptiveRecvByteBufAllocator();
    private boolean spliced;

    /** The direction read from this channel is spliced from now on. */
    void spliced() {
      spliced = true;
    }

    @Override
    public Handle newHandle() {
      return new SpliceHandle((ExtendedHandle) ADAPTIVE.newHandle());
    }

    private final class SpliceHandle implements ExtendedHandle {
      private final ExtendedHandle d;

      SpliceHandle(ExtendedHandle d) {
        this.d = d;
      }

      @Override
      public int guess() {
        return spliced ? PIPE_BYTES : d.guess();
      }

      @Override
      public ByteBuf allocate(ByteBufAllocator alloc) {
        return d.allocate(alloc);
      }

      @Override
      public void reset(ChannelConfig config) {
        d.reset(config);
      }

      @Override
      public void incMessagesRead(int numMessages) {
        d.incMessagesRead(numMessages);
      }

      @Override
      public void lastBytesRead(int bytes) {
        d.lastBytesRead(bytes);
      }

      @Override
      public int lastBytesRead() {
        return d.lastBytesRead();
      }

      @Override
      public void attemptedBytesRead(int bytes) {
        d.attemptedBytesRead(bytes);
      }

      @Override
      public int attemptedBytesRead() {
        return d.attemptedBytesRead();
      }

      @Override
      public boolean continueReading() {
        return d.continueReading();
      }

      @Override
      public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
        return d.continueReading(maybeMoreDataSupplier);
      }

      @Override
      public void readComplete() {
        d.readComplete();
      }
    }
  }
}
