package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Kind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LsdDetectorTest {
  static final String HASH1 = "c8257612add621072d088865b6c6ec01f86bf21a";
  static final String HASH2 = "ED4F1085E885F98F9A69B70EE89EB988B8FD9115";

  static byte[] search(String host, String... extraLines) {
    StringBuilder sb = new StringBuilder("BT-SEARCH * HTTP/1.1\r\nHost: " + host + "\r\nPort: 6881\r\n");
    for (String l : extraLines) sb.append(l).append("\r\n");
    return sb.append("\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static DatagramHarness harness(String group) {
    return new DatagramHarness(LsdDetector::new, group.contains(":") ? "fe80::1" : "10.0.0.12", 6771, group, 6771);
  }

  @Test
  void anIpv4AnnouncementWithInfohashesAndCookie() {
    DatagramHarness h = harness("239.192.152.143");
    h.send(0, search("239.192.152.143:6771", "Infohash: " + HASH1, "Infohash: " + HASH2, "cookie: 5a243d2c"));
    assertThat(h.kind()).isEqualTo(Kind.LSD);
    assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
    assertThat(h.evidence()).isEqualTo(LsdDetector.IPV4);
    assertThat(h.infohashes()).containsExactly(HASH1, HASH2.toLowerCase());
    assertThat(h.learned()).containsExactly("10.0.0.12:6881"); // the sender listens on Port
  }

  @Test
  void anIpv6Announcement() {
    DatagramHarness h = harness("ff15::efc0:988f");
    h.send(0, search("[ff15::efc0:988f]:6771", "infohash: " + HASH1));
    assertThat(h.evidence()).isEqualTo(LsdDetector.IPV6);
    assertThat(h.learned()).containsExactly("[fe80::1]:6881");
  }

  @Test
  void laterAnnouncementsAddTheirInfohashes() {
    DatagramHarness h = harness("239.192.152.143");
    h.send(0, search("239.192.152.143:6771", "Infohash: " + HASH1));
    h.send(0, search("239.192.152.143:6771", "Infohash: " + HASH2));
    assertThat(h.infohashes()).hasSize(2);
  }

  @Test
  void anythingElseIsNotLsd() {
    List<byte[]> bad = List.of(
        search("239.192.152.144:6771", "Infohash: " + HASH1), // another group
        search("239.192.152.143:6771"), // no infohash
        search("239.192.152.143:6771", "Infohash: " + HASH1.substring(1)), // 39 digits
        search("239.192.152.143:6771", "Infohash: " + HASH1.replace('c', 'g')),
        search("239.192.152.143:6771", "Infohash: " + HASH1, "Port: 6882"), // a second Port
        "BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 6881\r\nInfohash: %s\r\n".formatted(HASH1)
            .getBytes(StandardCharsets.US_ASCII), // no empty line
        "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        "BT-SEARCH * HTTP/1.0\r\nHost: 239.192.152.143:6771\r\nPort: 1\r\nInfohash: %s\r\n\r\n".formatted(HASH1)
            .getBytes(StandardCharsets.US_ASCII));
    for (byte[] b : bad) {
      DatagramHarness h = harness("239.192.152.143");
      h.send(0, b);
      assertThat(h.bittorrent()).as(new String(b, StandardCharsets.ISO_8859_1)).isFalse();
    }
  }

  @Test
  void truncatedAndMutatedNeverThrow() {
    byte[] m = search("239.192.152.143:6771", "Infohash: " + HASH1, "cookie: x");
    for (int n = 0; n < m.length - 3; n++) {
      DatagramHarness h = harness("239.192.152.143");
      h.send(0, m, 0, n);
      assertThat(h.bittorrent()).as("cut at %d", n).isFalse();
    }
    Random rnd = new Random(5);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = m.clone();
      b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      new DatagramHarness(LsdDetector::new).send(0, b, 0, rnd.nextInt(b.length + 1));
    }
  }
}
