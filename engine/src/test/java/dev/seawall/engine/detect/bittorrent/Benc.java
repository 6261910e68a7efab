package dev.seawall.engine.detect.bittorrent;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes bencoding for tests: maps (insertion order kept), lists, strings, byte arrays, numbers. */
final class Benc {
  private Benc() {}

  static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value);
    return out.toByteArray();
  }

  /** A dictionary from alternating keys and values, in the order given. */
  static Map<String, Object> dict(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return m;
  }

  private static void write(ByteArrayOutputStream out, Object v) {
    switch (v) {
      case byte[] b -> {
        out.writeBytes((b.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(b);
      }
      case String s -> write(out, s.getBytes(StandardCharsets.ISO_8859_1));
      case Number n -> out.writeBytes(("i" + n.longValue() + "e").getBytes(StandardCharsets.US_ASCII));
      case List<?> l -> {
        out.write('l');
        for (Object o : l) write(out, o);
        out.write('e');
      }
      case Map<?, ?> m -> {
        out.write('d');
        for (Map.Entry<?, ?> e : m.entrySet()) {
          write(out, e.getKey());
          write(out, e.getValue());
        }
        out.write('e');
      }
      default -> throw new IllegalArgumentException("cannot bencode " + v);
    }
  }

  /** {@code n} bytes counting up from {@code first}. */
  static byte[] bytes(int first, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (first + i);
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }
}
