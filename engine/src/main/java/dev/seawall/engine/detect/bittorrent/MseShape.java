package dev.seawall.engine.detect.bittorrent;

/**
 * What the opening of an MSE/PE (message stream encryption) connection looks like from outside.
 * The initiator sends its 96-byte Diffie-Hellman value plus 0–512 bytes of random padding, then
 * waits: it cannot go on before it has the responder's value. The responder answers the same
 * way (96 + 0–512) and waits in turn for the initiator's third message: two 20-byte SHA-1 hashes
 * followed by RC4-encrypted VC (8), crypto_provide (4), len(PadC) (2), PadC, len(IA) (2) — at
 * least 56 bytes. Everything is indistinguishable from random bytes; no byte is fixed.
 *
 * <p>So the shape is strict alternation of sizes in these ranges, each flight high-entropy with
 * no protocol magic. Other fully encrypted protocols (Shadowsocks, obfs4, VMess) can take the
 * same shape by chance, which is why shape alone is only a heuristic.
 */
public final class MseShape {
  private MseShape() {}

  public static final int DH_VALUE = 96;
  public static final int MAX_PAD = 512;
  public static final int MAX_FIRST_FLIGHT = DH_VALUE + MAX_PAD;
  /** HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S), then VC, crypto_provide, two lengths. */
  public static final int MIN_THIRD_FLIGHT = 20 + 20 + 8 + 4 + 2 + 2;

  public static boolean firstFlightSize(int bytes) {
    return bytes >= DH_VALUE && bytes <= MAX_FIRST_FLIGHT;
  }

  /**
   * Whether a flight of {@code flightLength} bytes opens with its own length, as 2- or 4-byte
   * big-endian, counting or not counting the length field: the framing of a length-prefixed
   * protocol (Ethereum's RLPx auth/ack, Kerberos over TCP, many RPCs). An MSE flight opens with a
   * random DH value, which matches this by chance with probability about 2^-14.
   */
  public static boolean lengthPrefixed(byte[] b, int off, int available, int flightLength) {
    if (available >= 2) {
      int v = ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
      if (v == flightLength || v == flightLength - 2) return true;
    }
    if (available >= 4) {
      long v = ((long) (b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
      if (v == flightLength || v == flightLength - 4) return true;
    }
    return false;
  }

  /**
   * Whether {@code b[off..off+len)} looks like output of a cipher or hash rather than a protocol:
   * average bit count per byte near 4, no printable start, not mostly printable, no long zero
   * runs, many distinct byte values, none repeated often. They exclude text, TLV headers, zero
   * padding, and TLS/SSH/HTTP/WhatsApp openings. Needs at least 32 bytes; {@code counts} is a
   * 256-entry scratch array owned by the caller, all zeros, and left so.
   *
   * <p>Every bound sits far out in the tail for uniform bytes (about 1e-5 in all, measured by
   * MseShapeTest): a client retries a refused connection many times, and a check that lets one
   * random flight in a few hundred fail lets the download through on one of the retries.
   */
  public static boolean looksRandom(byte[] b, int off, int len, int[] counts) {
    if (len < 32) return false;
    // Cheap exclusions first: most flows shown here are text or TLS.
    if (isPrintableAscii(b, off, PRINTABLE_START) || knownMagic(b, off)) return false;
    int n = Math.min(len, 256);
    int bits = 0, printable = 0, zeros = 0, zeroRun = 0, printableRun = 0, distinct = 0;
    boolean structured = false;
    int i = 0;
    while (i < n) {
      int v = b[off + i++] & 0xff;
      int seen = ++counts[v];
      if (seen == 1) distinct++;
      bits += Integer.bitCount(v);
      if (v >= 0x20 && v < 0x7f) {
        printable++;
        printableRun++;
      } else {
        printableRun = 0;
      }
      if (v == 0) {
        zeros++;
        zeroRun++;
      } else {
        zeroRun = 0;
      }
      // Most protocols that get here cross one of these within a few bytes: stop at the first.
      // 17 printable in a row: about 1e-5 in 256 random bytes; a byte 11 times: about 3e-6.
      if (seen >= 11 || printableRun > 16 || zeroRun > 4) {
        structured = true;
        break;
      }
    }
    for (int j = 0; j < i; j++) counts[b[off + j] & 0xff] = 0; // the scratch goes back clean
    if (structured) return false;
    // Uniform bytes: 4 bits each, variance 2 per byte. Allow five standard deviations.
    double deviation = Math.abs(bits - 4.0 * n) / Math.sqrt(2.0 * n);
    if (deviation > 5) return false;
    // The GFW's exemptions for "not fully encrypted" (Wu et al., USENIX Security 2023), loosened
    // to five standard deviations of the binomial: 95 of 256 byte values are printable.
    if (printable > PRINTABLE_SHARE * n + 5 * Math.sqrt(PRINTABLE_SHARE * (1 - PRINTABLE_SHARE) * n)) return false;
    if (zeros > 5 + n / 64) return false;
    return distinct >= MIN_DISTINCT[n];
  }

  /** Per length n: 80 % of the distinct values n uniform bytes show on average, less 3. */
  private static final double[] MIN_DISTINCT = new double[257];

  static {
    for (int n = 0; n <= 256; n++) MIN_DISTINCT[n] = 256 * (1 - Math.pow(255.0 / 256, n)) * 0.8 - 3;
  }

  private static final int PRINTABLE_START = 12; // 12 printable bytes open random data once in 150,000
  private static final double PRINTABLE_SHARE = 95 / 256.0;

  /** Openings of encrypted protocols whose first bytes are fixed (MSE has none). */
  private static boolean knownMagic(byte[] b, int off) {
    int b0 = b[off] & 0xff, b1 = b[off + 1] & 0xff, b2 = b[off + 2] & 0xff;
    if (b0 == 0x16 && b1 == 0x03 && b2 <= 0x04) return true; // TLS handshake record
    if (b0 == 'W' && b1 == 'A' && b2 < 0x10) return true; // WhatsApp Noise prologue
    if (b0 == 'E' && b1 == 'D' && b2 == 0) return true; // WhatsApp edge routing
    return b0 == 0x13 && b1 == 'B' && b2 == 'i' && (b[off + 3] & 0xff) == 't'; // plaintext BitTorrent handshake
  }

  private static boolean isPrintableAscii(byte[] b, int off, int n) {
    for (int i = 0; i < n; i++) {
      int v = b[off + i] & 0xff;
      if (v < 0x20 || v >= 0x7f) return false;
    }
    return true;
  }
}
