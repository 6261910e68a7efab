package dev.seawall.firewall.netlink;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Encodes the messages a queue reader sends: queue configuration and verdicts. Each method writes
 * one complete netlink message at {@code off} and returns the offset just past it, so several
 * verdicts can be concatenated and sent with one system call.
 */
public final class NfqMessages {
  private NfqMessages() {}

  static final ValueLayout.OfInt HOST_INT = ValueLayout.JAVA_INT_UNALIGNED;
  static final ValueLayout.OfShort HOST_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
  static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  /** Size of one verdict message with a mark: header, nfgenmsg, verdict header and mark attributes. */
  public static final int VERDICT_WITH_MARK_SIZE = Nfq.NLMSG_HDRLEN + Nfq.NFGEN_HDRLEN + 12 + 8;

  private static long header(MemorySegment buf, long off, int type, int flags, int seq, int queue) {
    buf.set(HOST_INT, off, 0); // length, patched by finish()
    buf.set(HOST_SHORT, off + 4, (short) type);
    buf.set(HOST_SHORT, off + 6, (short) flags);
    buf.set(HOST_INT, off + 8, seq);
    buf.set(HOST_INT, off + 12, 0); // to the kernel
    buf.set(ValueLayout.JAVA_BYTE, off + 16, (byte) 0); // AF_UNSPEC
    buf.set(ValueLayout.JAVA_BYTE, off + 17, (byte) 0); // NFNETLINK_V0
    buf.set(BE_SHORT, off + 18, (short) queue);
    return off + Nfq.NLMSG_HDRLEN + Nfq.NFGEN_HDRLEN;
  }

  private static long finish(MemorySegment buf, long start, long end) {
    buf.set(HOST_INT, start, (int) (end - start));
    return end;
  }

  private static long attrHeader(MemorySegment buf, long off, int type, int payloadLength) {
    buf.set(HOST_SHORT, off, (short) (Nfq.NLA_HDRLEN + payloadLength));
    buf.set(HOST_SHORT, off + 2, (short) type);
    return off + Nfq.NLA_HDRLEN;
  }

  private static long attrInt(MemorySegment buf, long off, int type, int bigEndianValue) {
    long p = attrHeader(buf, off, type, 4);
    buf.set(BE_INT, p, bigEndianValue);
    return p + 4;
  }

  /** CONFIG: bind ({@link Nfq#CMD_BIND}) or unbind this socket to {@code queue}; acknowledged. */
  public static long command(MemorySegment buf, long off, int seq, int queue, int command) {
    long p = header(buf, off, Nfq.MSG_CONFIG, Nfq.NLM_F_REQUEST | Nfq.NLM_F_ACK, seq, queue);
    p = attrHeader(buf, p, Nfq.NFQA_CFG_CMD, 4);
    buf.set(ValueLayout.JAVA_BYTE, p, (byte) command);
    buf.set(ValueLayout.JAVA_BYTE, p + 1, (byte) 0);
    buf.set(BE_SHORT, p + 2, (short) Libc.AF_INET); // ignored by kernels since 3.8
    return finish(buf, off, p + 4);
  }

  /** CONFIG: copy whole packets, at most {@code copyRange} bytes of each; acknowledged. */
  public static long copyPackets(MemorySegment buf, long off, int seq, int queue, int copyRange) {
    long p = header(buf, off, Nfq.MSG_CONFIG, Nfq.NLM_F_REQUEST | Nfq.NLM_F_ACK, seq, queue);
    p = attrHeader(buf, p, Nfq.NFQA_CFG_PARAMS, 5);
    buf.set(BE_INT, p, copyRange);
    buf.set(ValueLayout.JAVA_BYTE, p + 4, (byte) Nfq.COPY_PACKET);
    buf.set(ValueLayout.JAVA_BYTE, p + 5, (byte) 0);
    buf.set(ValueLayout.JAVA_BYTE, p + 6, (byte) 0);
    buf.set(ValueLayout.JAVA_BYTE, p + 7, (byte) 0);
    return finish(buf, off, p + 8);
  }

  /** CONFIG: at most {@code maxLength} packets waiting in the kernel; acknowledged. */
  public static long maxLength(MemorySegment buf, long off, int seq, int queue, int maxLength) {
    long p = header(buf, off, Nfq.MSG_CONFIG, Nfq.NLM_F_REQUEST | Nfq.NLM_F_ACK, seq, queue);
    p = attrInt(buf, p, Nfq.NFQA_CFG_QUEUE_MAXLEN, maxLength);
    return finish(buf, off, p);
  }

  /** CONFIG: set the {@code mask} bits of the queue flags to {@code flags}; acknowledged. */
  public static long flags(MemorySegment buf, long off, int seq, int queue, int mask, int flags) {
    long p = header(buf, off, Nfq.MSG_CONFIG, Nfq.NLM_F_REQUEST | Nfq.NLM_F_ACK, seq, queue);
    p = attrInt(buf, p, Nfq.NFQA_CFG_MASK, mask);
    p = attrInt(buf, p, Nfq.NFQA_CFG_FLAGS, flags);
    return finish(buf, off, p);
  }

  /**
   * VERDICT for packet {@code id}, not acknowledged. With {@code withMark} the packet's mark is
   * replaced by {@code mark} (how {@link Nfq#NF_REPEAT} tells the rules the flow's fate).
   */
  public static long verdict(MemorySegment buf, long off, int queue, int id, int verdict, boolean withMark,
      int mark) {
    long p = header(buf, off, Nfq.MSG_VERDICT, Nfq.NLM_F_REQUEST, 0, queue);
    p = attrHeader(buf, p, Nfq.NFQA_VERDICT_HDR, 8);
    buf.set(BE_INT, p, verdict);
    buf.set(BE_INT, p + 4, id);
    p += 8;
    if (withMark) p = attrInt(buf, p, Nfq.NFQA_MARK, mark);
    return finish(buf, off, p);
  }

  /**
   * PACKET, as the kernel sends it: used to warm the verdict path up before a queue is bound, and
   * by tests. {@code packetLength} above {@code payload.length} says copy_range cut the packet.
   */
  public static long packet(MemorySegment buf, long off, int queue, int id, int mark, byte[] payload,
      int payloadLength, int packetLength) {
    long p = header(buf, off, Nfq.MSG_PACKET, 0, 0, queue);
    p = attrHeader(buf, p, Nfq.NFQA_PACKET_HDR, 7);
    buf.set(BE_INT, p, id);
    buf.set(BE_SHORT, p + 4, (short) 0x0800);
    buf.set(ValueLayout.JAVA_BYTE, p + 6, (byte) 2); // NF_INET_FORWARD
    buf.set(ValueLayout.JAVA_BYTE, p + 7, (byte) 0);
    p += 8;
    if (mark != 0) p = attrInt(buf, p, Nfq.NFQA_MARK, mark);
    if (packetLength > payloadLength) p = attrInt(buf, p, Nfq.NFQA_CAP_LEN, packetLength);
    p = attrHeader(buf, p, Nfq.NFQA_PAYLOAD, payloadLength);
    MemorySegment.copy(payload, 0, buf, ValueLayout.JAVA_BYTE, p, payloadLength);
    long end = p + payloadLength;
    while ((end & 3) != 0) buf.set(ValueLayout.JAVA_BYTE, end++, (byte) 0);
    return finish(buf, off, end);
  }
}
