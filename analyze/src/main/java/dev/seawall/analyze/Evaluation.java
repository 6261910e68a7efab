package dev.seawall.analyze;

import dev.seawall.engine.EngineConfig;
import dev.seawall.engine.FlowSummary;
import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Kind;
import dev.seawall.engine.detect.bittorrent.BitTorrentDetectors;
import dev.seawall.engine.detect.bittorrent.LearnedPeers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs the engine over labelled captures and scores it per label class: recall on BitTorrent
 * classes, false positives on the rest, packets to a decision. Each capture is analysed on its
 * own (nothing learned in one labels another), as {@code seawall analyze} does.
 */
final class Evaluation {

  /** The engine's answer for one flow (the strongest, when a 5-tuple was reused). */
  record Verdict(boolean bittorrent, Kind kind, Confidence confidence, int payloadPacket, String evidence) {}

  /** One labelled flow with both engines' answers (null when an engine did not see the flow). */
  record Scored(LabelFile.Label label, Verdict seawall, String ndpiDpi, String ndpiGuess) {}

  /** Counts for one label class. */
  static final class ClassStats {
    final String label;
    int flows, seen, detected, detectedAny, ndpiDpi, ndpiGuess;
    final List<Integer> latencies = new ArrayList<>();

    ClassStats(String label) {
      this.label = label;
    }
  }

  private final Set<Confidence> blocking;

  Evaluation(Set<Confidence> blocking) {
    this.blocking = EnumSet.copyOf(blocking);
  }

  Set<Confidence> blocking() {
    return blocking;
  }

  boolean counts(Verdict v) {
    return v != null && v.bittorrent() && blocking.contains(v.confidence());
  }

  /**
   * Seawall's verdict per flow key over the given captures. Without {@code memory} nothing is
   * learned from one flow for another (no learned peers, no per-subscriber evidence): what each
   * flow's own packets show.
   */
  static Map<FlowKey, Verdict> runSeawall(List<Path> captures, boolean memory) {
    Map<FlowKey, Verdict> out = new HashMap<>();
    LearnedPeers peers = LearnedPeers.withDefaults();
    EngineConfig config = EngineConfig.defaults(BitTorrentDetectors.all())
        .withPeers(memory ? peers : dev.seawall.engine.detect.PeerMemory.NONE);
    String[] current = {""};
    new CaptureAnalysis(config, 1).run(captures, (FlowSummary f) -> {
      FlowKey key = FlowKey.of(current[0], f.transport(), f.initiatorAddress(), f.initiatorPort(),
          f.responderAddress(), f.responderPort());
      Verdict v = new Verdict(f.bittorrent(), f.kind(), f.confidence(), f.decidedAtPayloadPacket(), f.evidence());
      out.merge(key, v, Evaluation::stronger);
    }, CaptureAnalysis.Progress.NONE, file -> {
      peers.clear();
      current[0] = file;
    });
    return out;
  }

  private static Verdict stronger(Verdict a, Verdict b) {
    if (a.bittorrent() != b.bittorrent()) return a.bittorrent() ? a : b;
    if (!a.bittorrent()) return a;
    return a.confidence().compareTo(b.confidence()) >= 0 ? a : b;
  }

  List<Scored> score(LabelFile labels, Map<FlowKey, Verdict> seawall, Map<FlowKey, String> ndpiDpi,
      Map<FlowKey, String> ndpiGuess) {
    List<Scored> out = new ArrayList<>();
    for (LabelFile.Label l : labels.labels()) {
      out.add(new Scored(l, seawall.get(l.key()), ndpiDpi == null ? null : ndpiDpi.get(l.key()),
          ndpiGuess == null ? null : ndpiGuess.get(l.key())));
    }
    return out;
  }

  /** Per-class counts, BitTorrent classes first; negatives folded into one row when many. */
  Map<String, ClassStats> classes(List<Scored> scored, boolean foldNegatives) {
    Map<String, ClassStats> positives = new TreeMap<>();
    Map<String, ClassStats> negatives = new TreeMap<>();
    for (Scored s : scored) {
      boolean positive = s.label().positive();
      String name = positive || !foldNegatives ? s.label().label() : "not-bittorrent (all)";
      ClassStats c = (positive ? positives : negatives).computeIfAbsent(name, ClassStats::new);
      c.flows++;
      if (s.seawall() != null) c.seen++;
      if (counts(s.seawall())) {
        c.detected++;
        c.latencies.add(s.seawall().payloadPacket());
      }
      if (s.seawall() != null && s.seawall().bittorrent()) c.detectedAny++;
      if (isBitTorrent(s.ndpiDpi())) c.ndpiDpi++;
      if (isBitTorrent(s.ndpiGuess())) c.ndpiGuess++;
    }
    Map<String, ClassStats> all = new LinkedHashMap<>(positives);
    all.putAll(negatives);
    return all;
  }

  static boolean isBitTorrent(String ndpiProtocol) {
    return ndpiProtocol != null && ndpiProtocol.contains("BitTorrent");
  }
}
