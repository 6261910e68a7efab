package dev.seawall.firewall.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketBatchTest {
  private final Arena arena = Arena.ofConfined();
  private final MemorySegment buf = arena.allocate(1 << 16, 8);

  @AfterEach
  void close() {
    arena.close();
  }

  private static byte[] payload(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void readsIdMarkPayloadAndOriginalLength() {
    byte[] p1 = payload(60, 1), p2 = payload(33, 2);
    long off = NfqMessages.packet(buf, 0, 7, 41, 0x1234, p1, p1.length, 1500);
    long end = NfqMessages.packet(buf, off, 7, 42, 0, p2, p2.length, p2.length);
    PacketBatch b = new PacketBatch(1);
    b.parse(buf, 0, end);
    assertThat(b.size).isEqualTo(2);
    assertThat(b.id[0]).isEqualTo(41);
    assertThat(b.queue[0]).isEqualTo(7);
    assertThat(b.mark[0]).isEqualTo(0x1234);
    assertThat(b.packetLength[0]).isEqualTo(1500);
    assertThat(b.payloadLength[0]).isEqualTo(60);
    byte[] got = buf.asSlice(b.payloadOffset[0], 60).toArray(ValueLayout.JAVA_BYTE);
    assertThat(got).isEqualTo(p1);
    assertThat(b.id[1]).isEqualTo(42);
    assertThat(b.mark[1]).isZero();
    assertThat(b.packetLength[1]).isEqualTo(33);
    assertThat(buf.asSlice(b.payloadOffset[1], 33).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(p2);
    assertThat(b.truncated + b.withoutId + b.kernelErrors + b.otherMessages).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 15, 16, 20, 27, 28, 40, 60})
  void truncatedSecondMessageKeepsTheFirstAndIsCounted(int cut) {
    byte[] p = payload(40, 3);
    long first = NfqMessages.packet(buf, 0, 0, 1, 0, p, p.length, p.length);
    long end = NfqMessages.packet(buf, first, 0, 2, 0, p, p.length, p.length);
    PacketBatch b = new PacketBatch(4);
    b.parse(buf, 0, Math.min(end - 1, first + cut));
    assertThat(b.size).isEqualTo(1);
    assertThat(b.id[0]).isEqualTo(1);
    assertThat(b.truncated).isEqualTo(1);
  }

  @Test
  void attributeRunningPastItsMessageEndsThatMessage() {
    byte[] p = payload(40, 4);
    long end = NfqMessages.packet(buf, 0, 0, 9, 0, p, p.length, p.length);
    // Payload attribute claims 200 bytes inside a message that has 44.
    long payloadAttr = end - 44;
    buf.set(NfqMessages.HOST_SHORT, payloadAttr, (short) 200);
    PacketBatch b = new PacketBatch(4);
    b.parse(buf, 0, end);
    assertThat(b.truncated).isEqualTo(1);
    // The id came before the broken attribute: the packet still gets a verdict, without payload.
    assertThat(b.size).isEqualTo(1);
    assertThat(b.payloadLength[0]).isZero();
  }

  @Test
  void packetWithoutIdIsCountedNotKept() {
    long p = 0;
    buf.set(NfqMessages.HOST_INT, p, 24);
    buf.set(NfqMessages.HOST_SHORT, p + 4, (short) Nfq.MSG_PACKET);
    buf.set(NfqMessages.HOST_INT, p + 16, 0);
    buf.set(NfqMessages.HOST_SHORT, p + 20, (short) 4); // empty mark attribute
    buf.set(NfqMessages.HOST_SHORT, p + 22, (short) Nfq.NFQA_MARK);
    PacketBatch b = new PacketBatch(4);
    b.parse(buf, 0, 24);
    assertThat(b.size).isZero();
    assertThat(b.withoutId).isEqualTo(1);
  }

  @Test
  void kernelErrorAnswersAreCounted() {
    buf.set(NfqMessages.HOST_INT, 0, 36);
    buf.set(NfqMessages.HOST_SHORT, 4, (short) Nfq.NLMSG_ERROR);
    buf.set(NfqMessages.HOST_INT, 16, -2); // ENOENT: verdict for an unknown id
    PacketBatch b = new PacketBatch(4);
    b.parse(buf, 0, 36);
    assertThat(b.kernelErrors).isEqualTo(1);
    assertThat(b.lastKernelError).isEqualTo(2);
  }

  @Test
  void growsBeyondItsExpectedSize() {
    byte[] p = payload(20, 5);
    long off = 0;
    for (int i = 0; i < 50; i++) off = NfqMessages.packet(buf, off, 0, 100 + i, 0, p, p.length, p.length);
    PacketBatch b = new PacketBatch(2);
    b.parse(buf, 0, off);
    assertThat(b.size).isEqualTo(50);
    assertThat(b.id[49]).isEqualTo(149);
  }

  /** Seeded random corruption of valid batches: never throws, never reads outside the data. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomCorruptionNeverThrows(long seed) {
    Random r = new Random(seed);
    for (int round = 0; round < 2000; round++) {
      long off = 0;
      int n = 1 + r.nextInt(5);
      for (int i = 0; i < n; i++) {
        byte[] p = payload(r.nextInt(300), r.nextInt());
        off = NfqMessages.packet(buf, off, r.nextInt(4), r.nextInt(), r.nextInt(), p, p.length, p.length + r.nextInt(3));
      }
      int flips = r.nextInt(8);
      for (int i = 0; i < flips; i++) buf.set(ValueLayout.JAVA_BYTE, r.nextLong(off), (byte) r.nextInt());
      long len = r.nextBoolean() ? off : r.nextLong(off + 1);
      // Data beyond len is poisoned: a parse reading past it would pick these up.
      buf.asSlice(len, 64).fill((byte) 0x7f);
      PacketBatch b = new PacketBatch(4);
      b.parse(buf, 0, len);
      for (int i = 0; i < b.size; i++) {
        assertThat(b.payloadOffset[i] + b.payloadLength[i]).isLessThanOrEqualTo(len);
        assertThat(b.payloadLength[i]).isNotNegative();
      }
    }
  }
}
