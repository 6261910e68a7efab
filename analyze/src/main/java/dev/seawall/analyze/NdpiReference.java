package dev.seawall.analyze;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The reference engine: runs Debian's {@code ndpiReader} (nDPI) on each capture and reads its
 * per-flow CSV, so evaluations show both engines on the same input. Each capture is a separate
 * run, as nDPI's own regression tests do.
 */
final class NdpiReference {
  private final Path binary;

  private NdpiReference(Path binary) {
    this.binary = binary;
  }

  /** The installed ndpiReader, if any (package libndpi-bin). */
  static Optional<NdpiReference> find() {
    for (String dir : (System.getenv().getOrDefault("PATH", "/usr/bin") + ":/usr/bin:/usr/local/bin").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "ndpiReader");
      if (Files.isExecutable(p)) return Optional.of(new NdpiReference(p));
    }
    return Optional.empty();
  }

  /**
   * nDPI's protocol name per flow. {@code guess} keeps nDPI's port-based guessing for flows its
   * DPI leaves unknown (its default); without it only payload inspection counts ({@code -d}).
   */
  Map<FlowKey, String> classify(List<Path> captures, boolean guess) throws IOException, InterruptedException {
    Map<FlowKey, String> out = new HashMap<>();
    Path dir = Files.createTempDirectory("seawall-ndpi");
    try {
      for (Path capture : captures) {
        Path csv = dir.resolve("flows.csv");
        Files.deleteIfExists(csv);
        List<String> command = guess
            ? List.of(binary.toString(), "-q", "-i", capture.toString(), "-C", csv.toString())
            : List.of(binary.toString(), "-q", "-d", "-i", capture.toString(), "-C", csv.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IOException("ndpiReader did not finish within 120 s on " + capture);
        }
        if (!Files.exists(csv)) continue; // nDPI found no flow (broken captures)
        read(capture.getFileName().toString(), csv, out);
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    }
    return out;
  }

  private static void read(String capture, Path csv, Map<FlowKey, String> out) throws IOException {
    List<String> lines = Files.readAllLines(csv, java.nio.charset.StandardCharsets.ISO_8859_1); // nDPI writes raw bytes (SNI, names)
    if (lines.isEmpty()) return;
    List<String> header = Csv.parse(lines.get(0).replaceFirst("^#", ""));
    int proto = header.indexOf("protocol"), srcIp = header.indexOf("src_ip"), srcPort = header.indexOf("src_port");
    int dstIp = header.indexOf("dst_ip"), dstPort = header.indexOf("dst_port"), name = header.indexOf("ndpi_proto");
    if (Math.min(Math.min(proto, srcIp), Math.min(Math.min(srcPort, dstIp), Math.min(dstPort, name))) < 0) {
      throw new IOException("unexpected ndpiReader CSV header: " + header);
    }
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = Csv.parse(line);
      if (f.size() <= name) continue;
      String transport = switch (f.get(proto)) {
        case "6" -> "tcp";
        case "17" -> "udp";
        default -> null;
      };
      if (transport == null) continue;
      try {
        FlowKey key = FlowKey.of(capture, transport, f.get(srcIp), Integer.parseInt(f.get(srcPort)), f.get(dstIp),
            Integer.parseInt(f.get(dstPort)));
        out.merge(key, f.get(name), (a, b) -> Evaluation.isBitTorrent(a) ? a : b);
      } catch (IllegalArgumentException e) {
        // a row nDPI wrote for a malformed packet: no flow to compare
      }
    }
  }
}
