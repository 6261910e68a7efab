package dev.seawall.engine.packet;

/**
 * Unsigned reads from byte arrays. Callers check bounds first. Plain shifts rather than
 * byte-array VarHandles: C2 compiles both to the same loads, but C1 (which offline analysis
 * uses) calls into the VarHandle machinery for every read.
 */
public final class Bytes {
  private Bytes() {}

  public static int u8(byte[] b, int i) {
    return b[i] & 0xff;
  }

  public static int u16(byte[] b, int i) {
    return (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
  }

  public static int u16le(byte[] b, int i) {
    return (b[i + 1] & 0xff) << 8 | (b[i] & 0xff);
  }

  /** Big-endian 32 bits as a (possibly negative) int. */
  public static int i32(byte[] b, int i) {
    return b[i] << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
  }

  public static int i32le(byte[] b, int i) {
    return b[i + 3] << 24 | (b[i + 2] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i] & 0xff);
  }

  public static long u32(byte[] b, int i) {
    return i32(b, i) & 0xffff_ffffL;
  }

  public static long u32le(byte[] b, int i) {
    return i32le(b, i) & 0xffff_ffffL;
  }

  public static long i64(byte[] b, int i) {
    return (long) i32(b, i) << 32 | (i32(b, i + 4) & 0xffff_ffffL);
  }

  public static void putI32(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  public static void putI64(byte[] b, int i, long v) {
    putI32(b, i, (int) (v >>> 32));
    putI32(b, i + 4, (int) v);
  }

  /** True if {@code b[off..off+needle.length)} equals {@code needle}; bounds are checked. */
  public static boolean startsWith(byte[] b, int off, int end, byte[] needle) {
    if (end - off < needle.length) return false;
    for (int i = 0; i < needle.length; i++) {
      if (b[off + i] != needle[i]) return false;
    }
    return true;
  }

  /** Index of {@code needle} in {@code b[from..to)}, or -1. */
  public static int indexOf(byte[] b, int from, int to, byte[] needle) {
    int n = needle.length;
    if (n == 0) return from;
    byte first = needle[0];
    outer:
    for (int i = from, last = to - n; i <= last; i++) {
      if (b[i] != first) continue;
      for (int j = 1; j < n; j++) {
        if (b[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  /** ASCII bytes of a constant; for building needles once, at class initialisation. */
  public static byte[] ascii(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < out.length; i++) out[i] = (byte) s.charAt(i);
    return out;
  }
}
