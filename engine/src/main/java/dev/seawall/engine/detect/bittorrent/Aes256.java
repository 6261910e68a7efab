package dev.seawall.engine.detect.bittorrent;

/**
 * AES-256 encryption of single blocks (FIPS 197), for {@link ObfuscatedTelegram}, which needs one
 * block per candidate flow. The JDK's {@code Cipher} would do, but loading its provider framework
 * costs about 70 ms of CPU the first time, paid by every short capture analysis that meets one
 * MSE-shaped flow; this costs nothing to start. Tests check it against the JDK's AES.
 *
 * <p>Not for secrets: table lookups indexed by key-dependent bytes leak timing. Here the key is
 * read off the wire by anyone who captures the flow.
 */
final class Aes256 {
  private static final int ROUNDS = 14;
  private static final byte[] SBOX = new byte[256];

  static {
    // The S-box from its definition: the multiplicative inverse in GF(2^8), then the affine map.
    int p = 1, q = 1;
    do {
      p = p ^ (p << 1) ^ ((p & 0x80) != 0 ? 0x1b : 0); // p * 3
      p &= 0xff;
      q ^= q << 1; // q / 3
      q ^= q << 2;
      q ^= q << 4;
      q &= 0xff;
      if ((q & 0x80) != 0) q ^= 0x09;
      int x = q ^ rotl8(q, 1) ^ rotl8(q, 2) ^ rotl8(q, 3) ^ rotl8(q, 4);
      SBOX[p] = (byte) (x ^ 0x63);
    } while (p != 1);
    SBOX[0] = 0x63;
  }

  private final byte[] roundKeys = new byte[16 * (ROUNDS + 1)];
  private final byte[] state = new byte[16];

  /** Expands the 32-byte key at {@code key[off..off+32)}. */
  void setKey(byte[] key, int off) {
    byte[] w = roundKeys;
    System.arraycopy(key, off, w, 0, 32);
    int rcon = 1;
    for (int i = 32; i < w.length; i += 4) {
      int t0 = w[i - 4] & 0xff, t1 = w[i - 3] & 0xff, t2 = w[i - 2] & 0xff, t3 = w[i - 1] & 0xff;
      if (i % 32 == 0) { // RotWord, SubWord, Rcon
        int r = t0;
        t0 = (SBOX[t1] & 0xff) ^ rcon;
        t1 = SBOX[t2] & 0xff;
        t2 = SBOX[t3] & 0xff;
        t3 = SBOX[r] & 0xff;
        rcon = xtime(rcon);
      } else if (i % 32 == 16) { // SubWord only, for 256-bit keys
        t0 = SBOX[t0] & 0xff;
        t1 = SBOX[t1] & 0xff;
        t2 = SBOX[t2] & 0xff;
        t3 = SBOX[t3] & 0xff;
      }
      w[i] = (byte) (w[i - 32] ^ t0);
      w[i + 1] = (byte) (w[i - 31] ^ t1);
      w[i + 2] = (byte) (w[i - 30] ^ t2);
      w[i + 3] = (byte) (w[i - 29] ^ t3);
    }
  }

  /** Encrypts {@code in[inOff..inOff+16)} into {@code out[outOff..outOff+16)}. */
  void encryptBlock(byte[] in, int inOff, byte[] out, int outOff) {
    byte[] s = state;
    for (int i = 0; i < 16; i++) s[i] = (byte) (in[inOff + i] ^ roundKeys[i]);
    for (int round = 1; round <= ROUNDS; round++) {
      for (int i = 0; i < 16; i++) s[i] = SBOX[s[i] & 0xff];
      shiftRows(s);
      if (round < ROUNDS) mixColumns(s);
      for (int i = 0; i < 16; i++) s[i] ^= roundKeys[round * 16 + i];
    }
    System.arraycopy(s, 0, out, outOff, 16);
  }

  /** The state is column-major: byte {@code r + 4c} is row r, column c. Row r turns left by r. */
  private static void shiftRows(byte[] s) {
    byte t = s[1];
    s[1] = s[5];
    s[5] = s[9];
    s[9] = s[13];
    s[13] = t;
    t = s[2];
    s[2] = s[10];
    s[10] = t;
    t = s[6];
    s[6] = s[14];
    s[14] = t;
    t = s[15];
    s[15] = s[11];
    s[11] = s[7];
    s[7] = s[3];
    s[3] = t;
  }

  private static void mixColumns(byte[] s) {
    for (int c = 0; c < 16; c += 4) {
      int a0 = s[c] & 0xff, a1 = s[c + 1] & 0xff, a2 = s[c + 2] & 0xff, a3 = s[c + 3] & 0xff;
      int all = a0 ^ a1 ^ a2 ^ a3;
      s[c] = (byte) (a0 ^ all ^ xtime(a0 ^ a1));
      s[c + 1] = (byte) (a1 ^ all ^ xtime(a1 ^ a2));
      s[c + 2] = (byte) (a2 ^ all ^ xtime(a2 ^ a3));
      s[c + 3] = (byte) (a3 ^ all ^ xtime(a3 ^ a0));
    }
  }

  private static int xtime(int b) {
    return ((b << 1) ^ ((b & 0x80) != 0 ? 0x1b : 0)) & 0xff;
  }

  private static int rotl8(int x, int n) {
    return ((x << n) | (x >>> (8 - n))) & 0xff;
  }
}
