package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.engine.detect.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The UDP detectors on the project's own lab captures (engine/src/test/resources/lab: real
 * libtorrent, qBittorrent, rtorrent, transmission and aria2 in network namespaces, trimmed by the
 * lab scripts), so this runs on any clone. Each flow is judged on its own packets (no peer
 * memory): every DHT, UDP tracker, LSD and uTP flow with an answer must be found with a
 * signature, no UDP negative (DNS, iperf3 over UDP) may be flagged.
 */
class LabCapturesUdpTest {
  static final Map<String, Kind> CLASSES = Map.of("bittorrent-dht", Kind.DHT, "bittorrent-utp", Kind.UTP,
      "bittorrent-tracker-udp", Kind.TRACKER_UDP, "bittorrent-lsd", Kind.LSD);

  record Row(String pcap, String proto, String a, int aPort, String b, int bPort, String label, int packets) {}

  static List<Row> labels() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        LabCapturesUdpTest.class.getResourceAsStream("/lab/labels.csv"), StandardCharsets.UTF_8))) {
      r.readLine();
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split(",", 11);
        rows.add(new Row(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], Integer.parseInt(f[5]), f[6],
            Integer.parseInt(f[9])));
      }
    }
    return rows;
  }

  @Test
  void everyUdpBitTorrentFlowIsFoundAndNoUdpNegativeIsFlagged() throws IOException {
    List<Row> rows = labels();
    Map<String, CaptureRun.Flow> flows = new HashMap<>();
    for (String pcap : rows.stream().map(Row::pcap).distinct().toList()) {
      for (CaptureRun.Flow f : CaptureRun.resource("/lab/" + pcap, false)) flows.put(pcap + " " + f.key(), f);
    }
    Map<String, int[]> recall = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    List<Row> loneSyns = new ArrayList<>();
    for (Row row : rows) {
      CaptureRun.Flow f = flows.get(row.pcap() + " " + CaptureRun.Flow.key(row.proto(), row.a(), row.aPort(), row.b(), row.bPort()));
      Kind want = CLASSES.get(row.label());
      if (want != null) {
        int[] r = recall.computeIfAbsent(row.label(), k -> new int[2]);
        r[0]++;
        if (f != null && f.kind() == want && f.confidence() == Confidence.SIGNATURE) {
          r[1]++;
        } else if (want == Kind.UTP && row.packets() == 1) {
          loneSyns.add(row); // a SYN nobody answered (rtorrent speaks no uTP): nothing to judge
        } else {
          problems.add("missed " + row + " -> " + f);
        }
      } else if (row.label().startsWith("not-") && row.proto().equals("udp") && f != null && f.bittorrent()) {
        problems.add("false positive " + row + " -> " + f);
      }
    }
    recall.forEach((k, r) -> System.out.printf("in-repo lab %-24s %d/%d with signature, memory off%n", k, r[1], r[0]));
    assertThat(problems).isEmpty();
    assertThat(recall.keySet()).containsExactlyInAnyOrderElementsOf(CLASSES.keySet());
    assertThat(rows.stream().filter(r -> r.label().equals("not-bittorrent:iperf3-udp"))).isNotEmpty();

    // The unanswered SYN is still BitTorrent in operation: its responder was learned from the tracker.
    for (Row row : loneSyns) {
      CaptureRun.Flow f = CaptureRun.resource("/lab/" + row.pcap(), true).stream()
          .filter(x -> x.key().equals(CaptureRun.Flow.key(row.proto(), row.a(), row.aPort(), row.b(), row.bPort())))
          .findFirst().orElseThrow();
      assertThat(f.kind()).as("%s with peer memory", row).isEqualTo(Kind.LEARNED_PEER);
    }
  }
}
