package dev.seawall.engine.packet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Unsigned reads from byte arrays. Callers check bounds first; these do not. */
public final class Bytes {
  private Bytes() {}

  private static final VarHandle BE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle BE_SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LE_SHORT =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  public static int u8(byte[] b, int i) {
    return b[i] & 0xff;
  }

  public static int u16(byte[] b, int i) {
    return ((short) BE_SHORT.get(b, i)) & 0xffff;
  }

  public static int u16le(byte[] b, int i) {
    return ((short) LE_SHORT.get(b, i)) & 0xffff;
  }

  /** Big-endian 32 bits as a (possibly negative) int. */
  public static int i32(byte[] b, int i) {
    return (int) BE_INT.get(b, i);
  }

  public static int i32le(byte[] b, int i) {
    return (int) LE_INT.get(b, i);
  }

  public static long u32(byte[] b, int i) {
    return i32(b, i) & 0xffff_ffffL;
  }

  public static long u32le(byte[] b, int i) {
    return i32le(b, i) & 0xffff_ffffL;
  }

  public static long i64(byte[] b, int i) {
    return (long) BE_LONG.get(b, i);
  }

  public static void putI32(byte[] b, int i, int v) {
    BE_INT.set(b, i, v);
  }

  public static void putI64(byte[] b, int i, long v) {
    BE_LONG.set(b, i, v);
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
