package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.packet.Bytes;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpTest {
  private static final byte[] HEADER_END = Bytes.ascii("\r\n\r\n");

  @Test
  void bodyStartIsJustPastTheFirstBlankLine() {
    byte[] r = Bytes.ascii("HTTP/1.1 200 OK\r\nA: b\r\n\r\nd8:announce\r\n\r\n");
    assertThat(Http.bodyStart(r, 0, r.length)).isEqualTo(25);
    assertThat(Http.bodyStart(r, 0, 24)).as("blank line incomplete").isEqualTo(-1);
    byte[] tricky = Bytes.ascii("x\r\r\n\n\r\n\r\r\n\r\nz");
    assertThat(Http.bodyStart(tricky, 0, tricky.length)).isEqualTo(12);
    assertThat(Http.bodyStart(tricky, 9, tricky.length)).as("searched from the offset on").isEqualTo(-1);
  }

  @Test
  void bodyStartAgreesWithAPlainSearch() {
    Random rnd = new Random(11);
    byte[] alphabet = {'\r', '\n', 'a'};
    for (int n = 0; n < 20_000; n++) {
      byte[] b = new byte[rnd.nextInt(24)];
      for (int i = 0; i < b.length; i++) b[i] = alphabet[rnd.nextInt(3)];
      int off = b.length == 0 ? 0 : rnd.nextInt(b.length);
      int plain = Bytes.indexOf(b, off, b.length, HEADER_END);
      assertThat(Http.bodyStart(b, off, b.length)).isEqualTo(plain < 0 ? -1 : plain + 4);
    }
  }
}
