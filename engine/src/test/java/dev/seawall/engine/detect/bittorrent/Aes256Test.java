package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class Aes256Test {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void fips197AppendixC3() {
    Aes256 aes = new Aes256();
    aes.setKey(HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), 0);
    byte[] out = new byte[16];
    aes.encryptBlock(HEX.parseHex("00112233445566778899aabbccddeeff"), 0, out, 0);
    assertThat(HEX.formatHex(out)).isEqualTo("8ea2b7ca516745bfeafc49904b496089");
  }

  @Test
  void agreesWithTheJdkOnRandomKeysAndBlocks() throws Exception {
    Random r = new Random(7);
    Aes256 aes = new Aes256();
    Cipher jdk = Cipher.getInstance("AES/ECB/NoPadding");
    for (int i = 0; i < 500; i++) {
      byte[] key = new byte[40];
      byte[] block = new byte[16];
      r.nextBytes(key);
      r.nextBytes(block);
      aes.setKey(key, 5);
      byte[] out = new byte[20];
      aes.encryptBlock(block, 0, out, 3);
      jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 5, 32, "AES"));
      assertThat(java.util.Arrays.copyOfRange(out, 3, 19)).isEqualTo(jdk.doFinal(block));
    }
  }

  @Test
  void telegramCheckCarriesTheCounterLikeTheJdk() throws Exception {
    // IVs whose low bytes overflow when the counter reaches block 3.
    Random r = new Random(3);
    ObfuscatedTelegram t = new ObfuscatedTelegram();
    for (int i = 0; i < 50; i++) {
      byte[] init = new byte[64];
      r.nextBytes(init);
      for (int j = 55 - i % 8; j <= 55; j++) init[j] = (byte) 0xff;
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(init, 8, 32, "AES"), new IvParameterSpec(init, 40, 16));
      byte[] stream = aes.doFinal(new byte[64]);
      for (int j = 56; j < 60; j++) init[j] = (byte) (0xdd ^ stream[j]);
      assertThat(t.matches(init, 0, 64)).isTrue();
    }
  }
}
