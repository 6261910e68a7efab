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
import dev.seawall.engine.detect.PeerMemory;
import dev.seawall.engine.packet.Addresses;
import dev.seawall.engine.packet.Packet;
import dev.seawall.engine.packet.PacketDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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

  /**
   * The detectors alone: no peer memory, so no flow is labelled from an endpoint learned earlier
   * in the capture (which would hide what the detectors themselves decide, and when).
   */
  static List<Flow> detectorsOnly(Path capture, Predicate<Packet> keep) throws IOException {
    try (InputStream in = Files.newInputStream(capture)) {
      return run(capture.toString(), in, keep, PeerMemory.NONE);
    }
  }

  static List<Flow> run(String name, InputStream in) throws IOException {
    return run(name, in, p -> true);
  }

  /** Like {@link #run(Path)}, showing the inspector only the frames whose decoded packet {@code keep} accepts. */
  static List<Flow> run(Path capture, Predicate<Packet> keep) throws IOException {
    try (InputStream in = Files.newInputStream(capture)) {
      return run(capture.toString(), in, keep);
    }
  }

  /** A capture from the test resources, with or without peer memory. */
  static List<Flow> resource(String path, boolean memory) throws IOException {
    try (InputStream in = CaptureRun.class.getResourceAsStream(path)) {
      if (in == null) throw new IOException("no test resource " + path);
      return run(path, in, p -> true, memory ? LearnedPeers.withDefaults() : PeerMemory.NONE);
    }
  }

  private static List<Flow> run(String name, InputStream in, Predicate<Packet> keep) throws IOException {
    return run(name, in, keep, LearnedPeers.withDefaults());
  }

  private static List<Flow> run(String name, InputStream in, Predicate<Packet> keep, PeerMemory peers) throws IOException {
    List<Flow> flows = new ArrayList<>();
    FlowSink sink = f -> {
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < f.storedInfohashes(); i++) hashes.add(f.infohashHex(i));
      flows.add(new Flow(f.transport(), f.initiatorAddress(), f.initiatorPort(), f.responderAddress(),
          f.responderPort(), f.packets(), f.kind(), f.confidence(), f.evidence(), f.decidedAtPacket(),
          List.copyOf(hashes), f.clientId()));
    };
    EngineConfig config = EngineConfig.defaults(BitTorrentDetectors.all()).withMaxFlows(8192).withInfohashes(true)
        .withPeers(peers);
    PacketInspector inspector = new PacketInspector(config, sink);
    try (CaptureReader reader = Captures.open(name, in)) {
      CaptureRecord r = new CaptureRecord();
      PacketDecoder decoder = new PacketDecoder();
      Packet packet = new Packet();
      while (reader.next(r)) {
        decoder.decode(r.buffer, r.offset, r.length, r.linkType, packet);
        if (keep.test(packet)) inspector.process(r.buffer, r.offset, r.length, r.wireLength, r.linkType, r.timestampNanos);
      }
    } catch (CaptureException e) {
      // A broken capture: the frames before the damage were inspected, which is what is wanted.
    }
    inspector.drain();
    return flows;
  }
}
