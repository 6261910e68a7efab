package dev.seawall.desk.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For {@code seawall desk --demo} only: an SMTP server on loopback that accepts every mail and
 * keeps none of it, so the demo's forwards and acknowledgements are delivered (and recorded with
 * their message-ids) without any mail leaving the machine. Speaks just enough SMTP for Jakarta Mail.
 */
final class DemoMailSink implements AutoCloseable {
  private final ServerSocket server;
  private final AtomicLong accepted = new AtomicLong();
  private final Thread acceptor;

  DemoMailSink() throws IOException {
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().name("demo-mail-sink").start(this::acceptLoop);
  }

  int port() {
    return server.getLocalPort();
  }

  long accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> session(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void session(Socket s) {
    try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
         OutputStream out = s.getOutputStream()) {
      s.setSoTimeout(30_000);
      say(out, "220 demo-sink.invalid Seawall demo mail sink: nothing is delivered");
      for (String line; (line = in.readLine()) != null; ) {
        String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
        switch (cmd) {
          case "EHLO" -> say(out, "250-demo-sink.invalid\r\n250 8BITMIME");
          case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> say(out, "250 OK");
          case "DATA" -> {
            say(out, "354 end with <CRLF>.<CRLF>");
            for (String l; (l = in.readLine()) != null && !l.equals("."); ) {
              // discarded: the demo keeps no mail
            }
            accepted.incrementAndGet();
            say(out, "250 OK accepted and discarded");
          }
          case "QUIT" -> {
            say(out, "221 bye");
            return;
          }
          default -> say(out, "502 not implemented");
        }
      }
    } catch (IOException e) {
      // a client that goes away mid-session: nothing to clean up
    }
  }

  private static void say(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
