package dev.seawall.proxy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** A SOCKS client written byte by byte, to send what real clients never would. */
final class RawSocks implements AutoCloseable {
  final Socket s;
  final OutputStream out;
  final DataInputStream in;

  RawSocks(InetSocketAddress proxy) throws IOException {
    this(proxy, null);
  }

  /** From a chosen local address (null: any), so that a test can tell this client's address apart. */
  RawSocks(InetSocketAddress proxy, InetAddress local) throws IOException {
    s = new Socket();
    if (local != null) s.bind(new InetSocketAddress(local, 0));
    s.connect(proxy, 5000);
    s.setSoTimeout(5000);
    s.setTcpNoDelay(true);
    out = s.getOutputStream();
    in = new DataInputStream(s.getInputStream());
  }

  RawSocks send(int... bytes) throws IOException {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
    out.write(b);
    out.flush();
    return this;
  }

  RawSocks send(byte[] b) throws IOException {
    out.write(b);
    out.flush();
    return this;
  }

  byte[] read(int n) throws IOException {
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  /** Method selection with no-auth, then a CONNECT (or other command) to an address; returns REP. */
  int request(int cmd, InetAddress a, int port) throws IOException {
    send(5, 1, 0);
    byte[] m = read(2);
    if (m[1] != 0) return -1;
    return command(cmd, a, port);
  }

  int command(int cmd, InetAddress a, int port) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] addr = a.getAddress();
    b.write(new byte[] {5, (byte) cmd, 0, (byte) (addr.length == 4 ? 1 : 4)});
    b.write(addr);
    b.write(port >> 8);
    b.write(port);
    send(b.toByteArray());
    return readReply()[1];
  }

  /** A whole SOCKS5 reply; [1] is REP, then the bound address and port. */
  int[] readReply() throws IOException {
    byte[] h = read(4);
    int len = switch (h[3]) {
      case 1 -> 4;
      case 4 -> 16;
      case 3 -> in.readUnsignedByte();
      default -> throw new IOException("bad ATYP " + h[3]);
    };
    byte[] a = read(len);
    int port = in.readUnsignedShort();
    lastBound = new InetSocketAddress(InetAddress.getByAddress(a), port);
    return new int[] {h[0], h[1] & 0xff};
  }

  InetSocketAddress lastBound;

  /** True when the proxy closed the connection (EOF or reset) within the socket timeout. */
  boolean closedByProxy() throws IOException {
    try {
      InputStream i = s.getInputStream();
      while (true) {
        int r = i.read();
        if (r < 0) return true;
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    s.close();
  }
}
