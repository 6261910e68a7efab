package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Detector;
import dev.seawall.engine.detect.DetectorSet;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.detect.PeerMemory;
import dev.seawall.engine.packet.Addresses;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One UDP flow shown to one detector through a real {@link Classifier}, without packets: the
 * datagrams are given directly, as the inspector would after decoding. Records the peers the
 * detector learns.
 */
final class DatagramHarness {
  static final int FLOW = 3;
  static final String INITIATOR = "10.0.0.1", RESPONDER = "198.51.100.7";

  private final List<String> learned = new ArrayList<>();
  private final Classifier classifier;
  private int packet;

  DatagramHarness(IntFunction<Detector> detector) {
    this(detector, INITIATOR, 40001, RESPONDER, 6881);
  }

  DatagramHarness(IntFunction<Detector> detector, String initiator, int initiatorPort, String responder, int responderPort) {
    PeerMemory recording = new PeerMemory() {
      @Override
      public void learn(long hi, long lo, int port, long nowNanos) {
        learned.add((Addresses.isV4(hi, lo) ? Addresses.format(hi, lo) : "[" + Addresses.format(hi, lo) + "]") + ":" + port);
      }

      @Override
      public boolean known(long hi, long lo, int port, long nowNanos) {
        return false;
      }
    };
    classifier = new Classifier(16, new DetectorSet(List.of(detector)), recording, 24, true);
    long[] i = Addresses.parse(initiator);
    long[] r = Addresses.parse(responder);
    classifier.start(FLOW, false, false, i[0], i[1], initiatorPort, r[0], r[1], responderPort, 1, 0);
  }

  /** Shows a datagram from the initiator (direction 0) or the responder (1); returns the flow's state. */
  int send(int direction, byte[] datagram) {
    return send(direction, datagram, 0, datagram.length);
  }

  int send(int direction, byte[] buf, int off, int len) {
    return classifier.onDatagram(FLOW, direction, ++packet, buf, off, len, packet * 1_000_000L);
  }

  /** Endpoints learned, as "a.b.c.d:port" or "[v6]:port". */
  List<String> learned() {
    return learned;
  }

  boolean bittorrent() {
    return classifier.state(FLOW) == Classifier.BITTORRENT;
  }

  boolean finished() {
    return classifier.finished(FLOW);
  }

  Kind kind() {
    return classifier.kind(FLOW);
  }

  Confidence confidence() {
    return classifier.confidence(FLOW);
  }

  String evidence() {
    return classifier.evidence(FLOW);
  }

  int decidedAt() {
    return classifier.decidedAt(FLOW);
  }

  String client() {
    return classifier.clientId(FLOW);
  }

  List<String> infohashes() {
    List<String> out = new ArrayList<>();
    byte[] h = new byte[20];
    for (int i = 0; i < Math.min(Classifier.MAX_INFOHASHES, classifier.infohashCount(FLOW)); i++) {
      classifier.infohash(FLOW, i, h, 0);
      out.add(HexFormat.of().formatHex(h));
    }
    return out;
  }
}
