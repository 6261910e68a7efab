package dev.seawall.engine.detect.bittorrent;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Telegram's obfuscated MTProto transport ("obfuscated2") opens with 64 random-looking bytes,
 * like MSE. But the client derives its AES-256-CTR key and IV from those same bytes (8..39 and
 * 40..55), and bytes 56..59, once encrypted with them, must decrypt to one of the transport tags
 * (0xefefefef abridged, 0xeeeeeeee intermediate, 0xdddddddd padded). Checking that costs one
 * 64-byte AES operation per candidate flow and rules Telegram out exactly, without a key list.
 */
final class ObfuscatedTelegram {
  private Cipher cipher; // made on first use: setting up the JDK's crypto providers costs tens of ms
  private final byte[] out = new byte[64];

  /** Whether {@code b[off..off+64)} is an obfuscated2 client header. */
  boolean matches(byte[] b, int off, int len) {
    if (len < 64) return false;
    try {
      if (cipher == null) cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(b, off + 8, 32, "AES"), new IvParameterSpec(b, off + 40, 16));
      cipher.doFinal(b, off, 64, out, 0);
    } catch (GeneralSecurityException e) {
      return false;
    }
    int tag = ((out[56] & 0xff) << 24) | ((out[57] & 0xff) << 16) | ((out[58] & 0xff) << 8) | (out[59] & 0xff);
    return tag == 0xefefefef || tag == 0xeeeeeeee || tag == 0xdddddddd;
  }
}
