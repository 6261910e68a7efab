package dev.seawall.proxy.relay;

import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.unix.FileDescriptor;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;

/**
 * Makes a spliced direction move large chunks. Netty splices at most one read-size guess (64 KiB)
 * through a default pipe (64 KiB) per wake-up, so a bulk transfer costs an epoll wake-up and three
 * splice calls per 64 KiB. Here the pipe is enlarged ({@code F_SETPIPE_SZ}) before Netty would
 * create its own, and {@link BulkReads} raises the channel's read-size guess: one wake-up then moves
 * whatever the socket holds, up to the pipe's size.
 *
 * <p>Kernel memory stays bounded: a pipe holds at most {@link #PIPE_BYTES} per direction (the
 * sockets' own buffers allow several times that). Pipes are enlarged only for a process the kernel
 * exempts from its per-user pipe limits (CAP_SYS_RESOURCE or CAP_SYS_ADMIN, as root has): for any
 * other user, large pipes would use up {@code fs.pipe-user-pages-soft} after a few dozen relays, and
 * every pipe created after that, Netty's included, would shrink to two pages.
 */
final class BulkSplice {
  /** Pipe size and splice length per wake-up once a direction is spliced. */
  static final int PIPE_BYTES = BulkReads.BYTES;

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
}
