package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.packet.Bytes;
import dev.seawall.engine.packet.Packet;
import java.util.Arrays;

/**
 * HTTP tracker requests and replies (BEP 3, 23, 48). An announce is a GET whose query carries an
 * {@code info_hash} that decodes to exactly 20 bytes together with {@code peer_id} or {@code
 * port}; a scrape has {@code info_hash} on a {@code scrape} path. A reply is a bencoded dictionary
 * with tracker keys ({@code interval}, {@code peers}, {@code failure reason}, {@code files}).
 * Either side suffices (asymmetric routing shows only one). After a request matches, the reply is
 * still read to learn the peers it lists, so their later encrypted connections are recognised.
 */
final class HttpTrackerDetector implements Detector {
  static final String ANNOUNCE = "HTTP tracker announce (info_hash + peer_id/port)";
  static final String SCRAPE = "HTTP tracker scrape (info_hash)";
  static final String REPLY = "HTTP tracker reply (bencoded interval/peers/failure reason)";

  private static final byte[] INFO_HASH = Bytes.ascii("info_hash=");
  private static final byte[] PEER_ID = Bytes.ascii("peer_id=");
  private static final byte[] PORT = Bytes.ascii("port=");
  private static final byte[] SCRAPE_PATH = Bytes.ascii("scrape");
  private static final byte[] CHUNKED = Bytes.ascii("chunked");
  private static final byte[] TRANSFER_ENCODING = Bytes.ascii("transfer-encoding:");
  private static final byte[][] REPLY_KEYS = {
    Bytes.ascii("8:interval"), Bytes.ascii("5:peers"), Bytes.ascii("6:peers6"), Bytes.ascii("14:failure reason"),
    Bytes.ascii("5:files"), Bytes.ascii("8:complete"), Bytes.ascii("10:incomplete")
  };
  private static final byte[] PEERS = Bytes.ascii("5:peers");
  private static final byte[] PEERS6 = Bytes.ascii("6:peers6");

  private static final byte LOOKING = 0, HARVESTING = 1;

  private byte[] state;
  private final byte[] scratch = new byte[20];

  HttpTrackerDetector(int capacity) {
    state = new byte[capacity];
  }

  @Override
  public void growTo(int flows) {
    state = Arrays.copyOf(state, flows);
  }

  @Override
  public String name() {
    return "http-tracker";
  }

  @Override
  public boolean tcp() {
    return true;
  }

  @Override
  public boolean udp() {
    return false;
  }

  @Override
  public boolean mayOpenWith(int direction, int firstByte) {
    return direction == 0 ? Http.mayOpenRequest(firstByte) : Http.mayOpenResponse(firstByte);
  }

  @Override
  public void onStream(FlowContext ctx, byte[] buf, int off, int len) {
    if (ctx.newFlow()) state[ctx.flow()] = LOOKING;
    byte[] b;
    int from, to;
    if (ctx.prefix() != null) {
      b = ctx.prefix();
      from = ctx.prefixOffset();
      to = from + ctx.prefixLength();
    } else if (ctx.streamOffset() == 0) {
      b = buf;
      from = off;
      to = off + len;
    } else {
      ctx.reject(); // without a window the message start is gone
      return;
    }
    // No more bytes of this message will join the view: the window is exhausted (or absent).
    boolean windowFull = ctx.prefix() == null || ctx.streamOffset() + len > ctx.prefixLength();
    if (ctx.direction() == 0) {
      if (state[ctx.flow()] == LOOKING) request(ctx, b, from, to, windowFull);
    } else {
      reply(ctx, b, from, to, windowFull);
    }
  }

  private void request(FlowContext ctx, byte[] b, int from, int to, boolean windowFull) {
    int target = Http.requestTarget(b, from, to);
    if (target < 0) {
      if (!Http.couldBeRequest(b, from, to) || to - from >= 5) ctx.reject();
      return;
    }
    int lineEnd = Http.lineEnd(b, target, to);
    if (lineEnd < 0) {
      if (windowFull) ctx.reject();
      return;
    }
    int infoHash = Http.queryParameter(b, target, lineEnd, INFO_HASH);
    if (infoHash < 0 || Http.percentDecode(b, infoHash, Http.valueEnd(b, infoHash, lineEnd), scratch) != 20) {
      ctx.reject();
      return;
    }
    int peerId = Http.queryParameter(b, target, lineEnd, PEER_ID);
    int port = Http.queryParameter(b, target, lineEnd, PORT);
    boolean scrape = Bytes.indexOf(b, target, pathEnd(b, target, lineEnd), SCRAPE_PATH) >= 0;
    if (peerId < 0 && port < 0 && !scrape) {
      ctx.reject(); // an info_hash alone is not a tracker protocol
      return;
    }
    ctx.infohash(scratch, 0);
    if (peerId >= 0) {
      int n = Http.percentDecode(b, peerId, Http.valueEnd(b, peerId, lineEnd), scratch);
      if (n == 20) PeerWire.reportPeerId(ctx, scratch, 0);
    }
    if (port >= 0) {
      int p = decimal(b, port, Http.valueEnd(b, port, lineEnd));
      if (p > 0 && p < 65536) ctx.learnPeer(ctx.initiatorHi(), ctx.initiatorLo(), p);
    }
    state[ctx.flow()] = HARVESTING;
    ctx.matchAndHarvest(Kind.TRACKER_HTTP, Confidence.SIGNATURE, scrape && peerId < 0 ? SCRAPE : ANNOUNCE);
  }

  private void reply(FlowContext ctx, byte[] b, int from, int to, boolean windowFull) {
    if (Http.status(b, from, to) < 0) {
      if (to - from >= 12 || !Http.couldBeResponse(b, from, to)) ctx.reject();
      return;
    }
    int body = Http.bodyStart(b, from, to);
    if (body < 0 || to - body < 2) {
      if (windowFull) ctx.reject();
      return;
    }
    if (Http.headerValue(b, from, body, TRANSFER_ENCODING) >= 0
        && Bytes.indexOf(b, from, body, CHUNKED) >= 0) {
      int chunkLine = Http.lineEnd(b, body, to);
      if (chunkLine < 0 || chunkLine + 2 >= to) {
        if (windowFull) ctx.reject();
        return;
      }
      body = chunkLine + 2;
    }
    if (b[body] != 'd' || !hasReplyKey(b, body, to)) {
      ctx.reject();
      return;
    }
    harvestPeers(ctx, b, body, to);
    if (state[ctx.flow()] == LOOKING) ctx.match(Kind.TRACKER_HTTP, Confidence.SIGNATURE, REPLY);
    else ctx.reject(); // harvest done: the verdict stands
  }

  private static boolean hasReplyKey(byte[] b, int from, int to) {
    for (byte[] key : REPLY_KEYS) {
      if (Bytes.indexOf(b, from, Math.min(to, from + 512), key) >= 0) return true;
    }
    return false;
  }

  /** Compact peer lists (BEP 23: 6 bytes each; BEP 7: 18 bytes for IPv6) become learned peers. */
  private static void harvestPeers(FlowContext ctx, byte[] b, int from, int to) {
    int at = Bytes.indexOf(b, from, to, PEERS6);
    if (at >= 0) learnCompact(ctx, b, at + PEERS6.length, to, 18);
    at = Bytes.indexOf(b, from, to, PEERS);
    if (at >= 0 && (at + PEERS.length >= to || b[at + PEERS.length] != '6')) learnCompact(ctx, b, at + PEERS.length, to, 6);
  }

  private static void learnCompact(FlowContext ctx, byte[] b, int at, int to, int entry) {
    int colon = at;
    int length = 0;
    while (colon < to && b[colon] >= '0' && b[colon] <= '9' && colon - at < 7) {
      length = length * 10 + (b[colon] - '0');
      colon++;
    }
    if (colon == at || colon >= to || b[colon] != ':' || length % entry != 0) return;
    int end = Math.min(to, colon + 1 + length);
    for (int p = colon + 1; p + entry <= end; p += entry) {
      if (entry == 6) {
        ctx.learnPeer(0, Packet.V4_MAPPED_PREFIX | Bytes.u32(b, p), Bytes.u16(b, p + 4));
      } else {
        ctx.learnPeer(Bytes.i64(b, p), Bytes.i64(b, p + 8), Bytes.u16(b, p + 16));
      }
    }
  }

  private static int pathEnd(byte[] b, int target, int lineEnd) {
    for (int i = target; i < lineEnd; i++) if (b[i] == '?' || b[i] == ' ') return i;
    return lineEnd;
  }

  private static int decimal(byte[] b, int from, int to) {
    if (to <= from || to - from > 5) return -1;
    int v = 0;
    for (int i = from; i < to; i++) {
      if (b[i] < '0' || b[i] > '9') return -1;
      v = v * 10 + (b[i] - '0');
    }
    return v;
  }
}
