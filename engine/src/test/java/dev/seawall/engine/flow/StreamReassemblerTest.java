package dev.seawall.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamReassemblerTest {
  private record Chunk(long offset, byte[] data, byte[] window) {}

  private final List<Chunk> chunks = new ArrayList<>();
  private final StreamReassembler.Sink sink = (flow, dir, offset, buf, off, len, prefix, pOff, pLen, oOff, oLen) ->
      chunks.add(new Chunk(offset, Arrays.copyOfRange(buf, off, off + len),
          prefix == null ? null : Arrays.copyOfRange(prefix, pOff, pOff + pLen)));

  private static byte[] bytes(int from, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (from + i);
    return b;
  }

  private byte[] stream() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Chunk c : chunks) out.writeBytes(c.data);
    return out.toByteArray();
  }

  @Test
  void handshakeSplitOverTwoSegmentsIsSeenWholeInTheWindow() {
    StreamReassembler r = new StreamReassembler(16, 4, 256);
    r.start(3);
    r.syn(3, 0, 999);
    r.segment(3, 0, 1000, bytes(0, 1), 0, 1, sink);
    r.segment(3, 0, 1001, bytes(1, 67), 0, 67, sink);
    assertThat(chunks).hasSize(2);
    assertThat(chunks.get(1).offset).isEqualTo(1);
    assertThat(chunks.get(1).window).isEqualTo(bytes(0, 68));
  }

  @Test
  void firstBytesAreShownInPlaceAndKeptOnlyWhileTheFlowIsFollowed() {
    StreamReassembler r = new StreamReassembler(16, 4, 256);
    byte[] packet = bytes(0, 40);
    boolean[] follow = {true};
    List<byte[]> prefixes = new ArrayList<>();
    List<byte[]> others = new ArrayList<>();
    StreamReassembler.Sink s = (flow, dir, offset, buf, off, len, prefix, pOff, pLen, oOff, oLen) -> {
      prefixes.add(prefix);
      others.add(Arrays.copyOfRange(prefix, oOff, oOff + oLen));
      chunks.add(new Chunk(offset, null, Arrays.copyOfRange(prefix, pOff, pOff + pLen)));
      return follow[0];
    };
    r.start(5);
    r.segment(5, 0, 0, packet, 0, 40, s);
    assertThat(prefixes.get(0)).as("no copy before the sink asks for more").isSameAs(packet);
    Arrays.fill(packet, (byte) 0); // the capture reuses its buffer for the next packet
    r.segment(5, 0, 40, bytes(40, 10), 0, 10, s);
    assertThat(chunks.get(1).window).as("kept: the flow was still followed").isEqualTo(bytes(0, 50));

    r.start(6);
    byte[] answer = bytes(100, 40);
    r.segment(6, 1, 0, answer, 0, 40, s);
    Arrays.fill(answer, (byte) 0);
    r.segment(6, 0, 0, bytes(0, 8), 0, 8, s);
    assertThat(others.get(3)).as("the other direction's first bytes, kept").isEqualTo(bytes(100, 40));
    assertThat(chunks.get(3).window).isEqualTo(bytes(0, 8));
  }

  @Test
  void aDroppedWindowIsNotTakenAgainAndItsBufferServesTheNextFlow() {
    StreamReassembler r = new StreamReassembler(16, 1, 256);
    r.start(7);
    r.segment(7, 0, 0, bytes(0, 10), 0, 10, sink);
    r.dropWindow(7);
    r.segment(7, 0, 10, bytes(10, 10), 0, 10, sink);
    assertThat(chunks.get(1).window).as("no window any more, inside the first 256 bytes too").isNull();
    assertThat(chunks.get(1).data).isEqualTo(bytes(10, 10));
    r.segment(7, 0, 30, bytes(30, 10), 0, 10, sink); // out of order, nowhere to hold it: skipped over
    assertThat(chunks.get(2).offset).isEqualTo(30);
    r.start(8);
    r.segment(8, 0, 0, bytes(0, 10), 0, 10, sink);
    r.segment(8, 0, 10, bytes(10, 5), 0, 5, sink);
    assertThat(chunks.getLast().window).as("the one buffer of the pool went back").isEqualTo(bytes(0, 15));
    assertThat(r.poolExhausted()).isZero();
  }

  @Test
  void segmentsOutOfOrderAreDeliveredInOrder() {
    StreamReassembler r = new StreamReassembler(16, 4, 256);
    r.start(0);
    r.syn(0, 1, -1); // ISN wraps: the stream starts at sequence number 0
    r.segment(0, 1, 20, bytes(20, 30), 0, 30, sink); // arrives first
    r.segment(0, 1, 10, bytes(10, 10), 0, 10, sink);
    assertThat(chunks).isEmpty();
    r.segment(0, 1, 0, bytes(0, 10), 0, 10, sink);
    assertThat(stream()).isEqualTo(bytes(0, 50));
    assertThat(chunks.getLast().window).isEqualTo(bytes(0, 50));
  }

  @Test
  void retransmissionsAndOverlapsAreTrimmed() {
    StreamReassembler r = new StreamReassembler(16, 4, 256);
    r.start(1);
    r.segment(1, 0, 5000, bytes(0, 20), 0, 20, sink); // mid-stream: first seen segment is offset 0
    r.segment(1, 0, 5000, bytes(0, 20), 0, 20, sink); // duplicate
    r.segment(1, 0, 5010, bytes(10, 20), 0, 20, sink); // half new
    assertThat(stream()).isEqualTo(bytes(0, 30));
  }

  @Test
  void beyondTheWindowDataPassesAndGapsAreSkipped() {
    StreamReassembler r = new StreamReassembler(16, 4, 128);
    r.start(2);
    r.syn(2, 0, 0);
    r.segment(2, 0, 1, bytes(0, 200), 0, 200, sink);
    assertThat(chunks.getLast().window).hasSize(128);
    r.segment(2, 0, 301, bytes(44, 10), 0, 10, sink); // 100 bytes lost, beyond the window
    assertThat(chunks.getLast().offset).as("offset jumps over the gap").isEqualTo(300);
    assertThat(r.gapsSkipped()).isEqualTo(1);
    r.segment(2, 0, 201, bytes(200, 10), 0, 10, sink); // the lost bytes arrive late: too late
    assertThat(chunks).hasSize(2);
    r.segment(2, 0, 311, bytes(54, 10), 0, 10, sink);
    assertThat(chunks.getLast().offset).isEqualTo(310);
  }

  @Test
  void exhaustedPoolFallsBackToInOrderInspection() {
    StreamReassembler r = new StreamReassembler(16, 1, 128);
    r.start(0);
    r.start(1);
    r.segment(0, 0, 0, bytes(0, 10), 0, 10, sink);
    r.segment(1, 0, 0, bytes(0, 10), 0, 10, sink);
    assertThat(chunks.get(1).window).isNull();
    assertThat(r.poolExhausted()).isEqualTo(1);
    r.release(0);
    r.start(2);
    r.segment(2, 0, 0, bytes(0, 10), 0, 10, sink);
    assertThat(chunks.get(2).window).isEqualTo(bytes(0, 10));
  }
}
