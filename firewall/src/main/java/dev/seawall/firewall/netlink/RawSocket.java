package dev.seawall.firewall.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A raw IP socket that sends complete packets we built (IPv4 or IPv6 header included). Needs
 * CAP_NET_RAW. Its packets carry a fixed mark so that Seawall's own rules let them pass.
 * Owned by one thread.
 */
public final class RawSocket implements AutoCloseable {
  private final Arena arena = Arena.ofShared();
  private final MemorySegment errno = Libc.newErrnoSlot(arena);
  private final MemorySegment packet = arena.allocate(256, 8);
  private final MemorySegment address = arena.allocate(28, 8);
  private final boolean v6;
  private final int fd;
  private boolean closed;

  private RawSocket(boolean v6, int fd) {
    this.v6 = v6;
    this.fd = fd;
  }

  public static RawSocket open(boolean v6, int mark) throws NetlinkException {
    try (Arena tmp = Arena.ofConfined()) {
      MemorySegment err = Libc.newErrnoSlot(tmp);
      int fd = Libc.socket(err, v6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.IPPROTO_RAW);
      if (fd < 0) throw new NetlinkException("cannot open a raw IPv" + (v6 ? 6 : 4) + " socket", Libc.errno(err));
      RawSocket s = new RawSocket(v6, fd);
      MemorySegment m = tmp.allocate(4);
      m.set(ValueLayout.JAVA_INT, 0, mark);
      if (Libc.setsockopt(err, fd, Libc.SOL_SOCKET, Libc.SO_MARK, m, 4) < 0) {
        int e = Libc.errno(err);
        s.close();
        throw new NetlinkException("cannot mark the raw socket's packets", e);
      }
      return s;
    }
  }

  /** Sends {@code b[0, len)}, an IP packet whose destination is read from its header; 0 or -errno. */
  public int send(byte[] b, int len) {
    if (len > packet.byteSize()) return -Libc.ENOBUFS;
    MemorySegment.copy(b, 0, packet, ValueLayout.JAVA_BYTE, 0, len);
    address.fill((byte) 0);
    int addrLen;
    if (!v6) {
      address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
      MemorySegment.copy(b, 16, address, ValueLayout.JAVA_BYTE, 4, 4); // sin_addr = destination
      addrLen = 16;
    } else {
      address.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET6);
      MemorySegment.copy(b, 24, address, ValueLayout.JAVA_BYTE, 8, 16); // sin6_addr = destination
      addrLen = 28;
    }
    long n = Libc.sendto(errno, fd, packet, len, 0, address, addrLen);
    return n == len ? 0 : n < 0 ? -Libc.errno(errno) : -Libc.ENOBUFS;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    Libc.close(errno, fd);
    arena.close();
  }
}
