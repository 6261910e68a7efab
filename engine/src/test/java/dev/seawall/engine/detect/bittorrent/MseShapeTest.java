package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MseShapeTest {
  private final int[] counts = new int[256];

  /**
   * A refused client retries, so each missed random flight is a chance for the download to get
   * through: the random-looking test must pass uniform bytes almost always. With the earlier
   * bounds (6 printable opening bytes, a byte 8 times, half printable) about 7 in 1,000 failed.
   */
  @Test
  void uniformBytesPassAlmostAlways() {
    SplittableRandom random = new SplittableRandom(20261121);
    byte[] b = new byte[608];
    int samples = 0, rejected = 0;
    for (int size : new int[] {32, 56, 96, 160, 256, 608}) {
      for (int i = 0; i < 50_000; i++, samples++) {
        random.nextBytes(b);
        if (!MseShape.looksRandom(b, 0, size, counts)) rejected++;
      }
    }
    assertThat(rejected).as("random buffers judged not random, of %d", samples).isLessThanOrEqualTo(samples / 20_000);
  }

  @Test
  void structuredBytesAreNotRandom() {
    SplittableRandom random = new SplittableRandom(1);
    byte[] text = ("GET /announce?info_hash=%12%34&peer_id=-TR3000-abcdefghijkl&port=51413 HTTP/1.1\r\n"
        + "Host: tracker.example\r\nUser-Agent: Transmission/3.00\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    assertThat(MseShape.looksRandom(text, 0, text.length, counts)).as("HTTP").isFalse();

    byte[] tls = new byte[200];
    random.nextBytes(tls);
    tls[0] = 0x16;
    tls[1] = 0x03;
    tls[2] = 0x01;
    assertThat(MseShape.looksRandom(tls, 0, tls.length, counts)).as("TLS record").isFalse();

    byte[] padded = new byte[200]; // 96 random bytes, then zero padding
    random.nextBytes(padded);
    Arrays.fill(padded, 96, 200, (byte) 0);
    assertThat(MseShape.looksRandom(padded, 0, padded.length, counts)).as("zero padding").isFalse();

    byte[] repeated = new byte[256]; // random, but one byte value a dozen times (a TLV-ish filler)
    random.nextBytes(repeated);
    for (int i = 0; i < 12; i++) repeated[i * 20] = 0x7e;
    assertThat(MseShape.looksRandom(repeated, 0, repeated.length, counts)).as("repeated byte").isFalse();

    byte[] mostlyPrintable = new byte[256]; // a binary header over base64-ish text
    random.nextBytes(mostlyPrintable);
    for (int i = 0; i < 256; i++) if (i % 5 != 0) mostlyPrintable[i] = (byte) ('A' + (mostlyPrintable[i] & 0x1f) % 26);
    assertThat(MseShape.looksRandom(mostlyPrintable, 0, mostlyPrintable.length, counts)).as("mostly printable").isFalse();

    byte[] handshake = new byte[68];
    random.nextBytes(handshake);
    handshake[0] = 19;
    System.arraycopy("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII), 0, handshake, 1, 19);
    assertThat(MseShape.looksRandom(handshake, 0, handshake.length, counts)).as("plaintext handshake").isFalse();
  }
}
