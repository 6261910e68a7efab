package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.packet.Addresses;
import dev.seawall.engine.packet.Bytes;
import java.util.Arrays;

/**
 * The UDP tracker protocol (BEP 15, with BEP 41 URL data). A conversation is: connect request
 * (16 bytes: the 64-bit protocol id {@code 0x41727101980}, action 0, transaction id) and its reply
 * (action 0, the same transaction id, a connection id); then announce (98 bytes and BEP 41
 * options: that connection id, action 1, info-hash at 16, peer id, counters, event, port) or
 * scrape (action 2, 20 bytes per info-hash), each answered with the same action and transaction
 * id (an announce reply: interval, leechers, seeders, then 6-byte IPv4 or 18-byte IPv6 peers), or
 * by an error (action 3).
 *
 * <p>The verdict comes with the connect request alone. Its first eight bytes are a 64-bit constant
 * that BEP 15 fixed for no other reason than to identify the protocol, followed by action 0 in the
 * next four and nothing else: 96 fixed bits out of 128 in a datagram of exactly 16 bytes. Random
 * or unrelated traffic matches with probability 2^-96; no other protocol uses the constant; and
 * anyone who sends it on purpose is speaking BEP 15 to a tracker. (Suricata's ET rule 2010144 and
 * libprotoident rely on the same bytes.) A client that reuses a connection id skips the connect;
 * then an announce or scrape counts only once the other side answers it with the same action and
 * 32-bit transaction id, since the request's own fixed bits (action, event) are too few.
 *
 * <p>After the verdict the conversation is followed to harvest the announced info-hashes, scraped
 * info-hashes and the peers in announce replies (checked against the transaction and connection
 * ids, so unrelated datagrams are not read as peers).
 */
final class UdpTrackerDetector implements Detector {
  static final String CONNECT = "UDP tracker connect request (BEP 15 protocol id)";
  static final String CONNECT_URL_DATA = "UDP tracker connect request (BEP 15 protocol id), announce with BEP 41 URL data";
  static final String ANNOUNCE_REPLY = "UDP tracker announce and its reply (BEP 15, same transaction id)";
  static final String SCRAPE_REPLY = "UDP tracker scrape and its reply (BEP 15, same transaction id)";
  static final String ERROR_REPLY = "UDP tracker request answered by an error (BEP 15, same transaction id)";

  static final long PROTOCOL_ID = 0x0000_0417_2710_1980L;
  static final int CONNECT_ACTION = 0, ANNOUNCE_ACTION = 1, SCRAPE_ACTION = 2, ERROR_ACTION = 3;
  static final int CONNECT_LENGTH = 16;
  static final int ANNOUNCE_LENGTH = 98;
  static final int ANNOUNCE_INFOHASH = 16;
  static final int ANNOUNCE_REPLY_HEADER = 20;
  /** Most info-hashes in one scrape (BEP 15: "up to about 74"). */
  static final int MAX_SCRAPE = 74;

  private static final int NO_OPTIONS = 0, URL_DATA = 1, BAD_OPTIONS = -1;
  private static final int MAX_UNANSWERED = 4;

  /**
   * Per flow, two longs: [0] bit 0 harvesting, bit 1 direction of the requests, bit 2 connection
   * id known, bits 8-15 action awaiting its reply + 1 (0 = none), bits 16-23 requests unanswered
   * before the verdict, bits 32-63 that request's transaction id; [1] the connection id.
   */
  private long[] state;
  private byte[] pendingHash; // per flow: info-hash of an announce awaiting its reply (no connect seen)
  private static final long HARVESTING = 1, REQUESTS_FROM_RESPONDER = 2, CONNECTION_KNOWN = 4;

  UdpTrackerDetector(int capacity) {
    state = new long[capacity * 2];
    pendingHash = new byte[capacity * 20];
  }

  @Override
  public void growTo(int flows) {
    state = Arrays.copyOf(state, flows * 2);
    pendingHash = Arrays.copyOf(pendingHash, flows * 20);
  }

  @Override
  public String name() {
    return "udp-tracker";
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
  public boolean mayOpenWithDatagramOf(int length) {
    // A connect request, an announce, or a scrape of one or more info-hashes (the shapes the
    // opening check below accepts).
    return length == CONNECT_LENGTH || length >= ANNOUNCE_LENGTH || (length >= 36 && (length - 16) % 20 == 0);
  }

  @Override
  public void onDatagram(FlowContext ctx, byte[] b, int off, int len) {
    int f = ctx.flow();
    if (ctx.newFlow()) {
      // A conversation opens with a connect request, or with an announce or scrape reusing a
      // connection id: anything else (most UDP flows) is ruled out before touching state.
      if (!isConnect(b, off, len) && !isScrape(b, off, len) && announceOptions(b, off, len) == BAD_OPTIONS) {
        ctx.reject();
        return;
      }
      state[f * 2] = 0;
    }
    if (len < 8) {
      if (!has(f, HARVESTING)) ctx.reject();
      return;
    }
    if (has(f, HARVESTING)) {
      if (ctx.direction() == requestDirection(f)) request(ctx, f, b, off, len);
      else reply(ctx, f, b, off, len);
      return;
    }
    if (isConnect(b, off, len)) {
      set(f, HARVESTING);
      setRequestDirection(f, ctx.direction());
      expect(f, CONNECT_ACTION, Bytes.i32(b, off + 12));
      ctx.matchAndHarvest(Kind.TRACKER_UDP, Confidence.SIGNATURE, CONNECT);
      return;
    }
    if (pendingAction(f) >= 0 && ctx.direction() != requestDirection(f)) {
      String evidence = answers(ctx, f, b, off, len);
      if (evidence == null) {
        ctx.reject();
        return;
      }
      set(f, HARVESTING);
      if (pendingAction(f) == ANNOUNCE_ACTION) ctx.infohash(pendingHash, f * 20);
      ctx.matchAndHarvest(Kind.TRACKER_UDP, Confidence.SIGNATURE, evidence);
      reply(ctx, f, b, off, len);
      return;
    }
    // A request without a connect (the client reused its connection id): wait for the answer.
    state[f * 2] += 1L << 16;
    if (((state[f * 2] >>> 16) & 0xff) > MAX_UNANSWERED) {
      ctx.reject();
      return;
    }
    if (announceOptions(b, off, len) != BAD_OPTIONS) {
      System.arraycopy(b, off + ANNOUNCE_INFOHASH, pendingHash, f * 20, 20);
    } else if (!isScrape(b, off, len)) {
      ctx.reject();
      return;
    }
    setRequestDirection(f, ctx.direction());
    state[f * 2 + 1] = Bytes.i64(b, off);
    set(f, CONNECTION_KNOWN);
    expect(f, Bytes.i32(b, off + 8), Bytes.i32(b, off + 12));
  }

  private void expect(int f, int action, int transaction) {
    state[f * 2] = (state[f * 2] & 0xff_00ffL) | (long) (action + 1 & 0xff) << 8 | (long) transaction << 32;
  }

  private void clearPending(int f) {
    state[f * 2] &= 0xff_00ffL;
  }

  private int pendingAction(int f) {
    return (int) ((state[f * 2] >>> 8) & 0xff) - 1;
  }

  private int pendingTransaction(int f) {
    return (int) (state[f * 2] >>> 32);
  }

  private boolean has(int f, long bit) {
    return (state[f * 2] & bit) != 0;
  }

  private void set(int f, long bit) {
    state[f * 2] |= bit;
  }

  private int requestDirection(int f) {
    return has(f, REQUESTS_FROM_RESPONDER) ? 1 : 0;
  }

  private void setRequestDirection(int f, int direction) {
    if (direction == 1) set(f, REQUESTS_FROM_RESPONDER);
    else state[f * 2] &= ~REQUESTS_FROM_RESPONDER;
  }

  /** The evidence if this datagram answers the pending request, else null. */
  private String answers(FlowContext ctx, int f, byte[] b, int off, int len) {
    if (Bytes.i32(b, off + 4) != pendingTransaction(f)) return null;
    int action = Bytes.i32(b, off);
    if (action == ERROR_ACTION) return ERROR_REPLY;
    if (action != pendingAction(f)) return null;
    if (action == ANNOUNCE_ACTION) {
      int peers = len - ANNOUNCE_REPLY_HEADER;
      return peers >= 0 && peers % peerEntry(ctx) == 0 ? ANNOUNCE_REPLY : null;
    }
    if (action == SCRAPE_ACTION) return len >= 8 + 12 && (len - 8) % 12 == 0 ? SCRAPE_REPLY : null;
    return null;
  }

  /** A datagram from the client after the verdict: announces and scrapes name info-hashes. */
  private void request(FlowContext ctx, int f, byte[] b, int off, int len) {
    if (isConnect(b, off, len)) {
      expect(f, CONNECT_ACTION, Bytes.i32(b, off + 12));
      return;
    }
    if (len < 16 || (has(f, CONNECTION_KNOWN) && Bytes.i64(b, off) != state[f * 2 + 1])) return;
    int options = announceOptions(b, off, len);
    if (options != BAD_OPTIONS) {
      ctx.infohash(b, off + ANNOUNCE_INFOHASH);
      expect(f, ANNOUNCE_ACTION, Bytes.i32(b, off + 12));
      if (options == URL_DATA) ctx.matchAndHarvest(Kind.TRACKER_UDP, Confidence.SIGNATURE, CONNECT_URL_DATA);
    } else if (isScrape(b, off, len)) {
      for (int p = off + 16; p + 20 <= off + len; p += 20) ctx.infohash(b, p);
      expect(f, SCRAPE_ACTION, Bytes.i32(b, off + 12));
    }
  }

  /** A datagram from the tracker after the verdict: the connection id, or an announce's peers. */
  private void reply(FlowContext ctx, int f, byte[] b, int off, int len) {
    int pending = pendingAction(f);
    if (pending < 0 || Bytes.i32(b, off + 4) != pendingTransaction(f)) return;
    int action = Bytes.i32(b, off);
    if (action == CONNECT_ACTION && pending == CONNECT_ACTION && len >= CONNECT_LENGTH) {
      state[f * 2 + 1] = Bytes.i64(b, off + 8);
      set(f, CONNECTION_KNOWN);
    } else if (action == ANNOUNCE_ACTION && pending == ANNOUNCE_ACTION) {
      if (len >= ANNOUNCE_REPLY_HEADER) {
        CompactPeers.learn(ctx, b, off + ANNOUNCE_REPLY_HEADER, len - ANNOUNCE_REPLY_HEADER, 0, peerEntry(ctx));
      }
    }
    clearPending(f);
  }

  static boolean isConnect(byte[] b, int off, int len) {
    return len == CONNECT_LENGTH && Bytes.i64(b, off) == PROTOCOL_ID && Bytes.i32(b, off + 8) == CONNECT_ACTION;
  }

  /**
   * An announce: action 1, event 0–3 (none, completed, started, stopped), non-negative counters,
   * num_want -1 or more, then BEP 41 options to the end. Returns {@link #NO_OPTIONS}, {@link
   * #URL_DATA} or {@link #BAD_OPTIONS} (also for anything that is not an announce).
   */
  static int announceOptions(byte[] b, int off, int len) {
    if (len < ANNOUNCE_LENGTH || Bytes.i32(b, off + 8) != ANNOUNCE_ACTION) return BAD_OPTIONS;
    if (Bytes.u32(b, off + 80) > 3 || Bytes.i32(b, off + 92) < -1) return BAD_OPTIONS;
    if (Bytes.i64(b, off + 56) < 0 || Bytes.i64(b, off + 64) < 0 || Bytes.i64(b, off + 72) < 0) return BAD_OPTIONS;
    // BEP 41: 0 ends the options (anything after is ignored), 1 is a one-byte no-op, any other
    // type has a length byte and that many bytes; 2 is URL data.
    int result = NO_OPTIONS;
    int p = off + ANNOUNCE_LENGTH;
    int end = off + len;
    while (p < end) {
      int type = b[p] & 0xff;
      if (type == 0) break;
      if (type == 1) {
        p++;
        continue;
      }
      if (p + 1 >= end) return BAD_OPTIONS;
      int length = b[p + 1] & 0xff;
      p += 2 + length;
      if (p > end) return BAD_OPTIONS;
      if (type == 2) result = URL_DATA;
    }
    return result;
  }

  static boolean isScrape(byte[] b, int off, int len) {
    int hashes = (len - 16) / 20;
    return len >= 36 && (len - 16) % 20 == 0 && hashes <= MAX_SCRAPE && Bytes.i32(b, off + 8) == SCRAPE_ACTION;
  }

  /** BEP 15: a tracker reached over IPv6 lists 18-byte IPv6 peers, over IPv4 6-byte ones. */
  private static int peerEntry(FlowContext ctx) {
    return Addresses.isV4(ctx.initiatorHi(), ctx.initiatorLo()) ? CompactPeers.V4 : CompactPeers.V6;
  }
}
