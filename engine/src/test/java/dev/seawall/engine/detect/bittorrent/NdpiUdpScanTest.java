package dev.seawall.engine.detect.bittorrent;

import dev.seawall.engine.detect.Kind;
import dev.seawall.testkit.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NdpiUdpScanTest {
  static final Set<Kind> UDP_KINDS = Set.of(Kind.DHT, Kind.UTP, Kind.TRACKER_UDP, Kind.LSD);

  @Test
  void scan() throws IOException {
    Path corpus = Shared.require("corpus/ndpi");
    Map<String, String> labels = new HashMap<>();
    for (String line : Files.readAllLines(corpus.resolve("labels.csv")).subList(1, 8709)) {
      String[] f = line.split(",");
      if (!f[1].equals("tcp") && !f[1].equals("udp")) continue;
      labels.put(f[0] + " " + CaptureRun.Flow.key(f[1], f[2], Integer.parseInt(f[3]), f[4], Integer.parseInt(f[5])),
          f[6] + "," + f[7]);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(corpus.resolve("pcap"))) {
      files = s.sorted().toList();
    }
    for (Path p : files) {
      for (CaptureRun.Flow f : CaptureRun.run(p)) {
        String label = labels.get(p.getFileName() + " " + f.key());
        boolean ndpiBt = label != null && label.endsWith(",1");
        if (f.kind() != null && UDP_KINDS.contains(f.kind()) || ndpiBt && f.proto().equals("udp")) {
          System.out.println((ndpiBt ? "AGREE? " : "EXTRA ") + p.getFileName() + " " + f + " ndpi=" + label);
        }
      }
    }
  }
}
