package dev.seawall.firewall.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.engine.PacketInspector;
import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.detect.Confidence;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class MarksAndPolicyTest {

  @Test
  void marksAreTwoAdjacentBits() {
    Marks m = new Marks(0x30);
    assertThat(m.clean()).isEqualTo(0x10);
    assertThat(m.block()).isEqualTo(0x20);
    assertThat(m.pass()).isEqualTo(0x30);
    assertThat(m.apply(0xffff_ffcf, m.block())).isEqualTo(0xffff_ffef);
    assertThatThrownBy(() -> new Marks(0x5)).hasMessageContaining("two adjacent bits");
    assertThatThrownBy(() -> new Marks(0x1)).hasMessageContaining("two adjacent bits");
    assertThatThrownBy(() -> new Marks(0)).hasMessageContaining("two adjacent bits");
    assertThatThrownBy(() -> new Marks(0x80000000)).hasMessageContaining("two adjacent bits");
    assertThat(new Marks(0xc0000000).block()).isEqualTo(0x80000000);
  }

  @Test
  void policyDecides() {
    Policy p = Policy.defaults();
    int bt = Classifier.BITTORRENT;
    int fin = PacketInspector.FINISHED;
    assertThat(p.decide(PacketInspector.NO_FLOW, null)).isEqualTo(Action.INSPECT);
    assertThat(p.decide(Classifier.UNDECIDED, null)).isEqualTo(Action.INSPECT);
    assertThat(p.decide(Classifier.CLEAN | fin, null)).isEqualTo(Action.OFFLOAD);
    assertThat(p.decide(bt, Confidence.SIGNATURE)).isEqualTo(Action.BLOCK);
    assertThat(p.decide(bt, Confidence.CORRELATED)).isEqualTo(Action.BLOCK);
    // Heuristic alone does not block by default: keep looking, then let it go.
    assertThat(p.decide(bt, Confidence.HEURISTIC)).isEqualTo(Action.INSPECT);
    assertThat(p.decide(bt | fin, Confidence.HEURISTIC)).isEqualTo(Action.OFFLOAD);

    Policy all = new Policy(Mode.enforce, EnumSet.allOf(Confidence.class));
    assertThat(all.decide(bt, Confidence.HEURISTIC)).isEqualTo(Action.BLOCK);
    Policy monitor = new Policy(Mode.monitor, EnumSet.allOf(Confidence.class));
    assertThat(monitor.decide(bt, Confidence.SIGNATURE)).isEqualTo(Action.OFFLOAD);
    assertThat(monitor.decide(Classifier.UNDECIDED, null)).isEqualTo(Action.INSPECT);
  }
}
