package dev.seawall.engine.name;

import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** Real ClientHellos, written by the JDK's own TLS client. */
public final class ClientHellos {
  private ClientHellos() {}

  /** The first flight of a TLS client connecting to {@code host} (SNI set when not null). */
  public static byte[] clientHello(String host) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, null, null);
      SSLEngine e = ctx.createSSLEngine(host == null ? null : host, 443);
      e.setUseClientMode(true);
      SSLParameters p = e.getSSLParameters();
      p.setServerNames(host == null ? List.of() : List.of(new SNIHostName(host)));
      e.setSSLParameters(p);
      ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
      e.wrap(ByteBuffer.allocate(0), out);
      out.flip();
      byte[] b = new byte[out.remaining()];
      out.get(b);
      return b;
    } catch (Exception ex) {
      throw new IllegalStateException(ex);
    }
  }
}
