package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import java.util.Arrays;

/**
 * The Mainline DHT (BEP 5, 42, 44, 51) on UDP, on any port (port 443 and ports below 1024
 * included: nothing about KRPC depends on the port).
 *
 * <p>SIGNATURE after one message that {@link Krpc#check} accepts: the whole datagram, to its last
 * byte, is one strictly bencoded dictionary with a transaction id, a message type and that type's
 * mandatory structure (a 20-byte node id in every query and reply, the method's own 20-byte
 * target or info-hash, or an error's [code, message] list). Why one message suffices, where nDPI
 * matches substrings and Suricata a prefix: no other protocol on UDP is bencoded, and the
 * protocols that share UDP ports with BitTorrent (STUN, QUIC, DNS, DTLS, RTP, WireGuard, game
 * traffic) are binary; they fail at the first byte ({@code d}) or within a few bytes of strict
 * bencoding, and random bytes pass strict bencoding of a whole datagram with negligible
 * probability. What passes every check is KRPC by construction, whoever sent it.
 *
 * <p>Either direction may come first, so replies alone (asymmetric routing) suffice. After the
 * verdict the detector keeps reading the flow's messages to harvest: info-hashes of {@code
 * get_peers}/{@code announce_peer} queries and of BEP 51 {@code samples}; peers in {@code values}
 * and announcing nodes (their {@code port}); DHT nodes in {@code nodes}/{@code nodes6} and BEP 42
 * {@code ip}. The {@code target} of {@code find_node}, {@code get} and {@code sample_infohashes}
 * is a point in the node-id space, not an info-hash, so it is not recorded as one.
 */
final class DhtDetector implements Detector {
  static final String PING = "DHT KRPC ping query (BEP 5)";
  static final String FIND_NODE = "DHT KRPC find_node query (BEP 5)";
  static final String GET_PEERS = "DHT KRPC get_peers query (BEP 5)";
  static final String ANNOUNCE_PEER = "DHT KRPC announce_peer query (BEP 5)";
  static final String GET = "DHT KRPC get query (BEP 44)";
  static final String PUT = "DHT KRPC put query (BEP 44)";
  static final String SAMPLE_INFOHASHES = "DHT KRPC sample_infohashes query (BEP 51)";
  static final String REPLY = "DHT KRPC reply (BEP 5)";
  static final String ERROR = "DHT KRPC error (BEP 5)";
  private static final String[] EVIDENCE = {
    PING, FIND_NODE, GET_PEERS, ANNOUNCE_PEER, GET, PUT, SAMPLE_INFOHASHES, REPLY, ERROR
  };

  /** Bencoded datagrams that are not yet a known message before the flow is given up. */
  private static final int MAX_OTHER = 3;

  /** Per flow: bit 0 decided, bit 1 client version seen, bits 2-4 bencoded datagrams not (yet) a known message. */
  private byte[] state;
  private static final int DECIDED = 1, CLIENT_SEEN = 2, OTHER = 4;
  private final byte[] version = new byte[8];

  DhtDetector(int capacity) {
    state = new byte[capacity];
  }

  @Override
  public void growTo(int flows) {
    state = Arrays.copyOf(state, flows);
  }

  @Override
  public String name() {
    return "dht";
  }

  @Override
  public boolean tcp() {
    return false;
  }

  @Override
  public boolean udp() {
    return true;
  }

  @Override
  public boolean mayOpenWith(int direction, int firstByte) {
    return firstByte == 'd'; // every KRPC message is a bencoded dictionary
  }

  @Override
  public void onDatagram(FlowContext ctx, byte[] buf, int off, int len) {
    int f = ctx.flow();
    if (ctx.newFlow()) state[f] = 0;
    boolean decided = (state[f] & DECIDED) != 0;
    if (!Krpc.mayBe(buf, off, len)) {
      // uTP shares the port (and the 5-tuple) with the DHT in libtorrent and transmission: after
      // the verdict other datagrams are skipped; before it, this flow does not start as KRPC.
      if (!decided) ctx.reject();
      return;
    }
    int message = Krpc.check(buf, off, len);
    if (message == Krpc.INVALID || message == Krpc.OTHER) {
      if (!decided && (message == Krpc.INVALID || (state[f] += OTHER) >>> 2 > MAX_OTHER)) ctx.reject();
      return;
    }
    harvest(ctx, buf, off, off + len, message);
    if (!decided) {
      state[f] |= DECIDED;
      ctx.matchAndHarvest(Kind.DHT, Confidence.SIGNATURE, EVIDENCE[message]);
    }
  }

  private void harvest(FlowContext ctx, byte[] b, int dict, int end, int message) {
    clientVersion(ctx, b, dict, end);
    int ip = Bencode.find(b, dict, end, Krpc.IP);
    if (ip >= 0) learnEndpoint(ctx, b, ip, end);
    if (message == Krpc.GET_PEERS || message == Krpc.ANNOUNCE_PEER) {
      int a = Bencode.find(b, dict, end, Krpc.A);
      ctx.infohash(b, Bencode.stringStart(b, Bencode.find(b, a, end, Krpc.INFO_HASH), end));
      if (message == Krpc.ANNOUNCE_PEER) announcingPeer(ctx, b, a, end);
    } else if (message == Krpc.REPLY) {
      int r = Bencode.find(b, dict, end, Krpc.R);
      int values = Bencode.find(b, r, end, Krpc.VALUES);
      if (values >= 0) {
        for (int p = values + 1; !Bencode.atEnd(b, p, end); p = Bencode.end(b, p, end)) learnEndpoint(ctx, b, p, end);
      }
      learnList(ctx, b, r, end, Krpc.NODES, CompactPeers.V4);
      learnList(ctx, b, r, end, Krpc.NODES6, CompactPeers.V6);
      int samples = Bencode.find(b, r, end, Krpc.SAMPLES);
      if (samples >= 0) {
        int s = Bencode.stringStart(b, samples, end);
        int n = Bencode.stringLength(b, samples, end);
        for (int i = 0; i + 20 <= n; i += 20) ctx.infohash(b, s + i);
      }
    }
  }

  /** The announcing node listens for peers on {@code port}, or on its UDP port if {@code implied_port} is 1. */
  private static void announcingPeer(FlowContext ctx, byte[] b, int args, int end) {
    long port = Bencode.integer(b, Bencode.find(b, args, end, Krpc.PORT), end);
    if (Bencode.integer(b, Bencode.find(b, args, end, Krpc.IMPLIED_PORT), end) == 1) {
      port = ctx.fromInitiator() ? ctx.initiatorPort() : ctx.responderPort();
    }
    if (port <= 0 || port > 65535) return;
    if (ctx.fromInitiator()) ctx.learnPeer(ctx.initiatorHi(), ctx.initiatorLo(), (int) port);
    else ctx.learnPeer(ctx.responderHi(), ctx.responderLo(), (int) port);
  }

  private static void learnList(FlowContext ctx, byte[] b, int dict, int end, byte[] key, int endpoint) {
    int v = Bencode.find(b, dict, end, key);
    if (v < 0) return;
    CompactPeers.learn(ctx, b, Bencode.stringStart(b, v, end), Bencode.stringLength(b, v, end),
        CompactPeers.NODE_ID, endpoint);
  }

  private static void learnEndpoint(FlowContext ctx, byte[] b, int v, int end) {
    int n = Bencode.stringLength(b, v, end);
    if (n == CompactPeers.V4 || n == CompactPeers.V6) CompactPeers.learnOne(ctx, b, Bencode.stringStart(b, v, end), n);
  }

  /**
   * BEP 5's {@code v}: by convention two letters naming the client and two bytes of version
   * ("LT" 0x02 0x08 = libtorrent 2.0.8), recorded as "LT0208"; a printable {@code v} as it is.
   */
  private void clientVersion(FlowContext ctx, byte[] b, int dict, int end) {
    int f = ctx.flow();
    if ((state[f] & CLIENT_SEEN) != 0) return;
    int v = Bencode.find(b, dict, end, Krpc.V);
    if (v < 0) return;
    int s = Bencode.stringStart(b, v, end);
    int n = Bencode.stringLength(b, v, end);
    if (n < 2 || !printable(b[s]) || !printable(b[s + 1])) return;
    state[f] |= CLIENT_SEEN;
    int shown = Math.min(n, 8);
    int printableLength = 0;
    while (printableLength < shown && printable(b[s + printableLength])) printableLength++;
    if (printableLength == shown) {
      ctx.clientId(b, s, shown);
    } else if (n == 4) {
      version[0] = b[s];
      version[1] = b[s + 1];
      for (int i = 0; i < 2; i++) {
        int x = b[s + 2 + i] & 0xff;
        version[2 + 2 * i] = (byte) Character.forDigit(x >>> 4, 16);
        version[3 + 2 * i] = (byte) Character.forDigit(x & 15, 16);
      }
      ctx.clientId(version, 0, 6);
    } else {
      ctx.clientId(b, s, 2);
    }
  }

  private static boolean printable(byte c) {
    return c >= 0x20 && c < 0x7f;
  }
}
