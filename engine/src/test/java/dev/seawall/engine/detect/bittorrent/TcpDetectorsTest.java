package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The TCP-side detectors on hand-made streams: protocols, look-alikes, and broken input. */
class TcpDetectorsTest {
  private static final byte[] INFOHASH = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef01234567");

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.writeBytes(p);
    return out.toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] handshake(int reserved7) {
    byte[] reserved = {0, 0, 0, 0, 0, 0x10, 0, (byte) reserved7};
    return concat(PeerWire.PROTOCOL, reserved, INFOHASH, ascii("-qB4650-abcdefghijkl"));
  }

  private static byte[] random(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  // Peer wire.

  @Test
  void handshakeGivesKindVersionInfoHashAndClient() {
    StreamHarness h = new StreamHarness();
    h.send(0, handshake(0));
    assertThat(h.kind()).isEqualTo(Kind.PEER_WIRE);
    assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
    assertThat(h.evidence()).isEqualTo(PeerWire.HANDSHAKE_V1_EXT);
    assertThat(h.infohashes()).containsExactly(HexFormat.of().formatHex(INFOHASH));
    assertThat(h.client()).isEqualTo("-qB4650-");
    assertThat(h.learned()).as("the responder listens for BitTorrent").contains("198.51.100.7:6881");

    StreamHarness v2 = new StreamHarness();
    v2.send(0, handshake(0x10));
    assertThat(v2.evidence()).isEqualTo(PeerWire.HANDSHAKE_V2_EXT);
  }

  @Test
  void handshakeSplitAfterItsFirstByteIsStillSeen() {
    byte[] hs = handshake(0);
    StreamHarness h = new StreamHarness();
    h.send(0, Arrays.copyOf(hs, 1));
    assertThat(h.bittorrent()).isFalse();
    h.send(0, Arrays.copyOfRange(hs, 1, hs.length));
    assertThat(h.kind()).isEqualTo(Kind.PEER_WIRE);
    assertThat(h.infohashes()).hasSize(1);
  }

  @Test
  void midStreamMessageChainIsPeerWireOnlyWhenTheStartWasMissed() {
    byte[] request = concat(new byte[] {0, 0, 0, 13, 6}, new byte[] {0, 0, 0, 7}, new byte[] {0, 0, 0x40, 0},
        new byte[] {0, 0, 0x40, 0});
    byte[] chain = concat(request, request, new byte[] {0, 0, 0, 1, 2}, request);
    StreamHarness missed = new StreamHarness(true, false, false);
    missed.send(0, chain);
    assertThat(missed.kind()).isEqualTo(Kind.PEER_WIRE);
    assertThat(missed.evidence()).isEqualTo(MidStreamDetector.EVIDENCE);

    StreamHarness fromStart = new StreamHarness();
    fromStart.send(0, chain);
    assertThat(fromStart.bittorrent()).as("a connection seen from its SYN must open with a handshake").isFalse();

    StreamHarness noise = new StreamHarness(true, false, false);
    noise.send(0, random(new Random(3), 1400));
    noise.send(0, random(new Random(4), 1400));
    assertThat(noise.bittorrent()).isFalse();
  }

  @Test
  void windowsDeliveryOptimizationIsNotBitTorrent() {
    // Windows Update's peer-to-peer delivery (TCP 7680) speaks a BitTorrent-like protocol after its
    // own handshake, "\x0eSwarm protocol" (the false positive of ET rule 2022371).
    byte[] swarm = concat(new byte[] {0x0e}, ascii("Swarm protocol"), new byte[8], INFOHASH, new byte[20]);
    byte[] request = concat(new byte[] {0, 0, 0, 13, 6}, new byte[12]);
    StreamHarness h = new StreamHarness();
    h.send(0, swarm);
    h.send(1, swarm);
    h.send(0, concat(new byte[] {0, 0, 0, 1, 2}, request, request, request));
    assertThat(h.bittorrent()).isFalse();
  }

  // MSE/PE.

  private static final Random R = new Random(20261121);

  private static byte[][] mseExchange() {
    return new byte[][] {random(R, 96 + 217), random(R, 96 + 33), random(R, 124), random(R, 200)};
  }

  private static StreamHarness exchange(StreamHarness h, byte[][] flights) {
    for (int i = 0; i < flights.length; i++) h.send(i % 2, flights[i]);
    return h;
  }

  @Test
  void mseShapeAloneIsHeuristicAndEvidenceRaisesIt() {
    StreamHarness alone = exchange(new StreamHarness(), mseExchange());
    assertThat(alone.kind()).isEqualTo(Kind.MSE);
    assertThat(alone.confidence()).isEqualTo(Confidence.HEURISTIC);

    StreamHarness learned = exchange(new StreamHarness(false, true, false), mseExchange());
    assertThat(learned.confidence()).isEqualTo(Confidence.CORRELATED);
    assertThat(learned.evidence()).isEqualTo(MseDetector.SHAPE_LEARNED_PEER);

    StreamHarness subscriber = exchange(new StreamHarness(false, false, true), mseExchange());
    assertThat(subscriber.confidence()).isEqualTo(Confidence.CORRELATED);
    assertThat(subscriber.evidence()).isEqualTo(MseDetector.SHAPE_SUBSCRIBER);
  }

  @Test
  void msePlaintextNegotiationThenHandshakeIsASignature() {
    byte[][] f = mseExchange();
    StreamHarness h = exchange(new StreamHarness(), new byte[][] {f[0], f[1], f[2], f[3], handshake(0)});
    assertThat(h.kind()).isEqualTo(Kind.MSE);
    assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
    assertThat(h.infohashes()).hasSize(1);
  }

  @Test
  void aFirstFlightIsJudgedOnceItsFirst32BytesAreIn() {
    byte[][] f = mseExchange();
    // A protocol that opens with a 4-byte header in its own segment, then text: the text decides.
    StreamHarness framedText = new StreamHarness();
    framedText.send(0, new byte[] {0x01, 0x07, 0x00, 0x10});
    framedText.send(0, ascii("lorem ipsum dolor sit amet, ".repeat(7)));
    framedText.send(1, f[1]);
    framedText.send(0, f[2]);
    assertThat(framedText.bittorrent()).isFalse();
    // The key exchange itself with its first flight split after a few bytes is still MSE.
    StreamHarness split = new StreamHarness();
    split.send(0, Arrays.copyOf(f[0], 10));
    split.send(0, Arrays.copyOfRange(f[0], 10, f[0].length));
    split.send(1, f[1]);
    split.send(0, f[2]);
    assertThat(split.kind()).isEqualTo(Kind.MSE);
  }

  @Test
  void mseLookAlikesAreRuledOut() throws Exception {
    byte[][] f = mseExchange();
    // Length-prefixed framing (Ethereum RLPx auth: the first two bytes give the rest's length).
    byte[] framed = f[0].clone();
    framed[0] = (byte) ((framed.length - 2) >>> 8);
    framed[1] = (byte) (framed.length - 2);
    assertThat(exchange(new StreamHarness(), new byte[][] {framed, f[1], f[2]}).bittorrent()).isFalse();
    // WhatsApp's Noise prologue.
    byte[] whatsapp = concat(new byte[] {'W', 'A', 5, 2}, Arrays.copyOf(f[0], 200));
    assertThat(exchange(new StreamHarness(), new byte[][] {whatsapp, f[1], f[2]}).bittorrent()).isFalse();
    // Telegram's obfuscated2 transport, built as its clients build it.
    byte[] telegram = concat(obfuscated2Header(R), random(R, 60));
    assertThat(exchange(new StreamHarness(), new byte[][] {telegram, f[1], f[2]}).bittorrent()).isFalse();
    // Text, a responder that keeps talking past 608 bytes, a responder that speaks first.
    byte[] text = ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n" + "x".repeat(100));
    assertThat(exchange(new StreamHarness(), new byte[][] {text, f[1], f[2]}).bittorrent()).isFalse();
    assertThat(exchange(new StreamHarness(), new byte[][] {f[0], random(R, 300), f[2]}).bittorrent())
        .as("control: this shape is MSE").isTrue();
    StreamHarness talkative = new StreamHarness();
    talkative.send(0, f[0]);
    talkative.send(1, random(R, 300));
    talkative.send(1, random(R, 1400));
    talkative.send(0, f[2]);
    assertThat(talkative.bittorrent()).isFalse();
    StreamHarness serverFirst = new StreamHarness();
    serverFirst.send(1, f[1]);
    serverFirst.send(0, f[0]);
    serverFirst.send(1, f[2]);
    assertThat(serverFirst.bittorrent()).isFalse();
    // A first flight too short for a DH value.
    assertThat(exchange(new StreamHarness(), new byte[][] {random(R, 80), f[1], f[2]}).bittorrent()).isFalse();
  }

  /** 64 random bytes whose bytes 56..59 encrypt, under the key and IV in bytes 8..55, to 0xefefefef. */
  static byte[] obfuscated2Header(Random r) throws Exception {
    byte[] init = random(r, 64);
    Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(init, 8, 32, "AES"), new IvParameterSpec(init, 40, 16));
    byte[] keystream = aes.doFinal(new byte[64]);
    for (int i = 56; i < 60; i++) init[i] = (byte) (0xef ^ keystream[i]);
    return init;
  }

  @Test
  void telegramCheckMatchesOnlyTheRealConstruction() throws Exception {
    ObfuscatedTelegram t = new ObfuscatedTelegram();
    Random r = new Random(1);
    for (int i = 0; i < 200; i++) {
      assertThat(t.matches(obfuscated2Header(r), 0, 64)).isTrue();
      assertThat(t.matches(random(r, 64), 0, 64)).isFalse();
    }
  }

  // HTTP trackers, .torrent files, WebTorrent.

  private static String infohashEscaped() {
    StringBuilder sb = new StringBuilder();
    for (byte b : INFOHASH) sb.append('%').append(String.format("%02X", b & 0xff));
    return sb.toString();
  }

  static final String ANNOUNCE = "GET /a/announce?info_hash=" + infohashEscaped()
      + "&peer_id=-TR3000-abcdefghijkl&port=51413&uploaded=0&downloaded=0&left=100&compact=1 HTTP/1.1\r\n"
      + "Host: tracker.example\r\nUser-Agent: Transmission/3.00\r\n\r\n";

  @Test
  void httpAnnounceAndItsReplysPeers() {
    StreamHarness h = new StreamHarness();
    h.send(0, ascii(ANNOUNCE));
    assertThat(h.kind()).isEqualTo(Kind.TRACKER_HTTP);
    assertThat(h.confidence()).isEqualTo(Confidence.SIGNATURE);
    assertThat(h.infohashes()).containsExactly(HexFormat.of().formatHex(INFOHASH));
    assertThat(h.client()).isEqualTo("-TR3000-");
    assertThat(h.learned()).contains("10.0.0.1:51413");
    assertThat(h.finished()).as("the reply is still read for its peers").isFalse();
    byte[] peers = {(byte) 192, 0, 2, 1, 0x1a, (byte) 0xe1, (byte) 192, 0, 2, 2, (byte) 0xc8, (byte) 0xd5};
    h.send(1, concat(ascii("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nd8:intervali1800e5:peers12:"), peers,
        ascii("e")));
    assertThat(h.learned()).contains("192.0.2.1:6881", "192.0.2.2:51413");
    assertThat(h.finished()).isTrue();
  }

  @Test
  void scrapeAndReplyOnlyFlows() {
    StreamHarness scrape = new StreamHarness();
    scrape.send(0, ascii("GET /scrape?info_hash=" + infohashEscaped() + " HTTP/1.1\r\nHost: t\r\n\r\n"));
    assertThat(scrape.evidence()).isEqualTo(HttpTrackerDetector.SCRAPE);

    StreamHarness replyOnly = new StreamHarness();
    replyOnly.send(1, ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1c\r\nd8:completei3e10:incompletei1ee\r\n"));
    assertThat(replyOnly.evidence()).isEqualTo(HttpTrackerDetector.REPLY);
  }

  @Test
  void ordinaryHttpIsNotATracker() {
    StreamHarness item = new StreamHarness();
    item.send(0, ascii("GET /api/v1/items?item_hash=" + "ab".repeat(20) + " HTTP/1.1\r\nHost: shop\r\n\r\n"));
    item.send(1, ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":true}"));
    assertThat(item.bittorrent()).isFalse();
    assertThat(item.finished()).isTrue();

    StreamHarness hashOnly = new StreamHarness();
    hashOnly.send(0, ascii("GET /lookup?info_hash=" + infohashEscaped() + " HTTP/1.1\r\n\r\n"));
    assertThat(hashOnly.bittorrent()).as("an info_hash alone is not a tracker protocol").isFalse();
  }

  @Test
  void torrentFileOverHttp() {
    StreamHarness h = new StreamHarness();
    h.send(0, ascii("GET /files/debian.iso.torrent HTTP/1.1\r\nHost: cdimage\r\n\r\n"));
    h.send(1, ascii("HTTP/1.1 200 OK\r\nContent-Type: application/x-bittorrent\r\n\r\n"
        + "d8:announce36:http://bttracker.debian.org:6969/announce7:comment4:test4:infod6:lengthi1e4:name1:a"
        + "12:piece lengthi262144e6:pieces20:aaaaaaaaaaaaaaaaaaaaee"));
    assertThat(h.kind()).isEqualTo(Kind.TORRENT_FILE);

    StreamHarness page = new StreamHarness();
    page.send(0, ascii("GET /index.html HTTP/1.1\r\n\r\n"));
    page.send(1, ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>d8:announce</body></html>"));
    assertThat(page.bittorrent()).isFalse();
  }

  @Test
  void webTorrentAnnounceOverWebSocketAndTrackerNames() {
    StreamHarness ws = new StreamHarness();
    ws.send(0, ascii("GET /announce HTTP/1.1\r\nHost: tracker\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"));
    ws.send(1, ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"));
    ws.send(0, maskedTextFrame("{\"action\":\"announce\",\"info_hash\":\"abcdefghijklmnopqrst\",\"numwant\":50}"));
    assertThat(ws.kind()).isEqualTo(Kind.WEBTORRENT);
    assertThat(ws.confidence()).isEqualTo(Confidence.SIGNATURE);

    StreamHarness chat = new StreamHarness();
    chat.send(0, ascii("GET /chat HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"));
    chat.send(1, ascii("HTTP/1.1 101 Switching Protocols\r\n\r\n"));
    chat.send(0, maskedTextFrame("{\"action\":\"message\",\"text\":\"hello there, how are you doing today?\"}"));
    assertThat(chat.bittorrent()).isFalse();

    StreamHarness sni = new StreamHarness();
    sni.send(0, clientHello("wss.tracker.webtorrent.dev"));
    assertThat(sni.kind()).isEqualTo(Kind.WEBTORRENT);
    assertThat(sni.confidence()).isEqualTo(Confidence.CORRELATED);
    StreamHarness other = new StreamHarness();
    other.send(0, clientHello("notwebtorrent.dev"));
    assertThat(other.bittorrent()).isFalse();
  }

  static byte[] maskedTextFrame(String text) {
    byte[] payload = ascii(text);
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    byte[] frame = new byte[2 + 4 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
    return frame;
  }

  static byte[] clientHello(String name) {
    byte[] host = ascii(name);
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    int listLength = 3 + host.length;
    ext.writeBytes(new byte[] {0, 0, (byte) ((listLength + 2) >>> 8), (byte) (listLength + 2),
        (byte) (listLength >>> 8), (byte) listLength, 0, (byte) (host.length >>> 8), (byte) host.length});
    ext.writeBytes(host);
    byte[] extensions = ext.toByteArray();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(new byte[] {3, 3});
    body.writeBytes(new byte[32]);
    body.writeBytes(new byte[] {0, 0, 2, 0x13, 0x01, 1, 0});
    body.writeBytes(new byte[] {(byte) (extensions.length >>> 8), (byte) extensions.length});
    body.writeBytes(extensions);
    byte[] b = body.toByteArray();
    byte[] handshake = concat(new byte[] {1, 0, (byte) (b.length >>> 8), (byte) b.length}, b);
    return concat(new byte[] {0x16, 3, 1, (byte) (handshake.length >>> 8), (byte) handshake.length}, handshake);
  }

  // Broken input never throws.

  @Test
  void truncatedAndMutatedStreamsNeverThrow() throws Exception {
    List<byte[][]> streams = List.of(
        new byte[][] {handshake(0x10)},
        mseExchange(),
        new byte[][] {ascii(ANNOUNCE), ascii("HTTP/1.0 200 OK\r\n\r\nd8:intervali1e5:peers6:abcdefe")},
        new byte[][] {ascii("GET /a.torrent HTTP/1.1\r\n\r\n"), ascii("HTTP/1.1 200 OK\r\n\r\nd8:announce1:a4:infodee")},
        new byte[][] {clientHello("tracker.webtorrent.dev")},
        new byte[][] {ascii("GET /announce HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"), ascii("HTTP/1.1 101 OK\r\n\r\n"),
            maskedTextFrame("{\"action\":\"announce\",\"info_hash\":\"x\"}")});
    Random r = new Random(99);
    for (int round = 0; round < 3000; round++) {
      byte[][] stream = streams.get(round % streams.size());
      for (boolean midStream : new boolean[] {false, true}) {
        StreamHarness h = new StreamHarness(midStream, round % 3 == 0, round % 5 == 0);
        for (int i = 0; i < stream.length; i++) {
          byte[] part = stream[i].clone();
          for (int k = r.nextInt(4); k > 0; k--) part[r.nextInt(part.length)] = (byte) r.nextInt();
          h.send(i % 2, Arrays.copyOf(part, 1 + r.nextInt(part.length)));
        }
      }
    }
  }
}
