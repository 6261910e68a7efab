package dev.seawall.analyze;

import dev.seawall.engine.detect.Confidence;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Prints an evaluation as tables a person can compare engine against engine. */
final class EvalReport {
  private final PrintStream out;
  private final Evaluation evaluation;
  private final boolean withNdpi;

  EvalReport(PrintStream out, Evaluation evaluation, boolean withNdpi) {
    this.out = out;
    this.evaluation = evaluation;
    this.withNdpi = withNdpi;
  }

  void print(int captures, LabelFile labels, List<Evaluation.Scored> scored, Map<String, Evaluation.ClassStats> classes,
      Map<FlowKey, Evaluation.Verdict> seawall, double seconds, String ndpiNote, int list) {
    long tcp = labels.labels().stream().filter(l -> l.key().proto().equals("tcp")).count();
    String levels = evaluation.blocking().stream().map(Confidence::label).collect(Collectors.joining(", "));
    out.printf(Locale.ROOT, "Seawall eval: %d captures, %d labelled flows (%d TCP, %d UDP), engine time %.2f s%n",
        captures, labels.labels().size(), tcp, labels.labels().size() - tcp, seconds);
    out.printf("Counted as detected: confidence %s. 'any' counts every level.%n", levels);
    out.println(ndpiNote);
    out.println();

    out.printf("%-30s %6s %8s %8s %6s %10s %10s%n", "BitTorrent class", "flows", "Seawall", "recall", "any", "nDPI -d",
        "nDPI guess");
    int positives = 0, detected = 0;
    for (Evaluation.ClassStats c : classes.values()) {
      if (!c.label.startsWith("bittorrent")) continue;
      positives += c.flows;
      detected += c.detected;
      out.printf(Locale.ROOT, "%-30s %6d %8d %7.1f%% %6d %10s %10s%n", c.label, c.flows, c.detected,
          100.0 * c.detected / c.flows, c.detectedAny, ndpi(c.ndpiDpi, c.flows), ndpi(c.ndpiGuess, c.flows));
    }
    if (positives > 0) {
      out.printf(Locale.ROOT, "%-30s %6d %8d %7.1f%%%n", "all BitTorrent", positives, detected, 100.0 * detected / positives);
    }
    out.println();

    out.printf("%-30s %6s %8s %8s %6s %10s %10s%n", "negative class", "flows", "FP", "FP rate", "any", "nDPI -d",
        "nDPI guess");
    int negatives = 0, fp = 0, fpAny = 0, fpDpi = 0, fpGuess = 0;
    for (Evaluation.ClassStats c : classes.values()) {
      if (c.label.startsWith("bittorrent")) continue;
      negatives += c.flows;
      fp += c.detected;
      fpAny += c.detectedAny;
      fpDpi += c.ndpiDpi;
      fpGuess += c.ndpiGuess;
      out.printf(Locale.ROOT, "%-30s %6d %8d %7.2f%% %6d %10s %10s%n", c.label, c.flows, c.detected,
          100.0 * c.detected / c.flows, c.detectedAny, ndpi(c.ndpiDpi, c.flows), ndpi(c.ndpiGuess, c.flows));
    }
    if (negatives > 0) {
      out.printf(Locale.ROOT, "%-30s %6d %8d %7.2f%% %6d %10s %10s%n", "all negatives", negatives, fp,
          100.0 * fp / negatives, fpAny, ndpi(fpDpi, negatives), ndpi(fpGuess, negatives));
    }
    out.println();

    latency(classes);
    listMissed(scored, list);
    listFalsePositives(scored, list);
    listUnlabelled(labels, seawall, list);
  }

  private String ndpi(int n, int of) {
    return withNdpi ? String.format(Locale.ROOT, "%d", n) : "-";
  }

  private void latency(Map<String, Evaluation.ClassStats> classes) {
    List<Integer> all = new ArrayList<>();
    for (Evaluation.ClassStats c : classes.values()) if (c.label.startsWith("bittorrent")) all.addAll(c.latencies);
    if (all.isEmpty()) return;
    Collections.sort(all);
    int[] buckets = new int[7]; // 0, 1, 2, 3, 4, 5-8, >8
    for (int p : all) buckets[p <= 4 ? p : p <= 8 ? 5 : 6]++;
    out.println("Payload packets seen when a BitTorrent flow was decided (0 = before any payload, e.g. learned peer):");
    out.printf(Locale.ROOT, "  0: %d   1: %d   2: %d   3: %d   4: %d   5-8: %d   >8: %d   (median %d, p95 %d, max %d)%n",
        buckets[0], buckets[1], buckets[2], buckets[3], buckets[4], buckets[5], buckets[6], all.get(all.size() / 2),
        all.get(Math.min(all.size() - 1, (int) Math.ceil(all.size() * 0.95) - 1)), all.getLast());
    int within4 = 0;
    for (int p : all) if (p <= 4) within4++;
    out.printf(Locale.ROOT, "  decided within 4 payload packets: %d of %d (%.1f%%)%n", within4, all.size(), 100.0 * within4 / all.size());
    out.printf("  per class max:");
    for (Evaluation.ClassStats c : classes.values()) {
      if (c.label.startsWith("bittorrent") && !c.latencies.isEmpty()) {
        out.printf(" %s %d;", c.label, Collections.max(c.latencies));
      }
    }
    out.println();
    out.println();
  }

  private void listMissed(List<Evaluation.Scored> scored, int list) {
    List<Evaluation.Scored> missed = scored.stream()
        .filter(s -> s.label().positive() && !evaluation.counts(s.seawall())).toList();
    if (missed.isEmpty()) return;
    out.printf("Missed BitTorrent flows (%d):%n", missed.size());
    for (Evaluation.Scored s : missed.subList(0, Math.min(list, missed.size()))) {
      out.printf("  %s %s %s <-> %s  [%s]  Seawall: %s  nDPI: %s%n", s.label().key().capture(), s.label().key().proto(),
          s.label().key().endpointA(), s.label().key().endpointB(), s.label().label(), describe(s.seawall()),
          s.ndpiGuess() == null ? "-" : s.ndpiGuess());
    }
    out.println();
  }

  private void listFalsePositives(List<Evaluation.Scored> scored, int list) {
    List<Evaluation.Scored> fps = scored.stream()
        .filter(s -> !s.label().positive() && s.seawall() != null && s.seawall().bittorrent()).toList();
    if (fps.isEmpty()) return;
    out.printf("BitTorrent verdicts on negative flows, any confidence (%d):%n", fps.size());
    for (Evaluation.Scored s : fps.subList(0, Math.min(list, fps.size()))) {
      out.printf("  %s %s %s <-> %s  [%s]  %s%n", s.label().key().capture(), s.label().key().proto(),
          s.label().key().endpointA(), s.label().key().endpointB(), s.label().label(), describe(s.seawall()));
    }
    out.println();
  }

  private void listUnlabelled(LabelFile labels, Map<FlowKey, Evaluation.Verdict> seawall, int list) {
    Set<FlowKey> labelled = new HashSet<>();
    Set<String> captures = new HashSet<>();
    for (LabelFile.Label l : labels.labels()) {
      labelled.add(l.key());
      captures.add(l.key().capture());
    }
    List<Map.Entry<FlowKey, Evaluation.Verdict>> extra = seawall.entrySet().stream()
        .filter(e -> e.getValue().bittorrent() && !labelled.contains(e.getKey()) && captures.contains(e.getKey().capture()))
        .toList();
    if (extra.isEmpty()) return;
    out.printf("BitTorrent verdicts on flows the labels do not list (%d):%n", extra.size());
    for (var e : extra.subList(0, Math.min(list, extra.size()))) {
      out.printf("  %s %s %s <-> %s  %s%n", e.getKey().capture(), e.getKey().proto(), e.getKey().endpointA(),
          e.getKey().endpointB(), describe(e.getValue()));
    }
    out.println();
  }

  private static String describe(Evaluation.Verdict v) {
    if (v == null) return "flow not seen";
    if (!v.bittorrent()) return "not BitTorrent";
    return v.kind().label() + " (" + v.confidence().label() + ", payload packet " + v.payloadPacket() + "): " + v.evidence();
  }
}
