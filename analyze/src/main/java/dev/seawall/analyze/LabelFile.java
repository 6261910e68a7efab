package dev.seawall.analyze;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Flow labels in the lab corpus's format: a CSV with a header naming at least {@code pcap},
 * {@code protocol} (or {@code proto}), {@code ip_a}, {@code port_a}, {@code ip_b}, {@code port_b}
 * and {@code label}. Labels starting with {@code bittorrent} are BitTorrent classes; {@code
 * not-bittorrent:...} are negatives. Rows of other transports, and rows whose optional {@code
 * verified} column says {@code no} (the lab could not confirm the label), are ignored.
 */
record LabelFile(List<Label> labels) {

  record Label(FlowKey key, String label) {
    boolean positive() {
      return label.startsWith("bittorrent");
    }
  }

  static LabelFile read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    if (lines.isEmpty()) throw new IOException(file + ": empty label file");
    List<String> header = Csv.parse(lines.get(0));
    int pcap = column(file, header, "pcap");
    int proto = header.contains("protocol") ? header.indexOf("protocol") : column(file, header, "proto");
    int ipA = column(file, header, "ip_a"), portA = column(file, header, "port_a");
    int ipB = column(file, header, "ip_b"), portB = column(file, header, "port_b");
    int label = column(file, header, "label");
    int verified = header.indexOf("verified"); // optional: rows whose payload check failed are skipped
    List<Label> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) continue;
      List<String> f = Csv.parse(lines.get(i));
      if (f.size() < header.size()) {
        throw new IOException(file + ": line " + (i + 1) + ": " + f.size() + " fields, header has " + header.size());
      }
      String p = f.get(proto);
      if (!p.equals("tcp") && !p.equals("udp")) continue;
      if (verified >= 0 && f.get(verified).equals("no")) continue;
      try {
        out.add(new Label(FlowKey.of(f.get(pcap), p, f.get(ipA), Integer.parseInt(f.get(portA)), f.get(ipB),
            Integer.parseInt(f.get(portB))), f.get(label)));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new LabelFile(List.copyOf(out));
  }

  private static int column(Path file, List<String> header, String name) throws IOException {
    int i = header.indexOf(name);
    if (i < 0) throw new IOException(file + ": no '" + name + "' column in the header " + header);
    return i;
  }
}
