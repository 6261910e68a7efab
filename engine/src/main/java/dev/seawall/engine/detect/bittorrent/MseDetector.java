package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.FlowContext;
import dev.seawall.engine.detect.Kind;
import java.util.Arrays;

/**
 * Encrypted BitTorrent (MSE/PE) on TCP, from the shape of its key exchange ({@link MseShape}):
 * the initiator's first flight of 96–608 random bytes, the responder's of 96–608, then the
 * initiator's third of at least 56, strictly alternating. The verdict comes with the third
 * flight (the third payload packet, usually).
 *
 * <p>Shape alone is {@link Confidence#HEURISTIC}: Shadowsocks, obfs4 or VMess can look the same.
 * It becomes {@link Confidence#CORRELATED} when the responder is a learned BitTorrent peer or the
 * initiator (the subscriber) used BitTorrent recently, and {@link Confidence#SIGNATURE} when the
 * exchange negotiated plaintext and a BitTorrent handshake follows it in the clear (aria2 does
 * this whenever both ends allow).
 */
final class MseDetector implements Detector {
  static final String SHAPE = "MSE/PE key exchange shape (96-608 / 96-608 / 56+ random bytes, alternating)";
  static final String SHAPE_LEARNED_PEER = "MSE/PE key exchange shape, responder is a learned BitTorrent peer";
  static final String SHAPE_SUBSCRIBER = "MSE/PE key exchange shape, initiator used BitTorrent recently";
  static final String PLAINTEXT_AFTER =
      "MSE/PE key exchange negotiated plaintext, BitTorrent handshake follows in the clear";

  /** Flights we look at: A1, B1, A2, then a few more for a plaintext handshake. */
  private static final int LAST_FLIGHT = 6;

  private byte[] flight; // per flow: index of the current flight (0 = A1), -1 = none yet
  private int[] flightBytes; // per flow: bytes in the current flight
  private long[] flightStart; // per flow: stream offset (in its direction) where it began
  private int[] firstSizes; // per flow: A1 size << 16 | B1 size
  private boolean[] matched;
  private final int[] counts = new int[256];
  private final ObfuscatedTelegram telegram = new ObfuscatedTelegram();

  MseDetector(int capacity) {
    flight = new byte[capacity];
    flightBytes = new int[capacity];
    flightStart = new long[capacity];
    firstSizes = new int[capacity];
    matched = new boolean[capacity];
  }

  @Override
  public void growTo(int flows) {
    flight = Arrays.copyOf(flight, flows);
    flightBytes = Arrays.copyOf(flightBytes, flows);
    flightStart = Arrays.copyOf(flightStart, flows);
    firstSizes = Arrays.copyOf(firstSizes, flows);
    matched = Arrays.copyOf(matched, flows);
  }

  @Override
  public String name() {
    return "mse";
  }

  @Override
  public boolean tcp() {
    return true;
  }

  @Override
  public boolean midStreamTcp() {
    return false; // the key exchange opens the connection
  }

  @Override
  public boolean udp() {
    return false;
  }

  @Override
  public boolean mayOpenWith(int direction, int firstByte) {
    return direction == 0; // the initiator sends its DH value first; any byte can open it
  }

  @Override
  public void onStream(FlowContext ctx, byte[] buf, int off, int len) {
    int f = ctx.flow();
    if (ctx.newFlow()) {
      // Most flows fail on their opening bytes (text, TLS): judge those before touching state.
      if (ctx.direction() != 0 || len > MseShape.MAX_FIRST_FLIGHT || !randomStart(ctx, ctx.streamOffset(), buf, off, len, counts)) {
        ctx.reject();
        return;
      }
      flight[f] = 0;
      flightBytes[f] = len;
      flightStart[f] = ctx.streamOffset();
      firstSizes[f] = 0;
      matched[f] = false;
      return;
    }
    int current = flight[f];
    int expectedDirection = current < 0 ? 0 : current & 1;
    if (current < 0 || ctx.direction() != expectedDirection) {
      // A new flight starts: close the previous one, which must fit its place in the exchange.
      if (current < 0 && ctx.direction() != 0) { // the responder spoke first: not MSE
        ctx.reject();
        return;
      }
      if (current >= 0 && !flightComplete(ctx, f, current)) return;
      current = ++flight[f];
      flightBytes[f] = 0;
      flightStart[f] = ctx.streamOffset();
    }
    flightBytes[f] += len;
    int bytes = flightBytes[f];

    if (current <= 1) {
      if (bytes > MseShape.MAX_FIRST_FLIGHT) {
        ctx.reject();
        return;
      }
      // Judged once, when its first 32 bytes are in: on the first segment, or on the one that
      // completes a short start (a flight that opens with a few bytes is not let through unread).
      if (bytes - len < 32 && !randomStart(ctx, flightStart[f], buf, off, len, counts)) ctx.reject();
      return;
    }
    if (current == 2 && !matched[f] && bytes >= MseShape.MIN_THIRD_FLIGHT) {
      if (!randomStart(ctx, flightStart[f], buf, off, len, counts)) {
        ctx.reject();
        return;
      }
      if (telegram(ctx)) {
        ctx.reject(); // Telegram's obfuscated transport, proven by its own key schedule
        return;
      }
      matched[f] = true;
      if (ctx.knownPeer(ctx.responderHi(), ctx.responderLo(), ctx.responderPort())) {
        ctx.match(Kind.MSE, Confidence.CORRELATED, SHAPE_LEARNED_PEER);
      } else if (ctx.initiatorActive()) {
        ctx.match(Kind.MSE, Confidence.CORRELATED, SHAPE_SUBSCRIBER);
      } else {
        ctx.match(Kind.MSE, Confidence.HEURISTIC, SHAPE);
      }
      return;
    }
    if (current > 2 && matched[f]) {
      // Plaintext crypto was selected if a flight after the exchange opens with the handshake.
      if (bytes == len && PeerWire.handshake(buf, off, len) > 0) {
        PeerWire.reportHandshake(ctx, buf, off, PeerWire.handshake(buf, off, len));
        ctx.match(Kind.MSE, Confidence.SIGNATURE, PLAINTEXT_AFTER);
        return;
      }
      if (current >= LAST_FLIGHT) ctx.reject(); // encrypted throughout: nothing more to learn
    }
  }

  /** Checks the flight that just ended; rejects the flow and returns false when it does not fit. */
  private boolean flightComplete(FlowContext ctx, int f, int index) {
    int bytes = flightBytes[f];
    switch (index) {
      case 0, 1 -> {
        if (!MseShape.firstFlightSize(bytes) || lengthPrefixed(ctx, index, bytes)) {
          ctx.reject();
          return false;
        }
        firstSizes[f] |= index == 0 ? bytes << 16 : bytes;
      }
      case 2 -> {
        if (bytes < MseShape.MIN_THIRD_FLIGHT) {
          ctx.reject();
          return false;
        }
      }
      default -> {}
    }
    return true;
  }

  /**
   * Whether the initiator's first 64 bytes are an obfuscated2 header. Asked only of flows that
   * have the whole MSE shape: the check costs an AES key schedule, far more than the shape.
   */
  private boolean telegram(FlowContext ctx) {
    byte[] w = ctx.prefix(0);
    return w != null && telegram.matches(w, ctx.prefixOffset(0), ctx.prefixLength(0));
  }

  /** The finished first flight of direction {@code index} opens with its own length. */
  private static boolean lengthPrefixed(FlowContext ctx, int index, int bytes) {
    // Called while the other direction's data is being shown: read the closed flight through the
    // context's view of its direction, which starts at stream offset 0 for both first flights.
    byte[] w = ctx.prefix(index);
    return w != null && MseShape.lengthPrefixed(w, ctx.prefixOffset(index), ctx.prefixLength(index), bytes);
  }

  /**
   * The flight's first bytes must look random. They are in the direction's window when it holds
   * them (so a flight split over segments is judged on up to 256 bytes), else in this segment;
   * fewer than 32 bytes cannot be judged and pass.
   */
  private static boolean randomStart(FlowContext ctx, long flightOffset, byte[] buf, int off, int len, int[] counts) {
    byte[] w = ctx.prefix();
    if (w != null && flightOffset + 32 <= ctx.prefixLength()) {
      int from = (int) flightOffset;
      return MseShape.looksRandom(w, ctx.prefixOffset() + from, ctx.prefixLength() - from, counts);
    }
    return len < 32 || MseShape.looksRandom(buf, off, len, counts);
  }
}
