package dev.seawall.analyze;

import dev.seawall.engine.detect.Confidence;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seawall eval --labels labels.csv FILE...}: how well the engine does on labelled captures. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Scores the engine on labelled captures: recall per BitTorrent class, false positives on the other",
      "flows, payload packets to a decision; and the same for ndpiReader (nDPI) when it is installed.",
      "Labels: CSV with pcap, protocol|proto, ip_a, port_a, ip_b, port_b, label (the lab corpus format).",
      "Exit status: 0 ok, 1 input error, 2 usage error."
    })
public final class EvalCommand implements Callable<Integer> {

  @Option(names = "--labels", required = true, paramLabel = "CSV", description = "flow labels")
  Path labelsFile;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "captures, or folders of captures")
  List<Path> inputs;

  @Option(names = "--block", split = ",", defaultValue = "signature,correlated",
      description = "confidence levels that count as a detection (policy): signature, correlated, heuristic")
  List<String> block;

  @Option(names = "--no-ndpi", description = "do not run ndpiReader (it runs by default when installed)")
  boolean noNdpi;

  @Option(names = "--fold-negatives", negatable = true,
      description = "one row for all negative classes (default: when there are more than 20)")
  Boolean foldNegatives;

  @Option(names = "--no-memory",
      description = "no learned peers, no per-subscriber evidence: score each flow on its own packets")
  boolean noMemory;

  @Option(names = "--list", defaultValue = "50", description = "list up to N missed flows and N false positives")
  int list;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Set<Confidence> levels = EnumSet.noneOf(Confidence.class);
    for (String b : block) {
      try {
        levels.add(Confidence.valueOf(b.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        System.err.println("seawall eval: --block: unknown confidence level '" + b + "' (signature, correlated, heuristic)");
        return 2;
      }
    }
    LabelFile labels;
    List<Path> captures;
    try {
      labels = LabelFile.read(labelsFile);
      captures = expand(inputs);
    } catch (IOException e) {
      System.err.println("seawall eval: " + e.getMessage());
      return 1;
    }
    if (captures.isEmpty()) {
      System.err.println("seawall eval: no capture files in " + inputs);
      return 1;
    }
    Set<String> names = new HashSet<>();
    for (Path p : captures) names.add(p.getFileName().toString());
    LabelFile relevant = new LabelFile(labels.labels().stream().filter(l -> names.contains(l.key().capture())).toList());

    long start = System.nanoTime();
    Map<FlowKey, Evaluation.Verdict> seawall = Evaluation.runSeawall(captures, !noMemory);
    double seawallSeconds = (System.nanoTime() - start) / 1e9;
    Map<FlowKey, String> ndpiDpi = null, ndpiGuess = null;
    String ndpiNote = "ndpiReader not installed (Debian package libndpi-bin): nDPI columns empty";
    if (noNdpi) ndpiNote = "nDPI columns off (--no-ndpi)";
    var reference = !noNdpi ? NdpiReference.find() : java.util.Optional.<NdpiReference>empty();
    if (reference.isPresent()) {
      try {
        ndpiDpi = reference.get().classify(captures, false);
        ndpiGuess = reference.get().classify(captures, true);
        ndpiNote = "nDPI: ndpiReader -d (payload inspection only) and default (with port guessing)";
      } catch (IOException | InterruptedException e) {
        ndpiNote = "ndpiReader failed: " + e.getMessage();
      }
    }

    Evaluation evaluation = new Evaluation(levels);
    List<Evaluation.Scored> scored = evaluation.score(relevant, seawall, ndpiDpi, ndpiGuess);
    long negativeClasses = relevant.labels().stream().filter(l -> !l.positive()).map(LabelFile.Label::label).distinct().count();
    boolean fold = foldNegatives != null ? foldNegatives : negativeClasses > 20;
    if (noMemory) out.println("Memory off: no learned peers, no per-subscriber evidence; each flow judged on its own packets.");
    new EvalReport(out, evaluation, ndpiDpi != null).print(captures.size(), relevant, scored,
        evaluation.classes(scored, fold), seawall, seawallSeconds, ndpiNote, list);
    return 0;
  }

  private static List<Path> expand(List<Path> inputs) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.list(p)) {
          List<Path> found = new ArrayList<>(s.filter(f -> f.toString().matches(".*\\.(pcap|pcapng|cap)(\\.gz)?$")).toList());
          Collections.sort(found);
          out.addAll(found);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new IOException(p + ": no such file or folder");
      }
    }
    return out;
  }
}
