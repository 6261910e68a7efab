package dev.seawall.engine.detect.bittorrent;

/**
 * Telegram's obfuscated MTProto transport ("obfuscated2") opens with 64 random-looking bytes,
 * like MSE. But the client derives its AES-256-CTR key and IV from those same bytes (8..39 and
 * 40..55), and bytes 56..59, once encrypted with them, must decrypt to one of the transport tags
 * (0xefefefef abridged, 0xeeeeeeee intermediate, 0xdddddddd padded). Checking that costs one AES
 * block per candidate flow and rules Telegram out exactly, without a key list.
 */
final class ObfuscatedTelegram {
  private final Aes256 aes = new Aes256();
  private final byte[] counter = new byte[16];
  private final byte[] keyStream = new byte[16];

  /** Whether {@code b[off..off+64)} is an obfuscated2 client header. */
  boolean matches(byte[] b, int off, int len) {
    if (len < 64) return false;
    aes.setKey(b, off + 8);
    // CTR mode: key-stream block i is AES(IV + i), the IV a 128-bit big-endian counter. Bytes
    // 56..59 are in block 3, at 8..11.
    System.arraycopy(b, off + 40, counter, 0, 16);
    int carry = 3;
    for (int i = 15; i >= 0 && carry != 0; i--) {
      int v = (counter[i] & 0xff) + carry;
      counter[i] = (byte) v;
      carry = v >>> 8;
    }
    aes.encryptBlock(counter, 0, keyStream, 0);
    int tag = 0;
    for (int i = 0; i < 4; i++) tag = tag << 8 | ((b[off + 56 + i] ^ keyStream[8 + i]) & 0xff);
    return tag == 0xefefefef || tag == 0xeeeeeeee || tag == 0xdddddddd;
  }
}
