package dev.seawall.firewall.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A netlink socket bound to one nfnetlink_queue. Owned by one thread (its worker), except {@link
 * #close}, which the worker calls itself when it stops.
 */
public final class QueueSocket implements AutoCloseable {

  /** How the queue behaves; see {@link Nfq} for the flags. */
  public record Settings(int queue, int copyRange, int maxLength, boolean failOpen, boolean gso,
      int receiveBufferBytes, int pollMillis) {}

  private final Arena arena = Arena.ofShared();
  private final MemorySegment errno = Libc.newErrnoSlot(arena);
  private final MemorySegment control = arena.allocate(4096, 8);
  /** Answers while configuring; large enough for a whole queued packet (copy range is capped at 64 KiB). */
  private final MemorySegment setupReply = arena.allocate(1 << 17, 8);
  private final int fd;
  private final int queue;
  private int seq = 1;
  private boolean closed;
  private boolean failOpen;

  private QueueSocket(int fd, int queue) {
    this.fd = fd;
    this.queue = queue;
  }

  /** Opens the socket, binds {@code s.queue()} and configures it; throws with the reason. */
  public static QueueSocket open(Settings s) throws NetlinkException {
    QueueSocket q = null;
    try (Arena tmp = Arena.ofConfined()) {
      MemorySegment err = Libc.newErrnoSlot(tmp);
      int fd = Libc.socket(err, Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, Libc.NETLINK_NETFILTER);
      if (fd < 0) throw new NetlinkException("cannot open a netfilter netlink socket", Libc.errno(err));
      q = new QueueSocket(fd, s.queue());
      q.setup(s);
      return q;
    } catch (NetlinkException | RuntimeException e) {
      if (q != null) q.close();
      throw e;
    }
  }

  private void setup(Settings s) throws NetlinkException {
    failOpen = s.failOpen();
    MemorySegment addr = control.asSlice(0, 12);
    addr.fill((byte) 0);
    addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_NETLINK);
    if (Libc.bind(errno, fd, addr, 12) < 0) {
      throw new NetlinkException("cannot bind the netlink socket", Libc.errno(errno));
    }
    MemorySegment one = control.asSlice(16, 4);
    one.set(ValueLayout.JAVA_INT, 0, 1);
    // Without this a burst that overruns the socket buffer reports ENOBUFS and loses nothing
    // more than the kernel already counted; we prefer the count in /proc and no error path.
    Libc.setsockopt(errno, fd, Libc.SOL_NETLINK, Libc.NETLINK_NO_ENOBUFS, one, 4);
    MemorySegment size = control.asSlice(24, 4);
    size.set(ValueLayout.JAVA_INT, 0, s.receiveBufferBytes());
    if (Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, size, 4) < 0) {
      Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUF, size, 4);
    }
    // A receive timeout lets the worker notice a shutdown request without a second thread
    // having to interrupt a blocking call.
    MemorySegment tv = control.asSlice(32, 16);
    tv.set(ValueLayout.JAVA_LONG, 0, s.pollMillis() / 1000);
    tv.set(ValueLayout.JAVA_LONG, 8, (s.pollMillis() % 1000) * 1000L);
    if (Libc.setsockopt(errno, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, tv, 16) < 0) {
      throw new NetlinkException("cannot set the receive timeout", Libc.errno(errno));
    }

    MemorySegment msg = control.asSlice(64, 1024);
    request(msg, NfqMessages.command(msg, 0, seq, queue, Nfq.CMD_BIND), "bind queue " + queue);
    request(msg, NfqMessages.copyPackets(msg, 0, seq, queue, s.copyRange()), "set copy mode of queue " + queue);
    request(msg, NfqMessages.maxLength(msg, 0, seq, queue, s.maxLength()), "set length of queue " + queue);
    int mask = Nfq.CFG_F_FAIL_OPEN | Nfq.CFG_F_GSO;
    int flags = (s.failOpen() ? Nfq.CFG_F_FAIL_OPEN : 0) | (s.gso() ? Nfq.CFG_F_GSO : 0);
    request(msg, NfqMessages.flags(msg, 0, seq, queue, mask, flags), "set flags of queue " + queue);
  }

  /** Sends one acknowledged request and waits for its acknowledgement. */
  private void request(MemorySegment msg, long len, String what) throws NetlinkException {
    int mySeq = seq++;
    if (Libc.send(errno, fd, msg, len, 0) != len) throw new NetlinkException("cannot " + what, Libc.errno(errno));
    MemorySegment reply = setupReply;
    for (int attempt = 0; attempt < 64; attempt++) {
      long n = Libc.recv(errno, fd, reply, reply.byteSize(), 0);
      if (n < 0) {
        int e = Libc.errno(errno);
        if (e == Libc.EINTR) continue;
        throw new NetlinkException("no answer to: " + what, e);
      }
      long p = 0;
      while (n - p >= Nfq.NLMSG_HDRLEN) {
        int msgLen = reply.get(NfqMessages.HOST_INT, p);
        int type = Short.toUnsignedInt(reply.get(NfqMessages.HOST_SHORT, p + 4));
        int replySeq = reply.get(NfqMessages.HOST_INT, p + 8);
        if (msgLen < Nfq.NLMSG_HDRLEN || msgLen > n - p) break;
        if (type == Nfq.MSG_PACKET) answerDuringSetup(reply, p, msgLen);
        if (type == Nfq.NLMSG_ERROR && replySeq == mySeq && msgLen >= Nfq.NLMSG_HDRLEN + 4) {
          int error = reply.get(NfqMessages.HOST_INT, p + Nfq.NLMSG_HDRLEN);
          if (error != 0) throw new NetlinkException("cannot " + what, -error);
          return;
        }
        p += Nfq.align(msgLen);
      }
    }
    throw new NetlinkException("no acknowledgement for: " + what, 0);
  }

  /**
   * A packet queued while the queue is still being configured (rules left by an earlier run):
   * nothing can judge it yet, so it gets the failure policy's answer now rather than waiting in
   * the kernel for a verdict that would never come.
   */
  private void answerDuringSetup(MemorySegment reply, long start, int msgLen) {
    PacketBatch one = new PacketBatch(1);
    one.parse(reply, start, msgLen);
    if (one.size == 0) return;
    MemorySegment out = control.asSlice(2048, 64);
    long len = NfqMessages.verdict(out, 0, queue, one.id[0], failOpen ? Nfq.NF_ACCEPT : Nfq.NF_DROP, false, 0);
    Libc.send(errno, fd, out, len, 0);
  }

  /**
   * Receives one datagram into {@code buf}; {@code dontWait} returns at once when nothing is
   * queued. Returns its length, 0 when nothing came (timeout, interrupted, would block), or
   * {@code -errno} for other errors.
   */
  public long receive(MemorySegment buf, long off, long max, boolean dontWait) {
    long n = Libc.recv(errno, fd, buf.asSlice(off, max), max, dontWait ? Libc.MSG_DONTWAIT : 0);
    if (n >= 0) return n;
    int e = Libc.errno(errno);
    if (e == Libc.EAGAIN || e == Libc.EINTR) return 0;
    return -e;
  }

  /** Sends {@code buf[0, len)} (concatenated verdicts); returns 0 or {@code -errno}. */
  public int send(MemorySegment buf, long len) {
    if (len == 0) return 0;
    long n = Libc.send(errno, fd, buf, len, 0);
    return n == len ? 0 : n < 0 ? -Libc.errno(errno) : -Libc.ENOBUFS;
  }

  public int queue() {
    return queue;
  }

  /** Unbinds (best effort) and closes; the kernel also unbinds when the socket closes. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      MemorySegment msg = control.asSlice(64, 1024);
      long len = NfqMessages.command(msg, 0, seq++, queue, Nfq.CMD_UNBIND);
      Libc.send(errno, fd, msg, len, 0);
    } finally {
      Libc.close(errno, fd);
      arena.close();
    }
  }
}
