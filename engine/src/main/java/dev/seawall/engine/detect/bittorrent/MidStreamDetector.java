package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.packet.Bytes;
import java.util.Arrays;

/**
 * Peer wire seen mid-stream: a TCP flow whose start was missed (capture began late, asymmetric
 * routing, a transfer resumed through the filter) shows no handshake, only messages. Each is a
 * 4-byte length and a 1-byte id whose length the id fixes or bounds (BEP 3/6/10/52); a chain of
 * them, each header exactly where the previous message ends, is the protocol's structure.
 *
 * <p>A chain may start at any segment boundary (messages often, not always, start segments) and
 * is followed across segments by stream offset, so 16 KiB pieces need no buffering. Only flows
 * not seen from their SYN are considered: a connection seen from its start shows its handshake
 * (or MSE) first, and Windows Delivery Optimization's BitTorrent-like messages follow its own
 * different handshake.
 */
final class MidStreamDetector implements Detector {
  /** Valid messages in a row needed for a verdict. */
  static final int CHAIN = 3;
  /** Two pieces in a row suffice when both carry a full 16 KiB block at block-aligned offsets. */
  private static final int FULL_BLOCK = 1 << 14;
  private static final int HEADER = 13; // length + id + the 8-12 field bytes we check
  static final String EVIDENCE = "peer-wire messages mid-stream (start of the connection not seen)";

  private long[] nextHeader; // per flow and direction: stream offset of the next header, -1 = none
  private long[] streamEnd; // per flow and direction: offset after the last byte seen
  private int[] chain; // per flow and direction: valid messages in a row
  private int[] fullPieces; // per flow and direction: full-block pieces in the chain
  private byte[] carry; // per flow and direction: header bytes split across segments
  private byte[] carryLength;
  private final byte[] header = new byte[HEADER];

  MidStreamDetector(int capacity) {
    nextHeader = new long[capacity * 2];
    streamEnd = new long[capacity * 2];
    chain = new int[capacity * 2];
    fullPieces = new int[capacity * 2];
    carry = new byte[capacity * 2 * HEADER];
    carryLength = new byte[capacity * 2];
  }

  @Override
  public void growTo(int flows) {
    nextHeader = Arrays.copyOf(nextHeader, flows * 2);
    streamEnd = Arrays.copyOf(streamEnd, flows * 2);
    chain = Arrays.copyOf(chain, flows * 2);
    fullPieces = Arrays.copyOf(fullPieces, flows * 2);
    carry = Arrays.copyOf(carry, flows * 2 * HEADER);
    carryLength = Arrays.copyOf(carryLength, flows * 2);
  }

  @Override
  public String name() {
    return "mid-stream";
  }

  @Override
  public boolean tcp() {
    return false;
  }

  @Override
  public boolean midStreamTcp() {
    return true;
  }

  @Override
  public boolean readsPrefix() {
    return false; // it follows message boundaries by stream offset, over segments as they come
  }

  @Override
  public boolean udp() {
    return false;
  }

  private void reset(int d, long candidate) {
    nextHeader[d] = candidate;
    chain[d] = 0;
    fullPieces[d] = 0;
    carryLength[d] = 0;
  }

  @Override
  public void onStream(FlowContext ctx, byte[] buf, int off, int len) {
    if (ctx.newFlow()) {
      reset(ctx.flow() * 2, -1);
      reset(ctx.flow() * 2 + 1, -1);
    }
    int d = ctx.flow() * 2 + ctx.direction();
    long start = ctx.streamOffset();
    long end = start + len;
    if (streamEnd[d] != start) reset(d, -1); // bytes were skipped: the chain is lost
    streamEnd[d] = end;
    if (nextHeader[d] < 0) reset(d, start); // try a chain from this segment's first byte

    while (true) {
      long h = nextHeader[d];
      int have = carryLength[d];
      long firstNew = h + have; // first header byte not yet held in the carry
      if (firstNew >= end) return; // the next header lies in a later segment
      int take = (int) Math.min(HEADER - have, end - firstNew);
      if (have > 0) System.arraycopy(carry, d * HEADER, header, 0, have);
      for (int i = 0, from = off + (int) (firstNew - start); i < take; i++) header[have + i] = buf[from + i];
      int got = have + take;
      if (got < 5 && !(got == 4 && Bytes.i32(header, 0) == 0)) { // split before the id: keep for later
        System.arraycopy(header, 0, carry, d * HEADER, got);
        carryLength[d] = (byte) got;
        return;
      }
      carryLength[d] = 0;
      long length = Bytes.u32(header, 0);
      if (length == 0) { // keep-alive: valid, but zeros prove nothing, so not counted
        nextHeader[d] = h + 4;
        continue;
      }
      int id = Bytes.u8(header, 4);
      if (!PeerWire.validMessage(length, id) || !fieldsPlausible(id, got)) {
        reset(d, -1); // not a message boundary: try again from the next segment
        return;
      }
      chain[d]++;
      if (id == 7 && length == 9 + FULL_BLOCK && got >= 13 && Bytes.i32(header, 9) % FULL_BLOCK == 0) {
        fullPieces[d]++;
      }
      if (chain[d] >= CHAIN || fullPieces[d] >= 2) {
        ctx.match(Kind.PEER_WIRE, Confidence.SIGNATURE, EVIDENCE);
        return;
      }
      nextHeader[d] = h + 4 + length;
    }
  }

  /**
   * Field checks where the header bytes at hand allow them: a requested or cancelled block is at
   * most 128 KiB and not empty; indices are non-negative 31-bit numbers.
   */
  private boolean fieldsPlausible(int id, int headerBytes) {
    switch (id) {
      case 6, 8, 16 -> {
        if (headerBytes < 13) return true;
        int index = Bytes.i32(header, 5);
        int begin = Bytes.i32(header, 9);
        return index >= 0 && begin >= 0;
      }
      case 7 -> {
        if (headerBytes < 13) return true;
        return Bytes.i32(header, 5) >= 0 && Bytes.i32(header, 9) >= 0;
      }
      case 4, 13, 17 -> {
        return headerBytes < 9 || Bytes.i32(header, 5) >= 0;
      }
      default -> {
        return true;
      }
    }
  }
}
