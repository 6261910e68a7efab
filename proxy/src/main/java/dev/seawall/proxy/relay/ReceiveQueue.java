package dev.seawall.proxy.relay;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Bytes waiting in a socket's receive queue ({@code ioctl(FIONREAD)}). Netty's splice relay
 * reports end of input as soon as the peer's FIN arrives, possibly before every byte before it
 * has been spliced; this tells the relay when the queue is really empty.
 */
final class ReceiveQueue {
  private static final long FIONREAD = 0x541B;
  private static final MethodHandle IOCTL;

  static {
    MethodHandle h;
    try {
      Linker linker = Linker.nativeLinker();
      h = linker.downcallHandle(linker.defaultLookup().find("ioctl").orElseThrow(),
          FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
          Linker.Option.firstVariadicArg(2));
    } catch (RuntimeException | LinkageError e) {
      h = null;
    }
    IOCTL = h;
  }

  private ReceiveQueue() {}

  static boolean available() {
    return IOCTL != null;
  }

  /** Unread bytes on {@code fd}, or -1 when it cannot be asked. */
  static int unread(int fd) {
    if (IOCTL == null) return -1;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment n = a.allocate(ValueLayout.JAVA_INT);
      int rc = (int) IOCTL.invokeExact(fd, FIONREAD, n);
      return rc == 0 ? n.get(ValueLayout.JAVA_INT, 0) : -1;
    } catch (Throwable t) {
      return -1;
    }
  }
}
