package dev.seawall.proxy.socks;

import io.netty.buffer.ByteBuf;
import java.net.IDN;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads SOCKS4/4a and SOCKS5 client messages (RFC 1928, RFC 1929) from a buffer and writes the
 * replies. Each reader returns {@code null} when the message is not complete yet, leaving the
 * buffer untouched, consumes exactly the message otherwise, and throws {@link SocksException}
 * naming the field that is wrong. Messages are bounded by their format (at most 520 bytes), so a
 * caller never needs to buffer more than that.
 */
public final class SocksCodec {
  private SocksCodec() {}

  /** Longest SOCKS4 USERID or SOCKS4a host name accepted (both NUL-terminated, no length byte). */
  public static final int MAX_SOCKS4_FIELD = 255;
  /** Longest host name, in ASCII form (RFC 1035). */
  public static final int MAX_DOMAIN = 253;

  public static final int METHOD_NO_AUTH = 0x00;
  public static final int METHOD_PASSWORD = 0x02;
  public static final int METHOD_NONE_ACCEPTABLE = 0xff;

  /** SOCKS5 method selection: VER=5, NMETHODS, METHODS. */
  public static Greeting readGreeting(ByteBuf in) throws SocksException {
    int start = in.readerIndex();
    if (in.readableBytes() < 2) return null;
    int version = in.getUnsignedByte(start);
    if (version != 5) throw new SocksException(Reply.GENERAL_FAILURE, "greeting: version " + version + ", expected 5");
    int n = in.getUnsignedByte(start + 1);
    if (n == 0) throw new SocksException(Reply.GENERAL_FAILURE, "greeting: NMETHODS is 0");
    if (in.readableBytes() < 2 + n) return null;
    boolean none = false, password = false;
    for (int i = 0; i < n; i++) {
      int m = in.getUnsignedByte(start + 2 + i);
      if (m == METHOD_NO_AUTH) none = true;
      else if (m == METHOD_PASSWORD) password = true;
    }
    in.skipBytes(2 + n);
    return new Greeting(none, password);
  }

  /** RFC 1929: VER=1, ULEN, UNAME, PLEN, PASSWD. */
  public static Credentials readCredentials(ByteBuf in) throws SocksException {
    int start = in.readerIndex();
    int avail = in.readableBytes();
    if (avail < 2) return null;
    int version = in.getUnsignedByte(start);
    if (version != 1) {
      throw new SocksException(Reply.GENERAL_FAILURE, "username/password: version " + version + ", expected 1");
    }
    int ulen = in.getUnsignedByte(start + 1);
    if (ulen == 0) throw new SocksException(Reply.GENERAL_FAILURE, "username/password: empty username");
    if (avail < 3 + ulen) return null;
    int plen = in.getUnsignedByte(start + 2 + ulen);
    if (avail < 3 + ulen + plen) return null;
    String user = utf8(in, start + 2, ulen, "username");
    byte[] password = new byte[plen];
    in.getBytes(start + 3 + ulen, password);
    in.skipBytes(3 + ulen + plen);
    return new Credentials(user, password);
  }

  /** SOCKS5 request: VER=5, CMD, RSV, ATYP, DST.ADDR, DST.PORT. */
  public static Request readRequest(ByteBuf in) throws SocksException {
    int start = in.readerIndex();
    int avail = in.readableBytes();
    if (avail < 4) return null;
    int version = in.getUnsignedByte(start);
    if (version != 5) throw new SocksException(Reply.GENERAL_FAILURE, "request: version " + version + ", expected 5");
    int cmd = in.getUnsignedByte(start + 1);
    Command command = switch (cmd) {
      case 1 -> Command.CONNECT;
      case 2 -> Command.BIND;
      case 3 -> Command.UDP_ASSOCIATE;
      default -> throw new SocksException(Reply.COMMAND_NOT_SUPPORTED, "request: unknown command " + cmd);
    };
    int atyp = in.getUnsignedByte(start + 3);
    int addrLen = switch (atyp) {
      case 1 -> 4;
      case 4 -> 16;
      case 3 -> {
        if (avail < 5) yield -1;
        int n = in.getUnsignedByte(start + 4);
        if (n == 0) throw new SocksException(Reply.GENERAL_FAILURE, "request: empty domain name");
        yield 1 + n;
      }
      default -> throw new SocksException(Reply.ADDRESS_TYPE_NOT_SUPPORTED, "request: unknown address type " + atyp);
    };
    if (addrLen < 0 || avail < 4 + addrLen + 2) return null;
    Destination d = readAddress(in, atyp, start + 4, addrLen, in.getUnsignedShort(start + 4 + addrLen), "request");
    in.skipBytes(4 + addrLen + 2);
    return new Request(5, command, d, null);
  }

  /**
   * The SOCKS UDP request header (RFC 1928 §7) at the start of a datagram: RSV(2), FRAG, ATYP,
   * DST.ADDR, DST.PORT. Returns the destination and leaves the reader index at the payload.
   * Fragmented datagrams are refused (fragmentation is optional and nobody uses it).
   */
  public static Destination readUdpHeader(ByteBuf in) throws SocksException {
    int start = in.readerIndex();
    int avail = in.readableBytes();
    if (avail < 4) throw new SocksException(Reply.GENERAL_FAILURE, "UDP header: datagram of " + avail + " bytes");
    int frag = in.getUnsignedByte(start + 2);
    if (frag != 0) throw new SocksException(Reply.GENERAL_FAILURE, "UDP header: fragment " + frag + " (unsupported)");
    int atyp = in.getUnsignedByte(start + 3);
    int addrLen = switch (atyp) {
      case 1 -> 4;
      case 4 -> 16;
      case 3 -> avail < 5 ? 1 << 20 : 1 + in.getUnsignedByte(start + 4);
      default -> throw new SocksException(Reply.ADDRESS_TYPE_NOT_SUPPORTED, "UDP header: address type " + atyp);
    };
    if (avail < 4 + addrLen + 2) throw new SocksException(Reply.GENERAL_FAILURE, "UDP header: truncated address");
    Destination d = readAddress(in, atyp, start + 4, addrLen, in.getUnsignedShort(start + 4 + addrLen), "UDP header");
    in.skipBytes(4 + addrLen + 2);
    return d;
  }

  /**
   * SOCKS4 (VN=4, CD, DSTPORT, DSTIP, USERID NUL) and 4a (DSTIP 0.0.0.x, then host name NUL).
   */
  public static Request readSocks4(ByteBuf in) throws SocksException {
    int start = in.readerIndex();
    int avail = in.readableBytes();
    if (avail < 9) return null;
    int version = in.getUnsignedByte(start);
    if (version != 4) throw new SocksException(Reply.GENERAL_FAILURE, "SOCKS4 request: version " + version);
    int cmd = in.getUnsignedByte(start + 1);
    Command command = switch (cmd) {
      case 1 -> Command.CONNECT;
      case 2 -> Command.BIND;
      default -> throw new SocksException(Reply.COMMAND_NOT_SUPPORTED, "SOCKS4 request: unknown command " + cmd);
    };
    int port = in.getUnsignedShort(start + 2);
    int ip = in.getInt(start + 4);
    int userEnd = nul(in, start + 8, "SOCKS4 USERID");
    if (userEnd < 0) return null;
    String user = utf8(in, start + 8, userEnd - (start + 8), "SOCKS4 USERID");
    int end = userEnd + 1;
    Destination d;
    if ((ip & 0xffffff00) == 0 && ip != 0) {
      int hostEnd = nul(in, end, "SOCKS4a host name");
      if (hostEnd < 0) return null;
      if (hostEnd == end) throw new SocksException(Reply.GENERAL_FAILURE, "SOCKS4a request: empty host name");
      d = Destination.of(domain(in, end, hostEnd - end, "SOCKS4a request"), port);
      end = hostEnd + 1;
    } else {
      try {
        d = Destination.of(InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16),
            (byte) (ip >>> 8), (byte) ip}), port);
      } catch (UnknownHostException e) {
        throw new AssertionError(e);
      }
    }
    in.skipBytes(end - start);
    return new Request(4, command, d, user);
  }

  /** Index of the NUL ending a field that starts at {@code from}; -1 if not arrived yet. */
  private static int nul(ByteBuf in, int from, String what) throws SocksException {
    int limit = Math.min(in.writerIndex(), from + MAX_SOCKS4_FIELD + 1);
    int i = in.indexOf(from, limit, (byte) 0);
    if (i >= 0) return i;
    if (in.writerIndex() > from + MAX_SOCKS4_FIELD) {
      throw new SocksException(Reply.GENERAL_FAILURE, what + ": longer than " + MAX_SOCKS4_FIELD + " bytes");
    }
    return -1;
  }

  private static Destination readAddress(ByteBuf in, int atyp, int at, int len, int port, String where)
      throws SocksException {
    if (atyp == 3) return Destination.of(domain(in, at + 1, len - 1, where), port);
    byte[] b = new byte[len];
    in.getBytes(at, b);
    try {
      return Destination.of(InetAddress.getByAddress(b), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // 4 or 16 bytes cannot be wrong
    }
  }

  /**
   * A host name as sent by the client: UTF-8, converted to its lower-case ASCII (IDNA) form and
   * checked against RFC 1035 limits. An address literal in the domain field stays a domain here
   * and is recognised by the resolver.
   */
  static String domain(ByteBuf in, int at, int len, String where) throws SocksException {
    String raw = utf8(in, at, len, where + ": domain name");
    String ascii;
    try {
      ascii = IDN.toASCII(raw, IDN.ALLOW_UNASSIGNED).toLowerCase(java.util.Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new SocksException(Reply.HOST_UNREACHABLE, where + ": invalid domain name (" + e.getMessage() + ")");
    }
    if (ascii.endsWith(".")) ascii = ascii.substring(0, ascii.length() - 1);
    if (ascii.isEmpty()) throw new SocksException(Reply.HOST_UNREACHABLE, where + ": empty domain name");
    if (ascii.length() > MAX_DOMAIN) {
      throw new SocksException(Reply.HOST_UNREACHABLE,
          where + ": domain name of " + ascii.length() + " characters, limit " + MAX_DOMAIN);
    }
    int label = 0;
    for (int i = 0; i < ascii.length(); i++) {
      char c = ascii.charAt(i);
      if (c == '.') {
        if (label == 0) throw new SocksException(Reply.HOST_UNREACHABLE, where + ": empty label in domain name");
        label = 0;
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':') {
        // ':' only for IPv6 literals sent as names; the resolver parses those.
        if (++label > 63) throw new SocksException(Reply.HOST_UNREACHABLE, where + ": domain label over 63 characters");
      } else {
        throw new SocksException(Reply.HOST_UNREACHABLE,
            where + ": character 0x" + Integer.toHexString(c) + " not allowed in a domain name");
      }
    }
    return ascii;
  }

  private static String utf8(ByteBuf in, int at, int len, String what) throws SocksException {
    ByteBuffer b = in.nioBuffer(at, len);
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b).toString();
    } catch (CharacterCodingException e) {
      throw new SocksException(Reply.GENERAL_FAILURE, what + ": not valid UTF-8");
    }
  }

  // Replies.

  public static void writeMethod(ByteBuf out, int method) {
    out.writeByte(5).writeByte(method);
  }

  public static void writeAuthStatus(ByteBuf out, boolean ok) {
    out.writeByte(1).writeByte(ok ? 0 : 1);
  }

  /** SOCKS5 reply with a bound address ({@code null}: 0.0.0.0:0). */
  public static void writeReply(ByteBuf out, int rep, InetAddress bound, int port) {
    out.writeByte(5).writeByte(rep).writeByte(0);
    writeAddress(out, bound, port);
  }

  /** ATYP + address + port, as in replies and UDP headers. */
  public static void writeAddress(ByteBuf out, InetAddress a, int port) {
    if (a == null) {
      out.writeByte(1).writeInt(0).writeShort(0);
      return;
    }
    byte[] b = a.getAddress();
    out.writeByte(b.length == 4 ? 1 : 4).writeBytes(b).writeShort(port);
  }

  /** SOCKS4 reply: VN=0, CD (90 granted, 91 rejected), DSTPORT, DSTIP. */
  public static void writeSocks4Reply(ByteBuf out, boolean granted, InetAddress bound, int port) {
    out.writeByte(0).writeByte(granted ? 90 : 91).writeShort(bound == null ? 0 : port);
    out.writeBytes(bound instanceof Inet4Address ? bound.getAddress() : new byte[4]);
  }
}
