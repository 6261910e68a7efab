package dev.seawall.engine.name;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServerNameTest {

  static String name(byte[] b, int from, int to) {
    long r = ServerName.find(b, from, to);
    if (r == ServerName.INCOMPLETE) return "<incomplete>";
    if (r == ServerName.NONE) return "<none>";
    return new String(b, ServerName.at(r), ServerName.length(r), StandardCharsets.US_ASCII);
  }

  static String name(String ascii) {
    byte[] b = ascii.getBytes(StandardCharsets.ISO_8859_1);
    return name(b, 0, b.length);
  }

  @Test
  void sniOfARealClientHelloAndEveryTruncationOfItIsIncompleteNotWrong() {
    byte[] hello = ClientHellos.clientHello("Pirate-Site.example");
    assertThat(name(hello, 0, hello.length)).isEqualTo("Pirate-Site.example");
    long r = ServerName.find(hello, 0, hello.length);
    for (int cut = 0; cut < hello.length; cut++) {
      String n = name(hello, 0, cut);
      // Every prefix either still needs bytes or already holds the whole name (never a wrong one).
      assertThat(n).as("cut at %d", cut).isIn("<incomplete>", "Pirate-Site.example");
      if (cut < ServerName.at(r) + ServerName.length(r)) assertThat(n).isEqualTo("<incomplete>");
    }
  }

  @Test
  void sniInsideALargerBufferAndWithoutAName() {
    byte[] hello = ClientHellos.clientHello("cdn.example.org");
    byte[] padded = new byte[hello.length + 20];
    System.arraycopy(hello, 0, padded, 7, hello.length);
    assertThat(name(padded, 7, 7 + hello.length)).isEqualTo("cdn.example.org");
    byte[] nameless = ClientHellos.clientHello(null);
    assertThat(name(nameless, 0, nameless.length)).isEqualTo("<none>");
  }

  @Test
  void otherTlsRecordsAndGarbageAreNone() {
    assertThat(name(new byte[] {0x17, 3, 3, 0, 5, 1, 2, 3, 4, 5}, 0, 10)).isEqualTo("<none>"); // application data
    assertThat(name(new byte[] {0x16, 3, 3, 0, 5, 2, 0, 0, 1, 0}, 0, 10)).isEqualTo("<none>"); // ServerHello
    assertThat(name(new byte[] {0x16, 9, 3, 0, 5}, 0, 5)).isEqualTo("<none>");
    assertThat(name(new byte[] {0x13, 'B', 'i', 't'}, 0, 4)).isEqualTo("<none>");
    assertThat(name(new byte[0], 0, 0)).isEqualTo("<incomplete>");
  }

  @Test
  void lyingLengthsInAClientHelloNeverReadOutOfBounds() {
    byte[] hello = ClientHellos.clientHello("x.example");
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = hello.clone();
      for (int k = 0; k < 3; k++) b[5 + rnd.nextInt(b.length - 5)] = (byte) rnd.nextInt(256);
      int to = rnd.nextInt(b.length + 1);
      long r = ServerName.find(b, 0, to);
      if (ServerName.isFound(r)) assertThat(ServerName.at(r) + ServerName.length(r)).isLessThanOrEqualTo(to);
    }
  }

  @Test
  void httpHostWithoutPortInAnyCase() {
    assertThat(name("GET / HTTP/1.1\r\nHost: blocked.example\r\nAccept: */*\r\n\r\n")).isEqualTo("blocked.example");
    assertThat(name("POST /x HTTP/1.1\r\nUser-Agent: curl\r\nhOsT:\tBlocked.Example:8080 \r\n\r\n")).isEqualTo("Blocked.Example");
    assertThat(name("GET / HTTP/1.1\r\nHost: [2001:db8::1]:80\r\n\r\n")).isEqualTo("2001:db8::1");
    assertThat(name("GET / HTTP/1.1\r\nHost: 192.0.2.1\r\n\r\n")).isEqualTo("192.0.2.1");
    assertThat(name("PROPPATCH / HTTP/1.1\r\nHost: dav.example\r\n\r\n")).isEqualTo("dav.example");
  }

  @Test
  void httpWithoutHostOrNotHttpIsNoneAndAPartialRequestIsIncomplete() {
    assertThat(name("GET / HTTP/1.0\r\nAccept: */*\r\n\r\nHost: late.example\r\n")).isEqualTo("<none>");
    assertThat(name("GET / HTTP/1.1\r\nHost: \r\n\r\n")).isEqualTo("<none>");
    assertThat(name("SSH-2.0-OpenSSH_9.2\r\n")).isEqualTo("<none>");
    assertThat(name("ABCDEFGHIJKLMNOPQRSTUVWXYZ / HTTP/1.1\r\n")).isEqualTo("<none>");
    assertThat(name("\u0013BitTorrent protocol")).isEqualTo("<none>");
    assertThat(name("GET")).isEqualTo("<incomplete>");
    assertThat(name("GET / HTTP/1.1\r\nAccept: */*\r\nHo")).isEqualTo("<incomplete>");
    assertThat(name("GET / HTTP/1.1\r\nHost: split.exam")).isEqualTo("<incomplete>");
    assertThat(name("GET / HTTP/1.1\r\nHost: " + "a".repeat(300) + "\r\n\r\n")).isEqualTo("<none>");
  }
}
