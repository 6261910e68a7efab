package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Classifier;
import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.DetectorSet;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.detect.PeerMemory;
import dev.seawall.engine.flow.StreamReassembler;
import dev.seawall.engine.packet.Addresses;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One TCP flow shown to every BitTorrent detector through a real {@link Classifier} and the real
 * reassembly window, without packets: each call is one segment of one direction, in order.
 */
final class StreamHarness implements StreamReassembler.Sink {
  static final int FLOW = 5;
  private final Classifier classifier;
  private final StreamReassembler windows = new StreamReassembler(16, 4, 2048);
  private final int[] sent = new int[2];
  private final List<String> learned = new ArrayList<>();
  private int packet;

  StreamHarness(boolean midStream, boolean responderKnown, boolean initiatorActive) {
    PeerMemory memory = new PeerMemory() {
      @Override
      public void learn(long hi, long lo, int port, long nowNanos) {
        learned.add(Addresses.format(hi, lo) + ":" + port);
      }

      @Override
      public boolean known(long hi, long lo, int port, long nowNanos) {
        return responderKnown && port == 6881 && packet > 0; // known for payload checks, not at the SYN
      }

      @Override
      public boolean subscriberActive(long hi, long lo, long nowNanos) {
        return initiatorActive;
      }
    };
    classifier = new Classifier(16, BitTorrentDetectors.all(), memory, 24, true);
    long[] i = Addresses.parse("10.0.0.1"), r = Addresses.parse("198.51.100.7");
    windows.start(FLOW);
    classifier.start(FLOW, true, midStream, i[0], i[1], 40001, r[0], r[1], 6881, 1, 0);
  }

  StreamHarness() {
    this(false, false, false);
  }

  /** One segment from the initiator (0) or the responder (1); returns the flow's state. */
  int send(int direction, byte[] bytes) {
    packet++;
    windows.segment(FLOW, direction, sent[direction], bytes, 0, bytes.length, this);
    sent[direction] += bytes.length;
    return classifier.state(FLOW);
  }

  @Override
  public boolean data(int flow, int direction, long streamOffset, byte[] buf, int off, int len, byte[] prefix,
      int prefixOffset, int prefixLength, int otherOffset, int otherLength) {
    classifier.onStream(flow, direction, packet, streamOffset, buf, off, len, prefix, prefixOffset, prefixLength,
        otherOffset, otherLength, packet * 1_000_000L);
    return !classifier.finished(flow);
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

  String client() {
    return classifier.clientId(FLOW);
  }

  List<String> infohashes() {
    List<String> out = new ArrayList<>();
    byte[] h = new byte[20];
    for (int i = 0; i < Math.min(classifier.infohashCount(FLOW), Classifier.MAX_INFOHASHES); i++) {
      classifier.infohash(FLOW, i, h, 0);
      out.add(HexFormat.of().formatHex(h));
    }
    return out;
  }

  List<String> learned() {
    return learned;
  }

  static DetectorSet all() {
    return BitTorrentDetectors.all();
  }
}
