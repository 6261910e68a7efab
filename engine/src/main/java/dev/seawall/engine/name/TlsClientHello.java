package dev.seawall.engine.name;

import dev.seawall.engine.packet.Bytes;

/** Finds the server name (SNI, RFC 6066) in a TLS ClientHello, in place. */
public final class TlsClientHello {
  private TlsClientHello() {}

  /** {@link #serverName}: more bytes are needed. */
  public static final int INCOMPLETE = -2;
  /** {@link #serverName}: not a ClientHello, or no server name in it. */
  public static final int NONE = -1;

  /**
   * Offset of the host name's length field (2 bytes, then the name) in the ClientHello at {@code
   * b[from..to)}, or {@link #INCOMPLETE} / {@link #NONE}. Only the first TLS record is read: a
   * ClientHello spread over records whose name is past the first stays {@link #INCOMPLETE}.
   */
  public static int serverName(byte[] b, int from, int to) {
    if (to - from < 5) return INCOMPLETE;
    if (b[from] != 0x16 || b[from + 1] != 3) return NONE;
    to = Math.min(to, from + 5 + Bytes.u16(b, from + 3)); // never past the record
    int p = from + 5;
    if (to - p < 4) return INCOMPLETE;
    if (b[p] != 1) return NONE; // handshake type client_hello
    p += 4 + 2 + 32; // handshake header, version, random
    if (p >= to) return INCOMPLETE;
    p += 1 + Bytes.u8(b, p); // session id
    if (p + 2 > to) return INCOMPLETE;
    p += 2 + Bytes.u16(b, p); // cipher suites
    if (p + 1 > to) return INCOMPLETE;
    p += 1 + Bytes.u8(b, p); // compression methods
    if (p + 2 > to) return INCOMPLETE;
    int extensionsEnd = p + 2 + Bytes.u16(b, p);
    p += 2;
    while (p + 4 <= Math.min(to, extensionsEnd)) {
      int type = Bytes.u16(b, p);
      int length = Bytes.u16(b, p + 2);
      int data = p + 4;
      if (type == 0) { // server_name: list length, then entries of type, length, name
        if (data + 5 > to) return INCOMPLETE;
        if (Bytes.u8(b, data + 2) != 0) return NONE;
        int nameLength = Bytes.u16(b, data + 3);
        if (data + 5 + nameLength > to) return INCOMPLETE;
        return data + 3;
      }
      p = data + length;
    }
    return p + 4 > extensionsEnd ? NONE : INCOMPLETE;
  }

  public static int serverNameLength(byte[] b, int at) {
    return Bytes.u16(b, at);
  }
}
