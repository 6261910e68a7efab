package dev.seawall.engine.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The opening tables: a detector is shown a flow only if its protocol can open that way. */
class ClassifierOpeningTest {
  private final List<String> shown = new ArrayList<>();

  /** Opens with 'x' from the initiator, in 5-byte datagrams; records what it is shown, never decides. */
  private final Detector picky = new Detector() {
    @Override
    public String name() {
      return "picky";
    }

    @Override
    public boolean tcp() {
      return true;
    }

    @Override
    public boolean udp() {
      return true;
    }

    @Override
    public boolean mayOpenWith(int direction, int firstByte) {
      return direction == 0 && firstByte == 'x';
    }

    @Override
    public boolean mayOpenWithDatagramOf(int length) {
      return length == 5;
    }

    @Override
    public void onStream(FlowContext ctx, byte[] buf, int off, int len) {
      shown.add("tcp " + len + (ctx.newFlow() ? " new" : ""));
    }

    @Override
    public void onDatagram(FlowContext ctx, byte[] buf, int off, int len) {
      shown.add("udp " + len + (ctx.newFlow() ? " new" : ""));
    }
  };

  private final Classifier c = new Classifier(8, new DetectorSet(List.of(n -> picky)), PeerMemory.NONE, 24, false);

  private int datagram(int flow, int direction, String payload) {
    byte[] b = payload.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return c.onDatagram(flow, direction, 1, b, 0, b.length, 0);
  }

  private int segment(int flow, int direction, String payload) {
    byte[] b = payload.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    return c.onStream(flow, direction, 1, 0, b, 0, b.length, b, 0, b.length, 0, 0, 0);
  }

  @Test
  void aDatagramOpeningWithTheWrongByteOrLengthIsNeverShown() {
    c.start(0, false, false, 0, 1, 1000, 0, 2, 2000, 1, 0);
    assertThat(datagram(0, 0, "xyzzyq")).isEqualTo(Classifier.CLEAN); // right byte, 6 bytes
    c.start(1, false, false, 0, 1, 1000, 0, 2, 2000, 1, 0);
    assertThat(datagram(1, 0, "abcde")).isEqualTo(Classifier.CLEAN); // 5 bytes, wrong byte
    c.start(2, false, false, 0, 1, 1000, 0, 2, 2000, 1, 0);
    datagram(2, 1, "xbcde"); // the responder opened it
    assertThat(c.finished(0) && c.finished(1) && c.finished(2)).isTrue();
    assertThat(shown).isEmpty();

    c.start(3, false, false, 0, 1, 1000, 0, 2, 2000, 1, 0);
    datagram(3, 0, "xbcde");
    datagram(3, 1, "anything at all");
    assertThat(shown).containsExactly("udp 5 new", "udp 15");
    assertThat(c.finished(3)).isFalse();
  }

  @Test
  void datagramsLongerThanTheTableAndTcpSegmentsAreJudgedByTheirFirstByteOnly() {
    c.start(0, false, false, 0, 1, 1000, 0, 2, 2000, 1, 0);
    datagram(0, 0, "x" + "-".repeat(Detector.TABLED_LENGTHS));
    c.start(1, true, false, 0, 1, 1000, 0, 2, 2000, 1, 0);
    segment(1, 0, "x-------");
    c.start(2, true, false, 0, 1, 1000, 0, 2, 2000, 1, 0);
    segment(2, 0, "y-------");
    assertThat(shown).containsExactly("udp " + (Detector.TABLED_LENGTHS + 1) + " new", "tcp 8 new");
    assertThat(c.finished(2)).isTrue();
  }
}
