package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.FlowSink;
import dev.seawall.engine.PacketInspector;
import dev.seawall.engine.capture.CaptureException;
import dev.seawall.engine.capture.CaptureReader;
import dev.seawall.engine.capture.CaptureRecord;
import dev.seawall.engine.capture.Captures;
import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.packet.Addresses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs one capture through a fresh inspector with every BitTorrent detector and keeps each flow's verdict. */
final class CaptureRun {
  private CaptureRun() {}

  /** One flow as it ended; endpoints as text (initiator first). */
  record Flow(String proto, String initiator, int initiatorPort, String responder, int responderPort, long packets,
      Kind kind, Confidence confidence, String evidence, int decidedAt, List<String> infohashes, String client) {

    boolean bittorrent() {
      return kind != null;
    }

    /** Order-independent key with canonical address text, as the label files are matched. */
    String key() {
      return key(proto, initiator, initiatorPort, responder, responderPort);
    }

    static String key(String proto, String ipA, int portA, String ipB, int portB) {
      String a = canonical(ipA) + "/" + portA;
      String b = canonical(ipB) + "/" + portB;
      return proto + " " + (a.compareTo(b) < 0 ? a + " " + b : b + " " + a);
    }

    private static String canonical(String ip) {
      long[] v = Addresses.parse(ip);
      return Addresses.format(v[0], v[1]);
    }

    @Override
    public String toString() {
      return proto + " " + initiator + ":" + initiatorPort + " -> " + responder + ":" + responderPort + " " + packets
          + " pkts: " + (kind == null ? "clean" : kind.label() + "/" + confidence.label() + " @" + decidedAt + " \"" + evidence + "\"");
    }
  }

  static List<Flow> run(Path capture) throws IOException {
    try (InputStream in = Files.newInputStream(capture)) {
      return run(capture.toString(), in);
    }
  }

  static List<Flow> run(String name, InputStream in) throws IOException {
    List<Flow> flows = new ArrayList<>();
    FlowSink sink = f -> {
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < f.storedInfohashes(); i++) hashes.add(f.infohashHex(i));
      flows.add(new Flow(f.transport(), f.initiatorAddress(), f.initiatorPort(), f.responderAddress(),
          f.responderPort(), f.packets(), f.kind(), f.confidence(), f.evidence(), f.decidedAtPacket(),
          List.copyOf(hashes), f.clientId()));
    };
    EngineConfig config = EngineConfig.defaults(BitTorrentDetectors.all()).withMaxFlows(8192).withInfohashes(true)
        .withPeers(LearnedPeers.withDefaults());
    PacketInspector inspector = new PacketInspector(config, sink);
    try (CaptureReader reader = Captures.open(name, in)) {
      CaptureRecord r = new CaptureRecord();
      while (reader.next(r)) inspector.process(r.buffer, r.offset, r.length, r.wireLength, r.linkType, r.timestampNanos);
    } catch (CaptureException e) {
      // A broken capture: the frames before the damage were inspected, which is what is wanted.
    }
    inspector.drain();
    return flows;
  }
}
