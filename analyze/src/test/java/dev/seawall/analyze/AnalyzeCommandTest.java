package dev.seawall.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `seawall analyze` end to end on the capture the README's first command uses. */
class AnalyzeCommandTest {
  static final Path ROOT = Path.of(System.getProperty("seawall.root", "..")).toAbsolutePath().normalize();
  static final Path SAMPLE = ROOT.resolve("samples/lab-sample.pcap");
  static final Path SAMPLE_LABELS = ROOT.resolve("samples/lab-sample.labels.csv");

  @TempDir Path dir;

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    AnalyzeCommand command = new AnalyzeCommand();
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    command.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    CommandLine cli = new CommandLine(command);
    cli.setErr(new java.io.PrintWriter(err, true));
    int status = cli.execute(args);
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"[^\"]*\"|\\[[^\\]]*\\]|[^,}]+)");

  /** The JSON objects' fields as text (our writer emits flat objects with no nested quotes). */
  static List<java.util.Map<String, String>> jsonLines(String out) {
    List<java.util.Map<String, String>> rows = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.isBlank()) continue;
      assertThat(line).startsWith("{").endsWith("}");
      java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
      Matcher m = FIELD.matcher(line);
      while (m.find()) fields.put(m.group(1), m.group(2));
      rows.add(fields);
    }
    return rows;
  }

  @Test
  void jsonLinesCarryEveryFieldAndFindTheSamplesBitTorrent() throws IOException {
    Run r = run("--format", "jsonl", SAMPLE.toString());
    assertThat(r.status()).isZero();
    List<java.util.Map<String, String>> rows = jsonLines(r.out());
    assertThat(rows).isNotEmpty();
    for (var row : rows) {
      assertThat(row).containsKeys("proto", "src", "sport", "dst", "dport", "packets", "bytes", "bittorrent", "kind",
          "decided_at_packet", "infohashes");
      assertThat(row.get("proto")).isIn("\"tcp\"", "\"udp\"");
      if (row.get("bittorrent").equals("true")) {
        assertThat(row.get("kind")).isNotEqualTo("null");
        assertThat(row.get("decided_at_packet")).matches("\\d+");
      } else {
        assertThat(row.get("kind")).isEqualTo("null");
      }
      for (String hash : row.get("infohashes").replaceAll("[\\[\\]\"]", "").split(",")) {
        if (!hash.isEmpty()) assertThat(hash).matches("[0-9a-f]{40}");
      }
    }
    // Every BitTorrent flow the lab labelled is reported as such, and no negative is.
    Set<String> bittorrent = new HashSet<>(), clean = new HashSet<>();
    for (var row : rows) {
      String key = key(unquote(row.get("proto")), unquote(row.get("src")), row.get("sport"), unquote(row.get("dst")), row.get("dport"));
      (row.get("bittorrent").equals("true") ? bittorrent : clean).add(key);
    }
    List<String> labels = Files.readAllLines(SAMPLE_LABELS);
    int positives = 0;
    for (String line : labels.subList(1, labels.size())) {
      List<String> f = Csv.parse(line);
      String key = key(f.get(1), f.get(2), f.get(3), f.get(4), f.get(5));
      if (f.get(6).startsWith("bittorrent")) {
        positives++;
        assertThat(bittorrent).as("labelled %s", f.get(6)).contains(key);
      } else {
        assertThat(clean).as("labelled %s", f.get(6)).contains(key);
      }
    }
    assertThat(positives).isGreaterThan(5);
  }

  private static String unquote(String s) {
    return s.replace("\"", "");
  }

  private static String key(String proto, String ipA, String portA, String ipB, String portB) {
    String a = ipA + "/" + portA, b = ipB + "/" + portB;
    return proto + " " + (a.compareTo(b) < 0 ? a + " " + b : b + " " + a);
  }

  @Test
  void csvHasAHeaderAndOneRowPerFlow() {
    Run json = run("--format", "jsonl", SAMPLE.toString());
    Run csv = run("--format", "csv", SAMPLE.toString());
    assertThat(csv.status()).isZero();
    String[] lines = csv.out().split("\n");
    assertThat(lines[0]).isEqualTo(CsvFormat.HEADER);
    assertThat(lines.length - 1).isEqualTo(jsonLines(json.out()).size());
  }

  @Test
  void humanSummaryNamesKindsAndInfoHashes() {
    Run r = run(SAMPLE.toString());
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("BitTorrent flows:", "peer-wire", "tracker-http", "dht", "Info-hashes seen:");
  }

  @Test
  void severalThreadsGiveTheSameVerdicts() {
    // Without memory: with workers in parallel, a flow can be judged before another worker has
    // learned its peer, so memory-based verdicts depend on timing; payload verdicts do not.
    Set<String> one = verdicts(run("--format", "csv", "--no-memory", SAMPLE.toString()).out());
    Set<String> four = verdicts(run("--format", "csv", "--no-memory", "--threads", "4", SAMPLE.toString()).out());
    assertThat(four).isEqualTo(one);
  }

  private static Set<String> verdicts(String csv) {
    Set<String> out = new HashSet<>();
    for (String line : csv.split("\n")) {
      List<String> f = Csv.parse(line);
      out.add(String.join(",", f.subList(1, 10))); // proto .. kind
    }
    return out;
  }

  @Test
  void gzipCompressedCaptureGivesTheSameFlows() throws IOException {
    Path gz = dir.resolve("sample.pcap.gz");
    try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(SAMPLE));
    }
    assertThat(verdicts(run("--format", "csv", gz.toString()).out()))
        .isEqualTo(verdicts(run("--format", "csv", SAMPLE.toString()).out()));
  }

  @Test
  void corruptCaptureExitsOneNamingFileAndOffsetAndKeepsFlowsBeforeIt() throws IOException {
    byte[] bytes = Files.readAllBytes(SAMPLE);
    var le = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    int bad = 24;
    for (int record = 0; record < 40; record++) bad += 16 + le.getInt(bad + 8); // walk to record 41
    bytes[bad + 8 + 3] = 0x7f; // which claims ~2 GB
    Path corrupt = dir.resolve("corrupt.pcap");
    Files.write(corrupt, bytes);
    Run r = run("--format", "jsonl", corrupt.toString());
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains(corrupt.toString()).contains("offset " + bad).contains("corrupt record header");
    assertThat(jsonLines(r.out())).as("flows of the frames before the corruption").isNotEmpty();
  }

  @Test
  void truncatedFinalRecordIsAWarningAndExitsZero() throws IOException {
    byte[] bytes = Files.readAllBytes(SAMPLE);
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 7));
    Run r = run(cut.toString());
    assertThat(r.status()).isZero();
    assertThat(r.err()).contains("warning").contains("truncated final record");
  }

  @Test
  void missingFileAndBadOptionsAreNamed() {
    Run missing = run(dir.resolve("nope.pcap").toString());
    assertThat(missing.status()).isEqualTo(1);
    assertThat(missing.err()).contains("nope.pcap").contains("no such file");
    Run badThreads = run("--threads", "0", SAMPLE.toString());
    assertThat(badThreads.status()).isEqualTo(2);
    assertThat(badThreads.err()).contains("--threads");
    Run badFormat = run("--format", "xml", SAMPLE.toString());
    assertThat(badFormat.status()).isEqualTo(2);
    Run none = run();
    assertThat(none.status()).isEqualTo(2);
  }
}
