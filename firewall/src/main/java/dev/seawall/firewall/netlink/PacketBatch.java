package dev.seawall.firewall.netlink;

import java.lang.foreign.MemorySegment;

/**
 * The queued packets found in what one or more {@code recv} calls returned, as parallel arrays
 * (no object per packet). Payloads stay in the receive buffer: {@link #payloadOffset} points
 * into it.
 *
 * <p>Parsing never throws: a message or attribute whose length runs past the data is counted in
 * {@link #truncated} and ends the parse of that buffer; packets read before it keep their
 * verdicts. A packet message without a packet id cannot be answered and is counted in {@link
 * #withoutId}; one without payload is kept with {@code payloadLength = 0}.
 */
public final class PacketBatch {
  public int size;

  public int[] id;
  public int[] queue;
  public int[] mark;
  public long[] payloadOffset;
  public int[] payloadLength;
  /** Length of the packet in the kernel (larger than the payload when copy_range cut it). */
  public int[] packetLength;

  // Problems met while parsing (cumulative; the caller reads and resets them).
  public long truncated;
  public long withoutId;
  public long kernelErrors;
  public long lastKernelError;
  public long otherMessages;
  public long overflow;

  /** @param capacity packets expected per batch; more only cost a reallocation */
  public PacketBatch(int capacity) {
    this.id = new int[capacity];
    this.queue = new int[capacity];
    this.mark = new int[capacity];
    this.payloadOffset = new long[capacity];
    this.payloadLength = new int[capacity];
    this.packetLength = new int[capacity];
  }

  public void clear() {
    size = 0;
  }

  private void grow() {
    int n = id.length * 2;
    id = java.util.Arrays.copyOf(id, n);
    queue = java.util.Arrays.copyOf(queue, n);
    mark = java.util.Arrays.copyOf(mark, n);
    payloadOffset = java.util.Arrays.copyOf(payloadOffset, n);
    payloadLength = java.util.Arrays.copyOf(payloadLength, n);
    packetLength = java.util.Arrays.copyOf(packetLength, n);
  }

  /** Parses {@code buf[off, off+len)} (one datagram from the netlink socket), appending packets. */
  public void parse(MemorySegment buf, long off, long len) {
    long end = off + len;
    long p = off;
    while (end - p >= Nfq.NLMSG_HDRLEN) {
      int msgLen = buf.get(NfqMessages.HOST_INT, p);
      int type = Short.toUnsignedInt(buf.get(NfqMessages.HOST_SHORT, p + 4));
      if (msgLen < Nfq.NLMSG_HDRLEN || msgLen > end - p) {
        truncated++;
        return;
      }
      switch (type) {
        case Nfq.MSG_PACKET -> packet(buf, p, p + msgLen);
        case Nfq.NLMSG_ERROR -> {
          if (msgLen >= Nfq.NLMSG_HDRLEN + 4) {
            int error = buf.get(NfqMessages.HOST_INT, p + Nfq.NLMSG_HDRLEN);
            if (error != 0) {
              kernelErrors++;
              lastKernelError = -error;
            }
          } else {
            truncated++;
          }
        }
        case Nfq.NLMSG_NOOP, Nfq.NLMSG_DONE -> {}
        case Nfq.NLMSG_OVERRUN -> overflow++;
        default -> otherMessages++;
      }
      p += Nfq.align(msgLen);
    }
    if (p < end) truncated++; // trailing bytes too short for a message header
  }

  private void packet(MemorySegment buf, long start, long end) {
    long p = start + Nfq.NLMSG_HDRLEN;
    if (end - p < Nfq.NFGEN_HDRLEN) {
      truncated++;
      return;
    }
    int queueNumber = Short.toUnsignedInt(buf.get(NfqMessages.BE_SHORT, p + 2));
    p += Nfq.NFGEN_HDRLEN;
    boolean haveId = false;
    int packetId = 0, packetMark = 0, capLen = -1, payloadLen = 0;
    long payloadOff = 0;
    while (end - p >= Nfq.NLA_HDRLEN) {
      int attrLen = Short.toUnsignedInt(buf.get(NfqMessages.HOST_SHORT, p));
      int attrType = buf.get(NfqMessages.HOST_SHORT, p + 2) & Nfq.NLA_TYPE_MASK;
      if (attrLen < Nfq.NLA_HDRLEN || attrLen > end - p) {
        truncated++;
        break;
      }
      long value = p + Nfq.NLA_HDRLEN;
      int valueLen = attrLen - Nfq.NLA_HDRLEN;
      switch (attrType) {
        case Nfq.NFQA_PACKET_HDR -> {
          if (valueLen >= 4) {
            packetId = buf.get(NfqMessages.BE_INT, value);
            haveId = true;
          }
        }
        case Nfq.NFQA_MARK -> {
          if (valueLen >= 4) packetMark = buf.get(NfqMessages.BE_INT, value);
        }
        case Nfq.NFQA_CAP_LEN -> {
          if (valueLen >= 4) capLen = buf.get(NfqMessages.BE_INT, value);
        }
        case Nfq.NFQA_PAYLOAD -> {
          payloadOff = value;
          payloadLen = valueLen;
        }
        default -> {}
      }
      p += Nfq.align(attrLen);
    }
    if (!haveId) {
      withoutId++;
      return;
    }
    if (size == id.length) grow();
    int i = size++;
    id[i] = packetId;
    queue[i] = queueNumber;
    mark[i] = packetMark;
    payloadOffset[i] = payloadOff;
    payloadLength[i] = payloadLen;
    packetLength[i] = capLen >= payloadLen ? capLen : payloadLen;
  }

  public void resetCounters() {
    truncated = withoutId = kernelErrors = otherMessages = overflow = 0;
  }
}
