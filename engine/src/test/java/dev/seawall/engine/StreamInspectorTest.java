package dev.seawall.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.DetectorSet;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.packet.Bytes;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class StreamInspectorTest {
  private static StreamInspector inspector(int capacity) {
    IntFunction<Detector> magic = PacketInspectorTest.MagicDetector::new;
    return new StreamInspector(EngineConfig.defaults(new DetectorSet(List.of(magic))).withMaxFlows(capacity));
  }

  @Test
  void bytesArrivingInPiecesAreJudgedAsOneStream() {
    StreamInspector in = inspector(16);
    int flow = in.open(true, 0, 1, 1000, 0, 2, 6881, 0);
    assertThat(in.data(flow, 0, Bytes.ascii("MA"), 0, 2, 1)).isEqualTo(Classifier.UNDECIDED);
    int state = in.data(flow, 0, Bytes.ascii("GIC!"), 0, 4, 2);
    assertThat(state).isEqualTo(Classifier.BITTORRENT | PacketInspector.FINISHED);
    assertThat(in.classifier().kind(flow)).isEqualTo(Kind.PEER_WIRE);
  }

  @Test
  void datagramsAndCleanVerdicts() {
    StreamInspector in = inspector(16);
    int flow = in.open(false, 0, 1, 1000, 0, 2, 53, 0);
    assertThat(in.datagram(flow, 0, Bytes.ascii("query"), 0, 5, 1)).isEqualTo(Classifier.CLEAN | PacketInspector.FINISHED);
  }

  @Test
  void slotsAreBoundedAndReused() {
    StreamInspector in = inspector(16);
    int[] flows = new int[16];
    for (int i = 0; i < 16; i++) flows[i] = in.open(true, 0, i, 1, 0, 2, 80, 0);
    assertThat(in.open(true, 0, 99, 1, 0, 2, 80, 0)).isEqualTo(-1);
    in.close(flows[3]);
    int again = in.open(true, 0, 99, 1, 0, 2, 80, 0);
    assertThat(again).isEqualTo(flows[3]);
    assertThat(in.state(again)).isEqualTo(Classifier.UNDECIDED);
    assertThatThrownBy(() -> in.data(flows[3] + 100, 0, new byte[1], 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
