package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Kind;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtpDetectorTest {
  static final int DATA = 0, FIN = 1, STATE = 2, RESET = 3, SYN = 4;

  /** A uTP packet: {@code extensions} is the chain after the header (first type given separately). */
  static byte[] utp(int type, int firstExtension, byte[] extensions, int conn, int ts, int tdiff, int wnd, int seq,
      int ack, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(20 + extensions.length + payload.length);
    b.put((byte) (type << 4 | 1)).put((byte) firstExtension).putShort((short) conn).putInt(ts).putInt(tdiff).putInt(wnd)
        .putShort((short) seq).putShort((short) ack).put(extensions).put(payload);
    return b.array();
  }

  static byte[] utp(int type, int conn, int ts, int tdiff, int seq, int ack, byte[] payload) {
    return utp(type, 0, new byte[0], conn, ts, tdiff, 0x100000, seq, ack, payload);
  }

  static final byte[] NONE = new byte[0];
  static final byte[] HASH = Benc.bytes(0xc0, 20);

  static byte[] handshake() {
    ByteBuffer b = ByteBuffer.allocate(68);
    b.put((byte) 19).put("BitTorrent protocol".getBytes()).put(new byte[] {0, 0, 0, 0, 0, 0x10, 0, 5}).put(HASH)
        .put("-LT2080-abcdefghijkl".getBytes());
    return b.array();
  }

  static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static DatagramHarness harness() {
    return new DatagramHarness(UtpDetector::new);
  }

  /** libtorrent's opening as captured in the lab: SYN (window 0), STATE, DATA with the handshake both ways. */
  @Test
  void synAnsweredIsTheSignatureAndTheHandshakeInsideIsReported() {
    DatagramHarness h = harness();
    h.send(0, utp(SYN, 0, NONE, 0x8038, 0xfd3debd3, 0, 0, 0xcdfb, 0, NONE));
    assertThat(h.bittorrent()).isFalse();
    h.send(1, utp(STATE, 0x8038, 0xfd3dec5e, 0x28, 0x407f, 0xcdfb, NONE));
    assertThat(h.kind()).isEqualTo(Kind.UTP);
    assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
    assertThat(h.decidedAt()).isEqualTo(2);
    assertThat(h.evidence()).isEqualTo(UtpDetector.SYN_ANSWERED);
    h.send(0, utp(DATA, 0x8039, 0xfd3decb4, 0x22, 0xcdfc, 0x407e, handshake()));
    assertThat(h.evidence()).isEqualTo(UtpDetector.HANDSHAKE_V1_EXT);
    assertThat(h.infohashes()).containsExactly(HexFormat.of().formatHex(HASH));
    assertThat(h.client()).isEqualTo("-LT2080-");
    h.send(1, utp(DATA, 0x8038, 0xfd3ded0a, 0x1a, 0x407f, 0xcdfc, handshake()));
    assertThat(h.finished()).isTrue(); // both payloads read: nothing more to learn
    assertThat(h.learned()).containsOnly("198.51.100.7:6881"); // the proven uTP responder
  }

  @Test
  void transmissionsExtensionBitsAndAnyWindowAreAccepted() {
    byte[] bits = {0, 8, 0, 0, 0, 0, 0, 0, 0, 0};
    for (int window : new int[] {0, 1, 60_000, 65_566, 1 << 20, -1}) {
      DatagramHarness h = harness();
      h.send(0, utp(SYN, 2, bits, 0x8620, 0x8e179adb, 0, window, 0x0d66, 0, NONE));
      h.send(1, utp(STATE, 2, bits, 0x8620, 0x8e179b71, 0, window, 0xb45d, 0x0d66, NONE));
      assertThat(h.evidence()).as("window %d", window).isEqualTo(UtpDetector.SYN_ANSWERED);
    }
  }

  @Test
  void anMseKeyExchangeInsideIsNamed() {
    DatagramHarness h = harness();
    h.send(0, utp(SYN, 0x3cd5, 0xfe1d0c27, 0, 0x8fd9, 0, NONE));
    h.send(1, utp(STATE, 0x3cd5, 0xfe1d0cb5, 0x2f, 0x84a1, 0x8fd9, NONE));
    h.send(0, utp(DATA, 0x3cd6, 0xfe1d1013, 0x1f, 0x8fda, 0x84a0, random(1, 217)));
    assertThat(h.evidence()).isEqualTo(UtpDetector.MSE_INSIDE);
    assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
  }

  @Test
  void aConversationSeenMidStreamIsRecognisedFromBothDirections() {
    DatagramHarness h = harness();
    int ts = 0x10000000;
    h.send(0, utp(DATA, 0x5001, ts, 900, 0x2000, 0x7000, random(2, 1000)));
    h.send(1, utp(STATE, 0x5000, 0x70000000, 1100, 0x7001, 0x2000, NONE));
    h.send(0, utp(DATA, 0x5001, ts + 300, 1000, 0x2001, 0x7000, random(3, 1000)));
    assertThat(h.bittorrent()).isFalse();
    h.send(1, utp(STATE, 0x5000, 0x70000200, 1100, 0x7001, 0x2001, NONE));
    assertThat(h.evidence()).isEqualTo(UtpDetector.MID_STREAM);
    assertThat(h.decidedAt()).isEqualTo(4);
  }

  @Test
  void aDataPacketOpeningWithTheHandshakeIsEnoughAlone() {
    DatagramHarness h = harness();
    h.send(0, utp(DATA, 0x1234, 77, 0, 5, 9, handshake()));
    assertThat(h.evidence()).isEqualTo(UtpDetector.HANDSHAKE_V1_EXT);
    assertThat(h.decidedAt()).isEqualTo(1);
  }

  @Test
  void oneDirectionWithWholePeerWireMessagesIsASignature() {
    DatagramHarness h = harness();
    byte[] extended = ByteBuffer.allocate(31).putInt(27).put((byte) 20).put((byte) 2)
        .put("d8:msg_typei0e5:piecei0ee".getBytes()).array();
    h.send(0, utp(STATE, 0xacd2, 0xf82a43d2, 0xbaf0f0fc, 0xd449, 0x6c42, NONE));
    h.send(0, utp(STATE, 0xacd2, 0xf82a483d, 0xbaf0ee42, 0xd449, 0x6c43, NONE));
    h.send(0, utp(DATA, 0xacd2, 0xf830a098, 0xbaf0ede6, 0xd449, 0x6c45, ByteBuffer.allocate(6).putInt(351)
        .put((byte) 20).put((byte) 1).array())); // a message header alone: not whole
    assertThat(h.bittorrent()).isFalse();
    h.send(0, utp(DATA, 0xacd2, 0xf836f2d2, 0xbaf0eb2f, 0xd44a, 0x6c46, extended));
    assertThat(h.evidence()).isEqualTo(UtpDetector.ONE_WAY_PEER_WIRE);
    assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
  }

  @Test
  void oneDirectionWithoutMessagesIsOnlyAHeuristic() {
    DatagramHarness h = harness();
    int seq = 100;
    for (int i = 0; i < 6; i++) {
      h.send(0, utp(DATA, 0x4444, 1000 + i * 5000, 20_000, seq++, 500, random(i, 300)));
    }
    assertThat(h.confidence()).isEqualTo(Confidence.HEURISTIC);
    assertThat(h.evidence()).isEqualTo(UtpDetector.ONE_WAY);
    assertThat(h.finished()).isFalse(); // still looking for stronger evidence
    h.send(1, utp(STATE, 0x4443, 9_000_000, 25_000, 700, seq - 1, NONE));
    h.send(1, utp(STATE, 0x4443, 9_000_300, 25_000, 700, seq - 1, NONE));
    h.send(0, utp(DATA, 0x4444, 40_000, 20_000, seq, 700, random(9, 300)));
    assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
    assertThat(h.evidence()).isEqualTo(UtpDetector.MID_STREAM);
  }

  @Test
  void theConversationMustHoldTogether() {
    record Case(String why, byte[] first, byte[] second) {}
    byte[] syn = utp(SYN, 0x8038, 5, 0, 0xcdfb, 0, NONE);
    List<Case> cases = List.of(
        new Case("reply on another connection id", syn, utp(STATE, 0x8039, 9, 40, 0x407f, 0xcdfb, NONE)),
        new Case("reply not acknowledging the SYN", syn, utp(STATE, 0x8038, 9, 40, 0x407f, 0xcdfa, NONE)),
        new Case("a SYN answered by a SYN", syn, utp(SYN, 0x8038, 9, 0, 0x407f, 0xcdfb, NONE)),
        new Case("a SYN that received something", utp(SYN, 0x8038, 5, 7, 0xcdfb, 0, NONE),
            utp(STATE, 0x8038, 9, 40, 0x407f, 0xcdfb, NONE)),
        new Case("a SYN without a timestamp", utp(SYN, 0x8038, 0, 0, 0xcdfb, 0, NONE),
            utp(STATE, 0x8038, 9, 40, 0x407f, 0xcdfb, NONE)),
        new Case("a SYN with payload", utp(SYN, 0x8038, 5, 0, 0xcdfb, 0, new byte[] {1}),
            utp(STATE, 0x8038, 9, 40, 0x407f, 0xcdfb, NONE)),
        new Case("a STATE with payload", syn, utp(STATE, 0x8038, 9, 40, 0x407f, 0xcdfb, new byte[] {1})),
        new Case("ids not one apart", utp(DATA, 0x5001, 5, 9, 1, 1, new byte[] {1}),
            utp(STATE, 0x5003, 9, 9, 1, 1, NONE)),
        new Case("an ack far ahead of what was sent", utp(DATA, 0x5001, 5, 9, 100, 1, new byte[] {1}),
            utp(STATE, 0x5000, 9, 9, 1, 5000, NONE)),
        new Case("delays that sum to hours", utp(DATA, 0x5001, 5, 0x40000000, 100, 1, new byte[] {1}),
            utp(STATE, 0x5000, 9, 0x40000000, 1, 100, NONE)));
    for (Case c : cases) {
      DatagramHarness h = harness();
      h.send(0, c.first());
      h.send(1, c.second());
      assertThat(h.bittorrent()).as(c.why()).isFalse();
      assertThat(h.finished()).as(c.why()).isTrue();
    }
  }

  @Test
  void headersMustBeStrict() {
    byte[] ok = utp(DATA, 0, new byte[0], 1, 2, 3, 4, 5, 6, new byte[] {9});
    assertThat(UtpHeader.payloadStart(ok, 0, ok.length)).isEqualTo(20);
    byte[] sack = utp(STATE, 1, new byte[] {3, 4, 1, 2, 3, 4, 0, 4, 0, 0, 0, 1}, 1, 2, 3, 4, 5, 6, NONE);
    assertThat(UtpHeader.payloadStart(sack, 0, sack.length)).isEqualTo(32); // SACK then close reason
    List<byte[]> bad = List.of(
        new byte[19],
        utp(5, 0, NONE, 1, 2, 3, 4, 5, 6, NONE), // type 5
        ByteBuffer.allocate(20).put((byte) 0x02).array(), // version 2
        utp(STATE, 4, new byte[] {0, 4, 0, 0, 0, 0}, 1, 2, 3, 4, 5, 6, NONE), // unknown extension
        utp(STATE, 1, new byte[] {0, 3, 0, 0, 0}, 1, 2, 3, 4, 5, 6, NONE), // SACK not 4-aligned
        utp(STATE, 2, new byte[] {0, 4, 0, 0, 0, 0}, 1, 2, 3, 4, 5, 6, NONE), // extension bits not 8
        utp(STATE, 1, new byte[] {0, 8, 0, 0}, 1, 2, 3, 4, 5, 6, NONE), // runs past the datagram
        utp(STATE, 1, new byte[] {1, 4, 0, 0, 0, 0, 1, 4, 0, 0, 0, 0, 1, 4, 0, 0, 0, 0, 1, 4, 0, 0, 0, 0, 0, 4, 0, 0,
            0, 0}, 1, 2, 3, 4, 5, 6, NONE), // five extensions
        utp(DATA, 1, 2, 3, 4, 5, NONE), // DATA without payload
        utp(RESET, 1, 2, 3, 4, 5, new byte[] {1}));
    for (byte[] b : bad) assertThat(UtpHeader.payloadStart(b, 0, b.length)).isEqualTo(UtpHeader.INVALID);
  }

  @Test
  void dhtOnTheSamePortDoesNotBreakTheConversation() {
    DatagramHarness h = harness();
    h.send(0, utp(SYN, 0x8038, 5, 0, 0xcdfb, 0, NONE));
    h.send(1, DhtDetectorTest.getPeers());
    h.send(1, utp(STATE, 0x8038, 9, 40, 0x407f, 0xcdfb, NONE));
    assertThat(h.evidence()).isEqualTo(UtpDetector.SYN_ANSWERED);
  }

  /**
   * The probe set's look-alikes, many times over with fresh random bytes: a 20-byte DNS query
   * with id 0x41xx, game heartbeats 0x41 00 / 0x21 00 both ways, random datagrams 0x01 00 both
   * ways. None may ever be called uTP.
   */
  @Test
  void lookAlikeConversationsAreNeverUtp() {
    Random rnd = new Random(20241021);
    int matched = 0;
    for (int round = 0; round < 30_000; round++) {
      DatagramHarness h = harness();
      int kind = round % 3;
      for (int i = 0; i < 12 && !h.finished(); i++) {
        int dir = i % 2;
        byte[] b = new byte[kind == 2 ? 62 + rnd.nextInt(340) : 20];
        rnd.nextBytes(b);
        if (kind == 0) { // DNS query and answer, id 0x41xx
          b = ByteBuffer.allocate(20).put((byte) 0x41).put((byte) rnd.nextInt(256)).putShort((short) (dir == 0 ? 0x0100 : 0x8180))
              .putShort((short) 1).putShort((short) dir).putInt(0).put(new byte[] {2, 'a', 'a', 0, 0, 1, 0, 1}).array();
        } else if (kind == 1) {
          b[0] = (byte) (dir == 0 ? 0x41 : 0x21);
          b[1] = 0;
        } else {
          b[0] = 1;
          b[1] = 0;
        }
        h.send(dir, b);
      }
      if (h.bittorrent()) matched++;
    }
    assertThat(matched).isZero();
  }

  @Test
  void truncatedAndMutatedConversationsNeverThrow() {
    List<byte[]> conversation = List.of(utp(SYN, 0x8038, 5, 0, 0xcdfb, 0, NONE), utp(STATE, 0x8038, 9, 40, 0x407f, 0xcdfb, NONE),
        utp(DATA, 0x8039, 12, 30, 0xcdfc, 0x407e, handshake()), utp(STATE, 1, new byte[] {3, 4, 1, 2, 3, 4, 0, 4, 0, 0, 0, 1},
            0x8038, 20, 30, 64, 0x407f, 0xcdfc, NONE));
    for (int i = 0; i < conversation.size(); i++) {
      for (int n = 0; n <= conversation.get(i).length; n++) {
        DatagramHarness h = harness();
        for (int j = 0; j < i; j++) h.send(j == 1 ? 1 : 0, conversation.get(j));
        h.send(i == 1 ? 1 : 0, conversation.get(i), 0, n);
      }
    }
    Random rnd = new Random(3);
    for (int round = 0; round < 20_000; round++) {
      DatagramHarness h = harness();
      for (int j = 0; j < conversation.size(); j++) {
        byte[] b = conversation.get(j).clone();
        b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
        h.send(j == 1 ? 1 : 0, b, 0, rnd.nextInt(b.length + 1));
      }
    }
  }
}
