package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Kind;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UdpTrackerDetectorTest {
  static final int TXN = 0x0f2c5ffe, TXN2 = 0x08208eb4;
  static final long CONNECTION = 0x7ea742975da6ca0aL;
  static final byte[] HASH = Benc.bytes(0xb0, 20);

  static byte[] connect(int txn) {
    return ByteBuffer.allocate(16).putLong(UdpTrackerDetector.PROTOCOL_ID).putInt(0).putInt(txn).array();
  }

  static byte[] connectReply(int txn, long connection) {
    return ByteBuffer.allocate(16).putInt(0).putInt(txn).putLong(connection).array();
  }

  /** An announce as libtorrent sends it; {@code options} are BEP 41 bytes appended after the 98. */
  static byte[] announce(long connection, int txn, byte[] options) {
    ByteBuffer b = ByteBuffer.allocate(98 + options.length);
    b.putLong(connection).putInt(1).putInt(txn).put(HASH).put("-LT2080-vMJGJ0Qz7n)x".getBytes());
    b.putLong(0).putLong(2 * 1024 * 1024).putLong(0).putInt(2).putInt(0).putInt(0x3944cd85).putInt(200)
        .putShort((short) 6881);
    b.put(options);
    return b.array();
  }

  static byte[] announceReply(int txn, byte[]... peers) {
    ByteBuffer b = ByteBuffer.allocate(20 + peers.length * (peers.length == 0 ? 0 : peers[0].length));
    b.putInt(1).putInt(txn).putInt(1857).putInt(0).putInt(peers.length);
    for (byte[] p : peers) b.put(p);
    return b.array();
  }

  static final byte[] URL_DATA = {2, 9, '/', 'a', 'n', 'n', 'o', 'u', 'n', 'c', 'e'};

  private static DatagramHarness harness() {
    return new DatagramHarness(UdpTrackerDetector::new, "10.0.0.6", 50006, "198.51.100.6", 1337);
  }

  @Test
  void theConnectRequestAloneIsTheSignature() {
    DatagramHarness h = harness();
    h.send(0, connect(TXN));
    assertThat(h.kind()).isEqualTo(Kind.TRACKER_UDP);
    assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
    assertThat(h.evidence()).isEqualTo(UdpTrackerDetector.CONNECT);
    assertThat(h.decidedAt()).isEqualTo(1);
  }

  @Test
  void theWholeConversationIsHarvested() {
    DatagramHarness h = harness();
    h.send(0, connect(TXN));
    h.send(1, connectReply(TXN, CONNECTION));
    h.send(0, announce(CONNECTION, TXN2, URL_DATA));
    h.send(1, announceReply(TXN2, peer(10, 200, 0, 12, 6881), peer(10, 200, 0, 11, 6881)));
    assertThat(h.infohashes()).containsExactly(HexFormat.of().formatHex(HASH));
    assertThat(h.learned()).containsExactly("10.200.0.12:6881", "10.200.0.11:6881");
    assertThat(h.evidence()).isEqualTo(UdpTrackerDetector.CONNECT_URL_DATA);
  }

  static byte[] peer(int a, int b, int c, int d, int port) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d, (byte) (port >>> 8), (byte) port};
  }

  @Test
  void ipv6TrackersListEighteenBytePeers() {
    DatagramHarness h = new DatagramHarness(UdpTrackerDetector::new, "2001:db8::6", 50006, "2001:db8::1", 6969);
    h.send(0, connect(TXN));
    h.send(1, connectReply(TXN, CONNECTION));
    h.send(0, announce(CONNECTION, TXN2, new byte[0]));
    byte[] peer = Benc.concat(Benc.bytes(0x20, 16), new byte[] {(byte) 0xc8, (byte) 0xd5});
    h.send(1, announceReply(TXN2, peer));
    assertThat(h.learned()).containsExactly("[2021:2223:2425:2627:2829:2a2b:2c2d:2e2f]:51413");
  }

  @Test
  void peersAreNotReadFromAnswersToOtherTransactionsOrConnections() {
    DatagramHarness h = harness();
    h.send(0, connect(TXN));
    h.send(1, connectReply(TXN, CONNECTION));
    h.send(0, announce(CONNECTION + 1, TXN2, new byte[0])); // another connection id: ignored
    h.send(1, announceReply(TXN2, peer(10, 0, 0, 1, 6881)));
    h.send(0, announce(CONNECTION, TXN2, new byte[0]));
    h.send(1, announceReply(TXN2 + 1, peer(10, 0, 0, 2, 6881))); // another transaction
    assertThat(h.learned()).isEmpty();
  }

  @Test
  void withoutConnectAnAnnounceCountsOnceAnswered() {
    DatagramHarness h = harness();
    h.send(0, announce(CONNECTION, TXN2, new byte[] {0, 0}));
    assertThat(h.bittorrent()).isFalse();
    assertThat(h.finished()).isFalse();
    h.send(1, announceReply(TXN2, peer(10, 0, 0, 3, 6881)));
    assertThat(h.evidence()).isEqualTo(UdpTrackerDetector.ANNOUNCE_REPLY);
    assertThat(h.infohashes()).containsExactly(HexFormat.of().formatHex(HASH));
    assertThat(h.learned()).containsExactly("10.0.0.3:6881");
  }

  @Test
  void withoutConnectAScrapeCountsOnceAnswered() {
    DatagramHarness h = harness();
    byte[] scrape = ByteBuffer.allocate(16 + 40).putLong(CONNECTION).putInt(2).putInt(TXN).put(HASH).put(HASH).array();
    h.send(0, scrape);
    assertThat(h.bittorrent()).isFalse();
    h.send(1, ByteBuffer.allocate(8 + 24).putInt(2).putInt(TXN).putInt(1).putInt(5).putInt(0).putInt(1).putInt(2)
        .putInt(3).array());
    assertThat(h.evidence()).isEqualTo(UdpTrackerDetector.SCRAPE_REPLY);
  }

  @Test
  void anAnswerWithTheWrongTransactionRejects() {
    DatagramHarness h = harness();
    h.send(0, announce(CONNECTION, TXN2, new byte[0]));
    h.send(1, announceReply(TXN2 ^ 1));
    assertThat(h.bittorrent()).isFalse();
    assertThat(h.finished()).isTrue();
  }

  @Test
  void nearMissesOfTheConnectAreNotMatched() {
    List<byte[]> bad = List.of(
        ByteBuffer.allocate(16).putLong(UdpTrackerDetector.PROTOCOL_ID + 1).putInt(0).putInt(TXN).array(),
        ByteBuffer.allocate(16).putLong(UdpTrackerDetector.PROTOCOL_ID).putInt(1).putInt(TXN).array(),
        ByteBuffer.allocate(17).putLong(UdpTrackerDetector.PROTOCOL_ID).putInt(0).putInt(TXN).array(),
        announce(CONNECTION, TXN2, new byte[] {2, 20, 'x'}), // URL data running past the end
        new byte[98]);
    for (byte[] b : bad) {
      DatagramHarness h = harness();
      h.send(0, b);
      h.send(1, announceReply(TXN2));
      assertThat(h.bittorrent()).isFalse();
    }
  }

  @Test
  void bep41OptionsAreWalked() {
    assertThat(UdpTrackerDetector.announceOptions(announce(0, 0, new byte[0]), 0, 98)).isEqualTo(0);
    byte[] nopsThenUrl = announce(0, 0, new byte[] {1, 1, 2, 2, '/', 'a', 0, 'j', 'u', 'n', 'k'});
    assertThat(UdpTrackerDetector.announceOptions(nopsThenUrl, 0, nopsThenUrl.length)).isEqualTo(1);
    byte[] unknownType = announce(0, 0, new byte[] {7, 1, 'x'});
    assertThat(UdpTrackerDetector.announceOptions(unknownType, 0, unknownType.length)).isEqualTo(0);
    byte[] cut = announce(0, 0, new byte[] {2});
    assertThat(UdpTrackerDetector.announceOptions(cut, 0, cut.length)).isEqualTo(-1);
  }

  @Test
  void truncatedAndMutatedDatagramsNeverThrow() {
    List<byte[]> conversation = List.of(connect(TXN), connectReply(TXN, CONNECTION), announce(CONNECTION, TXN2, URL_DATA),
        announceReply(TXN2, peer(1, 2, 3, 4, 5)));
    for (int i = 0; i < conversation.size(); i++) {
      byte[] m = conversation.get(i);
      for (int n = 0; n <= m.length; n++) {
        DatagramHarness h = harness();
        for (int j = 0; j < i; j++) h.send(j % 2, conversation.get(j));
        h.send(i % 2, m, 0, n);
        if (i == 0) assertThat(h.bittorrent()).isEqualTo(n == 16);
      }
    }
    Random rnd = new Random(11);
    for (int round = 0; round < 20_000; round++) {
      DatagramHarness h = harness();
      for (int j = 0; j < conversation.size(); j++) {
        byte[] b = conversation.get(j).clone();
        b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
        h.send(j % 2, b, 0, rnd.nextInt(b.length + 1));
      }
    }
  }
}
