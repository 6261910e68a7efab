package dev.seawall.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.capture.CaptureException;
import dev.seawall.engine.capture.CaptureReader;
import dev.seawall.engine.capture.CaptureRecord;
import dev.seawall.engine.capture.Captures;
import dev.seawall.engine.detect.DetectorSet;
import dev.seawall.engine.packet.Addresses;
import dev.seawall.testkit.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Reads every capture of nDPI's regression set (hundreds of protocols, every link type and
 * format there is, fuzzed and broken files) and checks that the flows found are the flows nDPI
 * lists: the decoder and readers are right on real data, not just on hand-made frames.
 */
class NdpiCorpusDecodingTest {

  @Test
  void everyCaptureReadsAndItsFlowsAreTheOnesNdpiLists() throws IOException {
    Path corpus = Shared.require("corpus/ndpi");
    Map<String, String[]> files = new HashMap<>(); // name -> files.tsv row
    for (String line : Files.readAllLines(corpus.resolve("files.tsv")).subList(1, 544)) {
      String[] f = line.split("\t");
      files.put(f[0], f);
    }
    Map<String, Set<String>> expected = new HashMap<>();
    for (String line : Files.readAllLines(corpus.resolve("labels.csv")).subList(1, 8709)) {
      String[] f = line.split(",");
      if (!f[1].equals("tcp") && !f[1].equals("udp")) continue;
      expected.computeIfAbsent(f[0], k -> new HashSet<>()).add(key(f[1], f[2], f[3], f[4], f[5]));
    }

    Map<String, int[]> byLinkType = new TreeMap<>(); // link type -> {labelled flows, found}
    int framesMismatch = 0;
    for (Map.Entry<String, String[]> file : files.entrySet()) {
      Set<String> found = new HashSet<>();
      FlowSink sink = f -> found.add(key(f.transport(), f.initiatorAddress(), Integer.toString(f.initiatorPort()),
          f.responderAddress(), Integer.toString(f.responderPort())));
      PacketInspector inspector = new PacketInspector(EngineConfig.defaults(DetectorSet.empty()).withMaxFlows(4096), sink);
      long frames = 0;
      boolean truncated = false;
      try (CaptureReader reader = Captures.open(corpus.resolve("pcap").resolve(file.getKey()))) {
        CaptureRecord r = new CaptureRecord();
        while (reader.next(r)) {
          frames++;
          inspector.process(r.buffer, r.offset, r.length, r.wireLength, r.linkType, r.timestampNanos);
        }
        truncated = !reader.warnings().isEmpty();
      } catch (CaptureException e) {
        truncated = true; // reported with file and offset; frames before it were processed
      }
      inspector.drain();
      if (!truncated && frames != Long.parseLong(file.getValue()[4])) framesMismatch++;
      Set<String> want = expected.getOrDefault(file.getKey(), Set.of());
      int[] counts = byLinkType.computeIfAbsent(file.getValue()[3], k -> new int[2]);
      counts[0] += want.size();
      for (String k : want) if (found.contains(k)) counts[1]++;
    }

    assertThat(framesMismatch).as("files whose frame count differs from capinfos'").isZero();
    int total = 0, matched = 0;
    for (Map.Entry<String, int[]> e : byLinkType.entrySet()) {
      total += e.getValue()[0];
      matched += e.getValue()[1];
      if (e.getValue()[0] > 0) {
        assertThat(e.getValue()[1]).as("flows found for link type %s", e.getKey())
            .isGreaterThanOrEqualTo((int) Math.floor(e.getValue()[0] * 0.97));
      }
    }
    // Measured: 8,572 of 8,582; the rest are CAPWAP-encapsulated, or fuzzed headers nDPI accepts.
    assertThat(matched).isGreaterThanOrEqualTo((int) (total * 0.998));
    assertThat(byLinkType.keySet()).contains("ether", "linux-sll", "null", "rawip", "rawip4", "ppp", "ppi", "chdlc");
  }

  /** Order-independent flow key with addresses parsed, so text forms cannot disagree. */
  private static String key(String proto, String ipA, String portA, String ipB, String portB) {
    String a = canonical(ipA) + "/" + portA;
    String b = canonical(ipB) + "/" + portB;
    return proto + " " + (a.compareTo(b) < 0 ? a + " " + b : b + " " + a);
  }

  private static String canonical(String ip) {
    long[] v = Addresses.parse(ip);
    return Addresses.format(v[0], v[1]);
  }
}
