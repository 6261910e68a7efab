package dev.seawall.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.testkit.Host;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's capture lab, run for real: fresh network namespaces, real clients from Debian
 * (qBittorrent with forced encryption, libtorrent over encrypted uTP, an HTTP negative), then the
 * engine on what was just recorded. New captures, not the committed ones: the corpus can grow and
 * the engine is checked on traffic it has never seen.
 */
class LabRecordingTest {
  private static final Path LAB = AnalyzeCommandTest.ROOT.resolve("lab");
  private static final List<String> SCENARIOS = List.of("qb-tcp-enc-http", "lt-utp-enc-http", "neg-http");

  @TempDir Path out;

  @Test
  void freshlyRecordedCapturesAreDetected() throws Exception {
    Host.requireRoot();
    Host.requireCommands("ip", "bridge", "ethtool", "tcpdump", "tshark", "opentracker", "mktorrent", "qbittorrent-nox",
        "python3");
    List<Path> captures = new ArrayList<>();
    StringBuilder labels = new StringBuilder();
    for (String scenario : SCENARIOS) {
      Path dir = Files.createDirectories(out.resolve(scenario));
      Process p = new ProcessBuilder(LAB.resolve("record.sh").toString(), scenario, dir.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("record.log").toFile()).start();
      assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished within 3 minutes", scenario).isTrue();
      assertThat(p.exitValue()).as("record.sh %s (log: %s)", scenario, tail(dir.resolve("record.log"))).isZero();
      captures.add(dir.resolve(scenario + ".pcap"));
      List<String> rows = Files.readAllLines(dir.resolve(scenario + ".labels.csv"));
      if (labels.isEmpty()) labels.append(rows.getFirst()).append('\n');
      rows.subList(1, rows.size()).forEach(r -> labels.append(r).append('\n'));
    }
    Path labelFile = Files.writeString(out.resolve("labels.csv"), labels);

    Evaluation evaluation = new Evaluation(EnumSet.of(Confidence.SIGNATURE, Confidence.CORRELATED));
    var scored = evaluation.score(LabelFile.read(labelFile), Evaluation.runSeawall(captures, true), null, null);
    int positives = 0;
    for (Evaluation.Scored s : scored) {
      if (s.label().positive()) {
        positives++;
        assertThat(evaluation.counts(s.seawall())).as("%s %s detected", s.label().label(), s.label().key()).isTrue();
      } else {
        assertThat(s.seawall() == null || !s.seawall().bittorrent()).as("%s %s clean", s.label().label(), s.label().key())
            .isTrue();
      }
    }
    assertThat(positives).isGreaterThanOrEqualTo(4);
    assertThat(scored.stream().filter(s -> s.label().label().equals("bittorrent-tcp-encrypted")).count()).isPositive();
    assertThat(scored.stream().filter(s -> s.label().label().equals("bittorrent-utp")).count()).isPositive();
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
