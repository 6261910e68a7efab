package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.detect.PeerMemory;
import dev.seawall.engine.packet.Addresses;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Per-flow state is allocated for the first flows and grown as higher slots come into use: flows
 * already under way keep their verdicts and their detectors' state across every growth step.
 */
class FlowStateGrowthTest {
  private static final int CAPACITY = 10_000;
  private final Classifier c = new Classifier(CAPACITY, BitTorrentDetectors.all(), PeerMemory.NONE, 24, true);
  private static final long[] CLIENT = Addresses.parse("10.0.0.1"), TRACKER = Addresses.parse("198.51.100.7");
  private int packet;

  private void startUdp(int flow) {
    c.start(flow, false, false, CLIENT[0], CLIENT[1] + flow, 40_000, TRACKER[0], TRACKER[1], 1337, 1, 0);
  }

  private int send(int flow, int direction, byte[] datagram) {
    return c.onDatagram(flow, direction, ++packet, datagram, 0, datagram.length, packet * 1_000_000L);
  }

  private String infohash(int flow) {
    byte[] h = new byte[20];
    c.infohash(flow, 0, h, 0);
    return HexFormat.of().formatHex(h);
  }

  @Test
  void flowsUnderWayKeepTheirStateWhileTheTablesGrow() {
    startUdp(0); // a UDP tracker announce without its connect: decided only by the answer, from state
    send(0, 0, UdpTrackerDetectorTest.announce(UdpTrackerDetectorTest.CONNECTION, UdpTrackerDetectorTest.TXN2, new byte[] {0, 0}));
    assertThat(c.finished(0)).isFalse();
    startUdp(1); // decided before the growth
    send(1, 0, DhtDetectorTest.getPeers());
    assertThat(c.kind(1)).isEqualTo(Kind.DHT);

    for (int flow = 2; flow < CAPACITY; flow++) startUdp(flow); // 1024 -> 2048 -> ... -> 10,000 slots

    send(0, 1, UdpTrackerDetectorTest.announceReply(UdpTrackerDetectorTest.TXN2, UdpTrackerDetectorTest.peer(10, 0, 0, 3, 6881)));
    assertThat(c.kind(0)).isEqualTo(Kind.TRACKER_UDP);
    assertThat(c.evidence(0)).isEqualTo(UdpTrackerDetector.ANNOUNCE_REPLY);
    assertThat(infohash(0)).isEqualTo(HexFormat.of().formatHex(UdpTrackerDetectorTest.HASH));
    assertThat(c.kind(1)).isEqualTo(Kind.DHT);
    assertThat(infohash(1)).isEqualTo(HexFormat.of().formatHex(DhtDetectorTest.HASH));

    send(CAPACITY - 1, 0, UdpTrackerDetectorTest.connect(UdpTrackerDetectorTest.TXN)); // the last slot works
    assertThat(c.kind(CAPACITY - 1)).isEqualTo(Kind.TRACKER_UDP);
  }

  @Test
  void aSlotBeyondTheCapacityIsRefusedWithItsNumber() {
    assertThatThrownBy(() -> startUdp(CAPACITY))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("flow 10000 beyond capacity 10000");
  }
}
