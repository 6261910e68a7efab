package dev.seawall.firewall.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the firewall needs, through the FFM API: no native library of our own.
 * Every call captures {@code errno} into a caller-owned segment ({@link #newErrnoSlot}), so
 * threads never share it. None is marked critical: {@code recv} blocks, and a critical call
 * would keep the GC from reaching a safepoint.
 */
public final class Libc {
  private Libc() {}

  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int AF_NETLINK = 16;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int IPPROTO_RAW = 255;
  public static final int NETLINK_NETFILTER = 12;

  public static final int SOL_SOCKET = 1;
  public static final int SO_RCVBUF = 8;
  public static final int SO_RCVTIMEO = 20;
  public static final int SO_RCVBUFFORCE = 33;
  public static final int SO_MARK = 36;
  public static final int SOL_NETLINK = 270;
  public static final int NETLINK_NO_ENOBUFS = 5;

  public static final int MSG_DONTWAIT = 0x40;

  public static final int EINTR = 4;
  public static final int EAGAIN = 11;
  public static final int ENOBUFS = 105;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
  private static final ValueLayout PTR = ValueLayout.ADDRESS;

  private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(INT, INT, INT, INT));
  private static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(INT, INT, PTR, INT));
  private static final MethodHandle SETSOCKOPT =
      downcall("setsockopt", FunctionDescriptor.of(INT, INT, INT, INT, PTR, INT));
  private static final MethodHandle SEND = downcall("send", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
  private static final MethodHandle SENDTO =
      downcall("sendto", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT, PTR, INT));
  private static final MethodHandle RECV = downcall("recv", FunctionDescriptor.of(LONG, INT, PTR, LONG, INT));
  private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(INT, INT));

  private static MethodHandle downcall(String name, FunctionDescriptor fd) {
    SymbolLookup libc = LINKER.defaultLookup();
    MemorySegment symbol = libc.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    return LINKER.downcallHandle(symbol, fd, ERRNO_OPTION);
  }

  /** A segment that receives {@code errno} after each call; one per thread. */
  public static MemorySegment newErrnoSlot(Arena arena) {
    return arena.allocate(CAPTURE);
  }

  public static int errno(MemorySegment slot) {
    return (int) ERRNO.get(slot, 0L);
  }

  public static int socket(MemorySegment errno, int domain, int type, int protocol) {
    try {
      return (int) SOCKET.invokeExact(errno, domain, type, protocol);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int bind(MemorySegment errno, int fd, MemorySegment addr, int len) {
    try {
      return (int) BIND.invokeExact(errno, fd, addr, len);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int setsockopt(MemorySegment errno, int fd, int level, int name, MemorySegment value, int len) {
    try {
      return (int) SETSOCKOPT.invokeExact(errno, fd, level, name, value, len);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static long send(MemorySegment errno, int fd, MemorySegment buf, long len, int flags) {
    try {
      return (long) SEND.invokeExact(errno, fd, buf, len, flags);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static long sendto(MemorySegment errno, int fd, MemorySegment buf, long len, int flags,
      MemorySegment addr, int addrLen) {
    try {
      return (long) SENDTO.invokeExact(errno, fd, buf, len, flags, addr, addrLen);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static long recv(MemorySegment errno, int fd, MemorySegment buf, long len, int flags) {
    try {
      return (long) RECV.invokeExact(errno, fd, buf, len, flags);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  public static int close(MemorySegment errno, int fd) {
    try {
      return (int) CLOSE.invokeExact(errno, fd);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) return r;
    if (t instanceof Error e) throw e;
    return new IllegalStateException("native call failed", t);
  }

  /** A short name for the errno values the firewall meets, for messages. */
  public static String errnoName(int errno) {
    return switch (errno) {
      case 1 -> "EPERM (operation not permitted: needs CAP_NET_ADMIN)";
      case 4 -> "EINTR";
      case 9 -> "EBADF";
      case 11 -> "EAGAIN";
      case 12 -> "ENOMEM";
      case 13 -> "EACCES (permission denied)";
      case 16 -> "EBUSY (queue already bound by another program)";
      case 22 -> "EINVAL";
      case 93 -> "EPROTONOSUPPORT";
      case 95 -> "EOPNOTSUPP (not supported by this kernel)";
      case 97 -> "EAFNOSUPPORT";
      case 105 -> "ENOBUFS";
      case 2 -> "ENOENT";
      default -> "errno " + errno;
    };
  }
}
