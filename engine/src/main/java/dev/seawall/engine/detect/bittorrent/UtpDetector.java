package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.packet.Bytes;
import java.util.Arrays;

/**
 * uTP (BEP 29), BitTorrent's transport over UDP, whatever it carries (plaintext peer wire or MSE).
 *
 * <p>Every datagram must be a strict uTP header ({@link UtpHeader}) and none of the look-alikes
 * ({@link UdpLookalikes}: STUN, DTLS, RTP/RTCP, QUIC long headers, DNS, WireGuard, Teredo,
 * CAPWAP). Twenty bytes starting 0x41 or 0x21 are common enough in games and DNS (ids 0x41xx)
 * that a header alone proves nothing, so the verdict needs the conversation:
 *
 * <ul>
 *   <li><b>SYN answered</b>: a SYN (no payload, timestamp set, timestamp_difference 0: nothing
 *       was received yet) and, from the other side, a STATE or DATA with the SYN's connection id
 *       acknowledging the SYN's sequence number. BEP 29 pairs the ids: the initiator receives on
 *       the SYN's id and sends on id + 1, the responder sends on the SYN's id. Two 16-bit echoes
 *       plus 32 zero bits and both headers' structure: signature at the second packet.
 *   <li><b>Seen mid-stream</b> (the SYN went by before the capture, or on another path): at least
 *       two packets each way, each direction keeping one connection id, the two ids one apart,
 *       each side's ack_nr within a window behind the other's seq_nr, sequence numbers and
 *       timestamps moving forward in small steps, and — whenever both sides report one — the two
 *       timestamp_differences summing to a plausible round trip (each is one-way delay plus the
 *       clock offset between the hosts, so the offsets cancel; BEP 29 defines the field as local
 *       receive time minus the peer's timestamp).
 *   <li><b>Handshake inside</b>: a DATA whose payload opens with the BitTorrent handshake.
 *   <li><b>One way only</b> (asymmetric routing): tight headers in that direction plus either a
 *       DATA payload made of whole peer-wire messages, or the sender's own SYN followed by its
 *       DATA on the next connection id and sequence number (signature); with neither, six
 *       consistent packets give a {@link Confidence#HEURISTIC} verdict only.
 * </ul>
 *
 * A SYN that nobody answers decides nothing: there is no conversation to check, and a 20-byte
 * datagram starting 0x41 is not evidence (a verdict, once given, is never withdrawn). Such
 * attempts go to peers learned elsewhere, which is how they are recognised.
 *
 * Any window size is accepted (nDPI 4.2's 65,565-byte limit missed real flows). Datagrams that
 * are bencoded are skipped, not held against the flow: libtorrent and transmission run the DHT
 * on the same port, hence on the same 5-tuple. After the verdict the first DATA payload of each
 * direction is read for the plaintext handshake (info-hash, client) or an MSE/PE key exchange,
 * and the evidence says which.
 */
final class UtpDetector implements Detector {
  static final String SYN_ANSWERED = "uTP SYN answered on its connection id, acknowledging its sequence number (BEP 29)";
  static final String MID_STREAM =
      "uTP conversation seen mid-stream: paired connection ids, consistent seq/ack and timestamps (BEP 29)";
  static final String HANDSHAKE_START = "uTP carrying a BitTorrent handshake (first 20 bytes)";
  static final String HANDSHAKE_V1 = "uTP carrying a BitTorrent handshake, v1";
  static final String HANDSHAKE_V1_EXT = "uTP carrying a BitTorrent handshake, v1, BEP 10 extension protocol";
  static final String HANDSHAKE_V2 = "uTP carrying a BitTorrent handshake, BEP 52 v2 upgrade bit (hybrid or v2 torrent)";
  static final String HANDSHAKE_V2_EXT =
      "uTP carrying a BitTorrent handshake, BEP 52 v2 upgrade bit (hybrid or v2 torrent), BEP 10 extension protocol";
  static final String MSE_INSIDE = "uTP conversation carrying an MSE/PE key exchange (96-608 random bytes)";
  static final String ONE_WAY_PEER_WIRE =
      "uTP seen one way only: consistent headers, DATA carrying whole peer-wire messages (BEP 29, BEP 3)";
  static final String SYN_ONE_WAY =
      "uTP seen one way only: SYN, then the sender's DATA on the next connection id, numbered on from the SYN (BEP 29)";
  static final String ONE_WAY =
      "uTP seen one way only: constant connection id, sequence numbers and timestamps advancing (BEP 29)";

  /** Valid packets per direction needed for a mid-stream verdict. */
  static final int MID_STREAM_PACKETS = 2;
  /** How far (packets) an ack may trail the other side's latest seq: a send window's worth. */
  static final int ACK_WINDOW = 2048;
  /**
   * How far an ack may lead the other side's latest seq as captured: by one (a STATE's seq_nr is
   * the next to send), more only if the capture itself dropped packets.
   */
  static final int ACK_AHEAD = 64;
  /** Largest step between consecutive seq_nr of one direction (reordering, retransmission). */
  static final int SEQ_STEP = 512;
  /** Timestamps of one direction may step back by reordering only, and forward by the idle timeout at most. */
  static final long TIMESTAMP_BACK = 1_000_000L, TIMESTAMP_FORWARD = 120_000_000L;
  /** Two one-way delays: from a little below zero (clock drift, rounding) up to 16 s of bufferbloat. */
  static final long ROUND_TRIP_MIN = -1_000_000L, ROUND_TRIP_MAX = 16_000_000L;
  /** One direction only: packets needed with peer-wire messages in a DATA payload, and without. */
  static final int ONE_WAY_PACKETS = 3, ONE_WAY_HEURISTIC_PACKETS = 6, ONE_WAY_HEURISTIC_DATA = 2;
  /** One direction only, after a SYN: the sender's DATA packets needed. */
  static final int ONE_WAY_SYN_DATA = 2;
  /** One direction only: a tight reading of "advancing" (a sender's seq moves by 0 or 1 per packet). */
  static final int ONE_WAY_SEQ_BACK = 1, ONE_WAY_SEQ_FORWARD = 4;
  static final long ONE_WAY_TDIFF_CHANGE = 2_000_000L;
  /** Packets read after the verdict before giving up on the payload. */
  static final int HARVEST_PACKETS = 8;

  private static final int NONE = -1;

  /**
   * All per-flow state in one array, {@link #STRIDE} ints per flow, so that a datagram touches
   * one or two cache lines rather than one per field:
   *
   * <pre>
   *  [0] bit 0 harvesting, bit 1 handshake reported, bits 2-3 SYN direction + 1, bits 8-15 packets harvested
   *  [1] SYN connection id << 16 | SYN seq_nr
   *  per direction d, from 2 + 5 d:
   *    [+0] connection id expected (-1 unknown)   [+1] last seq_nr << 16 | ack_nr
   *    [+2] last timestamp   [+3] last non-zero timestamp_difference
   *    [+4] valid non-SYN packets (bits 0-7) | flags (8-15) | DATA packets (16-23)
   * </pre>
   */
  private static final int STRIDE = 12;
  private static final int HARVESTING = 1, HANDSHAKE_REPORTED = 2;
  private static final int CONNECTION = 0, SEQ_ACK = 1, TIMESTAMP = 2, TDIFF = 3, COUNTERS = 4;

  private int[] state;
  private final int[] counts = new int[256]; // scratch for MseShape

  /** Per direction: ack compared with the other side; payload read after the verdict; not tight enough for one way; whole peer-wire messages seen. */
  private static final int ACK_CHECKED = 1, PAYLOAD_SEEN = 2, LOOSE = 4, PEER_WIRE = 8, HEURISTIC_SENT = 16;

  UtpDetector(int capacity) {
    state = new int[capacity * STRIDE];
  }

  @Override
  public void growTo(int flows) {
    state = Arrays.copyOf(state, flows * STRIDE);
  }

  @Override
  public String name() {
    return "utp";
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
    return UtpHeader.mayOpenWith(firstByte) || firstByte == 'd'; // or the DHT sharing its port
  }

  private void reset(int f) {
    int at = f * STRIDE;
    state[at] = 0;
    for (int d = 0; d < 2; d++) {
      int db = at + 2 + 5 * d;
      state[db + CONNECTION] = NONE;
      state[db + TDIFF] = 0;
      state[db + COUNTERS] = 0;
    }
  }

  // Field access.

  private int synDirection(int f) {
    return ((state[f * STRIDE] >>> 2) & 3) - 1;
  }

  private int synConnection(int f) {
    return state[f * STRIDE + 1] >>> 16;
  }

  private int synSeq(int f) {
    return state[f * STRIDE + 1] & 0xffff;
  }

  /** Index of direction {@code dir}'s fields. */
  private static int dir(int f, int dir) {
    return f * STRIDE + 2 + 5 * dir;
  }

  private int packets(int db) {
    return state[db + COUNTERS] & 0xff;
  }

  private int dataPackets(int db) {
    return (state[db + COUNTERS] >>> 16) & 0xff;
  }

  private boolean flag(int db, int flag) {
    return (state[db + COUNTERS] & flag << 8) != 0;
  }

  private void setFlag(int db, int flag) {
    state[db + COUNTERS] |= flag << 8;
  }

  @Override
  public void onDatagram(FlowContext ctx, byte[] b, int off, int len) {
    int f = ctx.flow();
    if (ctx.newFlow()) reset(f);
    boolean harvesting = (state[f * STRIDE] & HARVESTING) != 0;
    int payload = UtpHeader.payloadStart(b, off, len);
    if (payload == UtpHeader.INVALID || UdpLookalikes.identify(b, off, len) != UdpLookalikes.NONE) {
      if (Krpc.mayBe(b, off, len) && Bencode.whole(b, off, off + len)) return; // the DHT on the same port
      if (!harvesting) ctx.reject();
      return;
    }
    if (harvesting) {
      harvest(ctx, f, b, off, payload, len);
      return;
    }
    String verdict = conversation(ctx, f, b, off, payload, len);
    if (verdict == null) return;
    if (verdict == ONE_WAY) { // a weaker verdict: keep looking for the conversation or the messages
      ctx.match(Kind.UTP, Confidence.HEURISTIC, ONE_WAY);
      return;
    }
    state[f * STRIDE] |= HARVESTING;
    ctx.matchAndHarvest(Kind.UTP, Confidence.SIGNATURE, verdict);
    harvest(ctx, f, b, off, payload, len);
  }

  /** Checks one valid header against the conversation so far: the verdict's evidence, or null (maybe rejecting). */
  private String conversation(FlowContext ctx, int f, byte[] b, int off, int payload, int len) {
    int dir = ctx.direction();
    int d = dir(f, dir);
    int o = dir(f, 1 - dir);
    int[] s = state;
    int type = UtpHeader.type(b, off);
    int id = UtpHeader.connectionId(b, off);
    int seq = UtpHeader.seq(b, off);
    int ack = UtpHeader.ack(b, off);
    int ts = UtpHeader.timestamp(b, off);
    int tdiff = UtpHeader.timestampDifference(b, off);
    int synDirection = synDirection(f);

    if (type == UtpHeader.SYN) {
      if (tdiff != 0 || ts == 0) { // a SYN has received nothing yet
        ctx.reject();
        return null;
      }
      if (synDirection == NONE) {
        if (packets(d) != 0 || packets(o) != 0) { // a SYN after data: not one connection
          ctx.reject();
          return null;
        }
        s[f * STRIDE] |= (dir + 1) << 2;
        s[f * STRIDE + 1] = id << 16 | seq;
        s[d + CONNECTION] = (id + 1) & 0xffff;
        s[o + CONNECTION] = id;
        s[d + SEQ_ACK] = seq << 16;
        s[d + TIMESTAMP] = ts;
        return null;
      }
      // Only a retransmission of the same SYN may follow.
      if (synDirection != dir || synConnection(f) != id || synSeq(f) != seq) ctx.reject();
      return null;
    }

    // STATE, DATA, FIN, RESET.
    int expected = s[d + CONNECTION];
    if (expected == NONE) {
      int other = s[o + CONNECTION];
      if (other != NONE && ((other - id) & 0xffff) != 1 && ((id - other) & 0xffff) != 1) {
        ctx.reject(); // BEP 29: the two directions' ids are one apart
        return null;
      }
      s[d + CONNECTION] = id;
    } else if (expected != id) {
      ctx.reject();
      return null;
    }
    boolean first = packets(d) == 0;
    boolean synOwn = synDirection == dir;
    if (!first || synOwn) { // progress within the direction
      int lastSeqAck = s[d + SEQ_ACK];
      int step = UtpHeader.seqDistance(seq, lastSeqAck >>> 16);
      long tsStep = ts - s[d + TIMESTAMP]; // modulo 2^32, signed
      if (step < -SEQ_STEP || step > SEQ_STEP || tsStep < -TIMESTAMP_BACK || tsStep > TIMESTAMP_FORWARD) {
        ctx.reject();
        return null;
      }
      if (!first) {
        int ackStep = UtpHeader.seqDistance(ack, lastSeqAck & 0xffff);
        if (ackStep < -SEQ_STEP || ackStep > ACK_WINDOW) {
          ctx.reject();
          return null;
        }
        int lastTdiff = s[d + TDIFF];
        if (step < -ONE_WAY_SEQ_BACK || step > ONE_WAY_SEQ_FORWARD || ackStep < 0 || tsStep < 0
            || (tdiff != 0 && lastTdiff != 0 && Math.abs((long) (tdiff - lastTdiff)) > ONE_WAY_TDIFF_CHANGE)) {
          setFlag(d, LOOSE);
        }
      } else if (step != 1 || tsStep < 0) { // the SYN sender's next packet follows the SYN's number
        setFlag(d, LOOSE);
      }
    }
    boolean answersSyn = synDirection != NONE && !synOwn && first;
    if (answersSyn) {
      if (ack != synSeq(f) || type == UtpHeader.FIN || type == UtpHeader.RESET) {
        ctx.reject();
        return null;
      }
    } else if (packets(o) != 0 || synDirection == 1 - dir) { // the ack must trail what the other side sent
      int distance = UtpHeader.seqDistance(ack, s[o + SEQ_ACK] >>> 16);
      if (distance < -ACK_WINDOW || distance > ACK_AHEAD) {
        ctx.reject();
        return null;
      }
      setFlag(d, ACK_CHECKED);
    }
    int otherTdiff = s[o + TDIFF];
    if (tdiff != 0 && otherTdiff != 0) {
      long roundTrip = tdiff + otherTdiff; // modulo 2^32, signed
      if (roundTrip < ROUND_TRIP_MIN || roundTrip > ROUND_TRIP_MAX) {
        ctx.reject();
        return null;
      }
    }
    s[d + SEQ_ACK] = seq << 16 | ack;
    s[d + TIMESTAMP] = ts;
    if (tdiff != 0) s[d + TDIFF] = tdiff;
    if (packets(d) < Byte.MAX_VALUE) s[d + COUNTERS]++;
    if (type == UtpHeader.DATA && dataPackets(d) < Byte.MAX_VALUE) s[d + COUNTERS] += 1 << 16;

    if (answersSyn) {
      if (type == UtpHeader.DATA) return handshakeEvidence(ctx, f, b, off + payload, len - payload, SYN_ANSWERED);
      return SYN_ANSWERED;
    }
    if (type == UtpHeader.DATA) {
      String inside = handshakeEvidence(ctx, f, b, off + payload, len - payload, null);
      if (inside != null) return inside;
    }
    if (synDirection == NONE && packets(d) >= MID_STREAM_PACKETS && packets(o) >= MID_STREAM_PACKETS
        && flag(d, ACK_CHECKED) && flag(o, ACK_CHECKED)) {
      return MID_STREAM;
    }
    if (packets(o) == 0 && synDirection != 1 - dir) return oneWay(synDirection, d, type, b, off + payload, len - payload);
    return null;
  }

  /**
   * Only one direction seen (asymmetric routing, a capture of one side): its headers must be
   * tight — one connection id, seq_nr moving by 0 or 1 per packet, acks and timestamps never
   * going back, timestamp_difference changing slowly — and a DATA payload must hold whole
   * peer-wire messages, its length prefixes ending exactly at the payload's end (the chance of
   * that in random or foreign bytes is about 2^-32 per packet). Without the messages (MSE inside)
   * the headers alone give a heuristic verdict after more packets.
   */
  private String oneWay(int synDirection, int d, int type, byte[] b, int payloadOff, int payloadLength) {
    if (flag(d, LOOSE)) return null;
    if (type == UtpHeader.DATA && wholeMessages(b, payloadOff, payloadLength)) setFlag(d, PEER_WIRE);
    if (flag(d, PEER_WIRE) && packets(d) >= ONE_WAY_PACKETS) return ONE_WAY_PEER_WIRE;
    // After its SYN the sender can only go on once answered: its packets on the SYN's id + 1,
    // numbered on from the SYN's seq_nr, are the answer's trace even when the answer took
    // another path.
    if (synDirection != NONE && dataPackets(d) >= ONE_WAY_SYN_DATA) return SYN_ONE_WAY;
    if (!flag(d, HEURISTIC_SENT) && packets(d) >= ONE_WAY_HEURISTIC_PACKETS && dataPackets(d) >= ONE_WAY_HEURISTIC_DATA) {
      setFlag(d, HEURISTIC_SENT);
      return ONE_WAY;
    }
    return null;
  }

  /** Whether {@code b[off..off+len)} is one or more whole peer-wire messages (keep-alives alone do not count). */
  static boolean wholeMessages(byte[] b, int off, int len) {
    int p = off, end = off + len, messages = 0;
    while (p < end) {
      if (end - p < 4) return false;
      long length = Bytes.u32(b, p);
      if (length == 0) {
        p += 4;
        continue;
      }
      if (end - p < 5 || !PeerWire.validMessage(length, Bytes.u8(b, p + 4)) || length > end - p - 4) return false;
      p += 4 + (int) length;
      messages++;
    }
    return messages > 0;
  }

  /** After the verdict: the first payload of each direction tells what the connection carries. */
  private void harvest(FlowContext ctx, int f, byte[] b, int off, int payload, int len) {
    int d = dir(f, ctx.direction());
    if (UtpHeader.type(b, off) == UtpHeader.DATA && !flag(d, PAYLOAD_SEEN)) {
      setFlag(d, PAYLOAD_SEEN);
      int n = len - payload;
      String inside = handshakeEvidence(ctx, f, b, off + payload, n, null);
      // MSE opens the connection: only the SYN sender's first DATA (seq right after the SYN's) can be its key.
      boolean opening = synDirection(f) == ctx.direction() && UtpHeader.seq(b, off) == ((synSeq(f) + 1) & 0xffff);
      if (inside == null && opening && MseShape.firstFlightSize(n) && MseShape.looksRandom(b, off + payload, n, counts)) {
        inside = MSE_INSIDE;
      }
      if (inside != null) ctx.matchAndHarvest(Kind.UTP, Confidence.SIGNATURE, inside);
    }
    boolean bothSeen = flag(dir(f, 0), PAYLOAD_SEEN) && flag(dir(f, 1), PAYLOAD_SEEN);
    int harvested = (state[f * STRIDE] >>> 8) & 0xff;
    state[f * STRIDE] += 1 << 8;
    if (bothSeen || harvested + 1 >= HARVEST_PACKETS) ctx.reject();
  }

  /**
   * If the payload opens with the BitTorrent handshake: reports its info-hash and client (once per
   * flow) and returns the evidence naming it; else returns {@code otherwise}.
   */
  private String handshakeEvidence(FlowContext ctx, int f, byte[] b, int off, int len, String otherwise) {
    int present = PeerWire.handshake(b, off, len);
    if (present <= 0) return otherwise;
    if ((state[f * STRIDE] & HANDSHAKE_REPORTED) == 0) {
      state[f * STRIDE] |= HANDSHAKE_REPORTED;
      PeerWire.reportHandshake(ctx, b, off, present);
    } else if (present >= PeerWire.PEER_ID) {
      ctx.infohash(b, off + PeerWire.INFOHASH);
    }
    String tcp = PeerWire.handshakeEvidence(b, off, present);
    if (tcp == PeerWire.HANDSHAKE_V1) return HANDSHAKE_V1;
    if (tcp == PeerWire.HANDSHAKE_V1_EXT) return HANDSHAKE_V1_EXT;
    if (tcp == PeerWire.HANDSHAKE_V2) return HANDSHAKE_V2;
    if (tcp == PeerWire.HANDSHAKE_V2_EXT) return HANDSHAKE_V2_EXT;
    return HANDSHAKE_START;
  }
}
