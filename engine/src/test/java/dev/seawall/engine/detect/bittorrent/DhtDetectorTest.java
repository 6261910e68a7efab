package dev.seawall.engine.detect.bittorrent;

import static dev.seawall.engine.detect.bittorrent.Benc.bytes;
import static dev.seawall.engine.detect.bittorrent.Benc.concat;
import static dev.seawall.engine.detect.bittorrent.Benc.dict;
import static dev.seawall.engine.detect.bittorrent.Benc.encode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Kind;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DhtDetectorTest {
  static final byte[] ID = bytes(0x10, 20);
  static final byte[] HASH = bytes(0xa0, 20);
  static final byte[] TXN = {(byte) 0xf0, 0x01};

  static byte[] query(String method, Object args) {
    return encode(dict("a", args, "q", method, "t", TXN, "v", new byte[] {'L', 'T', 2, 8}, "y", "q"));
  }

  static byte[] getPeers() {
    return query("get_peers", dict("id", ID, "info_hash", HASH));
  }

  static byte[] reply(Object r) {
    return encode(dict("ip", new byte[] {(byte) 203, 0, 113, 9, 0x1a, (byte) 0xe1}, "r", r, "t", TXN, "y", "r"));
  }

  static byte[] peer4(int a, int b, int c, int d, int port) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d, (byte) (port >>> 8), (byte) port};
  }

  private static DatagramHarness harness() {
    return new DatagramHarness(DhtDetector::new);
  }

  @Test
  void aGetPeersQueryIsASignatureWithItsInfohashAndClient() {
    DatagramHarness h = harness();
    h.send(0, getPeers());
    assertThat(h.kind()).isEqualTo(Kind.DHT);
    assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
    assertThat(h.evidence()).isEqualTo(DhtDetector.GET_PEERS);
    assertThat(h.decidedAt()).isEqualTo(1);
    assertThat(h.infohashes()).containsExactly(HexFormat.of().formatHex(HASH));
    assertThat(h.client()).isEqualTo("LT0208");
  }

  @Test
  void everyQueryMethodIsRecognised() {
    Object[][] cases = {
      {"ping", dict("id", ID), DhtDetector.PING},
      {"find_node", dict("id", ID, "target", HASH), DhtDetector.FIND_NODE},
      {"announce_peer", dict("id", ID, "implied_port", 0, "info_hash", HASH, "port", 51413, "token", "tok1"),
          DhtDetector.ANNOUNCE_PEER},
      {"get", dict("id", ID, "target", HASH), DhtDetector.GET},
      {"put", dict("id", ID, "k", bytes(1, 32), "seq", 4, "sig", bytes(2, 64), "token", "tk", "v", "hello"),
          DhtDetector.PUT},
      {"sample_infohashes", dict("id", ID, "target", HASH), DhtDetector.SAMPLE_INFOHASHES},
    };
    for (Object[] c : cases) {
      DatagramHarness h = harness();
      h.send(0, query((String) c[0], c[1]));
      assertThat(h.evidence()).as("%s", c[0]).isEqualTo(c[2]);
      assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
    }
  }

  @Test
  void repliesAloneSufficeAndTheirPeersAndNodesAreLearned() {
    DatagramHarness h = harness();
    byte[] v6 = concat(bytes(0x20, 16), new byte[] {0x1a, (byte) 0xe1});
    byte[] nodes = concat(bytes(0x30, 20), peer4(192, 0, 2, 10, 6881), bytes(0x40, 20), peer4(192, 0, 2, 11, 6882));
    byte[] nodes6 = concat(bytes(0x50, 20), bytes(0x20, 16), new byte[] {0x1a, (byte) 0xe2});
    h.send(1, reply(dict("id", ID, "nodes", nodes, "nodes6", nodes6, "token", "abcd",
        "values", List.of(peer4(198, 51, 100, 1, 51413), v6))));
    assertThat(h.evidence()).isEqualTo(DhtDetector.REPLY);
    assertThat(h.learned()).containsExactlyInAnyOrder("203.0.113.9:6881", "198.51.100.1:51413",
        "[2021:2223:2425:2627:2829:2a2b:2c2d:2e2f]:6881", "192.0.2.10:6881", "192.0.2.11:6882",
        "[2021:2223:2425:2627:2829:2a2b:2c2d:2e2f]:6882",
        "198.51.100.7:6881"); // the last: the classifier remembers the responder of a proven DHT flow
  }

  @Test
  void afterTheQueryTheReplyIsStillHarvested() {
    DatagramHarness h = harness();
    h.send(0, getPeers());
    assertThat(h.finished()).isFalse();
    h.send(1, reply(dict("id", ID, "token", "abcd", "values", List.of(peer4(198, 51, 100, 2, 6881)))));
    assertThat(h.learned()).contains("198.51.100.2:6881");
    assertThat(h.evidence()).isEqualTo(DhtDetector.GET_PEERS); // the verdict stands as first reached
  }

  @Test
  void announcePeerTeachesTheAnnouncersListeningPort() {
    DatagramHarness h = harness();
    h.send(0, query("announce_peer", dict("id", ID, "info_hash", HASH, "port", 51413, "token", "t")));
    assertThat(h.learned()).containsExactly("10.0.0.1:51413", "198.51.100.7:6881");
    DatagramHarness implied = harness();
    implied.send(0, query("announce_peer", dict("id", ID, "implied_port", 1, "info_hash", HASH, "port", 1, "token", "t")));
    assertThat(implied.learned()).containsExactly("10.0.0.1:40001", "198.51.100.7:6881");
  }

  @Test
  void sampleInfohashesRepliesNameInfohashesButTargetsAreNotInfohashes() {
    DatagramHarness h = harness();
    h.send(0, query("sample_infohashes", dict("id", ID, "target", HASH)));
    assertThat(h.infohashes()).isEmpty();
    h.send(1, reply(dict("id", ID, "interval", 21600, "num", 3, "samples", concat(bytes(1, 20), bytes(2, 20), bytes(3, 20)))));
    assertThat(h.infohashes()).hasSize(3).doesNotContain(HexFormat.of().formatHex(HASH));
  }

  @Test
  void errorsAreRecognised() {
    DatagramHarness h = harness();
    h.send(1, encode(dict("e", List.of(201, "A Generic Error Ocurred"), "t", TXN, "y", "e")));
    assertThat(h.evidence()).isEqualTo(DhtDetector.ERROR);
  }

  @Test
  void worksOnAnyPortAndIPv6() {
    DatagramHarness low = new DatagramHarness(DhtDetector::new, "10.0.0.22", 50022, "198.51.100.22", 443);
    low.send(0, getPeers());
    assertThat(low.kind()).isEqualTo(Kind.DHT);
    DatagramHarness v6 = new DatagramHarness(DhtDetector::new, "2001:db8::1", 6881, "2001:db8::2", 53);
    v6.send(0, getPeers());
    assertThat(v6.kind()).isEqualTo(Kind.DHT);
  }

  @Test
  void keyOrderIsNotRequired() {
    DatagramHarness h = harness();
    h.send(0, encode(dict("y", "q", "t", TXN, "q", "ping", "a", dict("id", ID))));
    assertThat(h.evidence()).isEqualTo(DhtDetector.PING);
  }

  @Test
  void wrongShapesAreNotKrpc() {
    List<byte[]> bad = List.of(
        query("get_peers", dict("id", bytes(0, 19), "info_hash", HASH)), // node id not 20 bytes
        query("get_peers", dict("id", ID, "info_hash", bytes(0, 21))),
        query("get_peers", dict("id", ID)), // no info_hash
        query("announce_peer", dict("id", ID, "info_hash", HASH, "port", 70000, "token", "t")),
        reply(dict("id", ID, "nodes", bytes(0, 27))), // not whole 26-byte entries
        reply(dict("id", ID, "values", List.of(bytes(0, 7)))),
        reply(dict("nodes", bytes(0, 26))), // no id
        encode(dict("e", List.of(201), "t", TXN, "y", "e")), // error without message
        encode(dict("e", List.of(999, "x"), "t", TXN, "y", "e")),
        encode(dict("t", TXN, "y", "x")),
        encode(dict("t", "", "y", "q", "q", "ping", "a", dict("id", ID))),
        concat(getPeers(), new byte[] {'x'}), // bytes after the dictionary
        "d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe".replace("20:", "020:").getBytes(),
        new byte[] {0x41, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    for (byte[] b : bad) {
      DatagramHarness h = harness();
      h.send(0, b);
      assertThat(h.bittorrent()).as(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)).isFalse();
      assertThat(h.finished()).isTrue();
    }
  }

  @Test
  void anUnknownMethodWaitsForTheReply() {
    DatagramHarness h = harness();
    h.send(0, query("vote", dict("id", ID, "target", HASH)));
    assertThat(h.bittorrent()).isFalse();
    assertThat(h.finished()).isFalse();
    h.send(1, reply(dict("id", ID)));
    assertThat(h.evidence()).isEqualTo(DhtDetector.REPLY);
  }

  @Test
  void truncatedAtEveryLengthNeverMatchesNorThrows() {
    for (byte[] message : List.of(getPeers(), reply(dict("id", ID, "values", List.of(peer4(1, 2, 3, 4, 5)))))) {
      for (int n = 0; n < message.length; n++) {
        DatagramHarness h = harness();
        h.send(0, message, 0, n);
        assertThat(h.bittorrent()).as("cut at %d", n).isFalse();
      }
    }
  }

  @Test
  void mutatedMessagesNeverThrow() {
    Random rnd = new Random(7);
    byte[] base = reply(dict("id", ID, "nodes", bytes(0, 52), "values", List.of(peer4(1, 2, 3, 4, 5)), "samples", bytes(0, 40)));
    int matched = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] b = base.clone();
      for (int e = 0; e < 1 + rnd.nextInt(3); e++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
      DatagramHarness h = harness();
      h.send(rnd.nextInt(2), b, 0, rnd.nextInt(b.length + 1));
      if (h.bittorrent()) matched++;
    }
    assertThat(matched).isGreaterThan(0); // mutations inside strings keep a valid message
  }
}
