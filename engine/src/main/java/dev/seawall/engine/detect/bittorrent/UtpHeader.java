package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.packet.Bytes;

/**
 * The uTP (BEP 29) packet header, read in place:
 *
 * <pre>
 *  type:4 version:4 | extension:8 | connection_id:16
 *  timestamp_microseconds:32
 *  timestamp_difference_microseconds:32
 *  wnd_size:32
 *  seq_nr:16 | ack_nr:16
 *  then extensions: next_extension:8 length:8 data[length], chained while next_extension != 0
 * </pre>
 *
 * {@link #payloadStart} accepts a header only if version is 1, the type is one of the five, the
 * extension chain is made of extensions deployed clients send — 1 selective ACK (BEP 29: a
 * multiple of 4 bytes), 2 extension bits (8 bytes, libutp), 3 close reason (4 bytes, libtorrent)
 * — at most four of them, ending inside the datagram, and the payload agrees with the type: SYN,
 * STATE and RESET carry none, DATA carries some. FIN may carry none or some.
 */
final class UtpHeader {
  private UtpHeader() {}

  static final int SIZE = 20;
  static final int DATA = 0, FIN = 1, STATE = 2, RESET = 3, SYN = 4;
  static final int INVALID = -1;
  private static final int MAX_EXTENSIONS = 4;
  private static final int MAX_SACK = 32;

  /** Offset (from {@code off}) of the payload of a valid packet, or {@link #INVALID}. */
  /** Whether a header can open with this byte: version 1, a known type. */
  static boolean mayOpenWith(int firstByte) {
    return (firstByte & 0x0f) == 1 && firstByte >>> 4 <= SYN;
  }

  static int payloadStart(byte[] b, int off, int len) {
    if (len < SIZE) return INVALID;
    int first = b[off] & 0xff;
    int type = first >>> 4;
    if ((first & 0x0f) != 1 || type > SYN) return INVALID;
    int extension = b[off + 1] & 0xff;
    int p = SIZE;
    for (int n = 0; extension != 0; n++) {
      if (n == MAX_EXTENSIONS || p + 2 > len) return INVALID;
      int next = b[off + p] & 0xff;
      int length = b[off + p + 1] & 0xff;
      boolean ok = switch (extension) {
        case 1 -> length >= 4 && length <= MAX_SACK && length % 4 == 0;
        case 2 -> length == 8;
        case 3 -> length == 4;
        default -> false;
      };
      if (!ok) return INVALID;
      p += 2 + length;
      if (p > len) return INVALID;
      extension = next;
    }
    int payload = len - p;
    boolean fits = switch (type) {
      case DATA -> payload > 0;
      case FIN -> true;
      default -> payload == 0;
    };
    return fits ? p : INVALID;
  }

  static int type(byte[] b, int off) {
    return (b[off] & 0xff) >>> 4;
  }

  static int connectionId(byte[] b, int off) {
    return Bytes.u16(b, off + 2);
  }

  static int timestamp(byte[] b, int off) {
    return Bytes.i32(b, off + 4);
  }

  static int timestampDifference(byte[] b, int off) {
    return Bytes.i32(b, off + 8);
  }

  static int seq(byte[] b, int off) {
    return Bytes.u16(b, off + 16);
  }

  static int ack(byte[] b, int off) {
    return Bytes.u16(b, off + 18);
  }

  /** {@code a - b} in 16-bit sequence space, as a signed number. */
  static int seqDistance(int a, int b) {
    return (short) (a - b);
  }
}
