package dev.seawall.desk.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.event.Protocols;
import dev.seawall.desk.intake.Csv;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.SoftAssertions;

/**
 * Compares what the reader makes of each notice with a manifest (file, event, expected_ip, port,
 * timestamp_utc, protocol, infohash, title). Times are compared as instants (the manifest keeps
 * the sender's fraction digits, "…59.000Z" and "…59Z" are the same instant); info-hashes
 * without regard to case (hex); protocol "Web/HTTP" accepts either spelling.
 */
final class ManifestCheck {
  private ManifestCheck() {}

  record Row(String file, int event, String ip, String port, String timestamp, String protocol, String infohash,
      String title) {}

  static Map<String, List<Row>> load(Path manifest) throws IOException {
    Map<String, List<Row>> byFile = new LinkedHashMap<>();
    try (Reader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      List<String> header = new ArrayList<>();
      Csv csv = Csv.open(r, header);
      for (List<String> rec; (rec = csv.next()) != null; ) {
        if (rec.size() == 1 && rec.getFirst().isBlank()) continue;
        Row row = new Row(get(header, rec, "file"), Integer.parseInt(get(header, rec, "event")),
            get(header, rec, "expected_ip"), get(header, rec, "port"), get(header, rec, "timestamp_utc"),
            get(header, rec, "protocol"), get(header, rec, "infohash"), get(header, rec, "title"));
        byFile.computeIfAbsent(row.file(), k -> new ArrayList<>()).add(row);
      }
    }
    return byFile;
  }

  private static String get(List<String> header, List<String> rec, String col) {
    int i = header.indexOf(col);
    return i < 0 || i >= rec.size() ? "" : rec.get(i).strip();
  }

  /**
   * @param titleExceptions files whose manifest title is a description rather than text of the
   *     notice, with the text the notice does carry that the event must contain instead
   */
  static void check(Path dir, Map<String, List<Row>> manifest, Map<String, String> titleExceptions) throws IOException {
    NoticeReader reader = new NoticeReader();
    SoftAssertions soft = new SoftAssertions();
    for (var entry : manifest.entrySet()) {
      String file = entry.getKey();
      ParsedNotice n = reader.read(Files.readAllBytes(dir.resolve(file)), file);
      List<Row> rows = entry.getValue();
      soft.assertThat(n.events()).as(file + ": number of events").hasSize(rows.size());
      List<InfringementEvent> unmatched = new ArrayList<>(n.events());
      for (Row row : rows) {
        InfringementEvent e = pick(unmatched, row);
        if (e == null) {
          soft.fail(file + " event " + row.event() + ": no event parsed for " + row);
          continue;
        }
        unmatched.remove(e);
        String where = file + " event " + row.event() + " ";
        soft.assertThat(Objects.toString(e.ipText(), "")).as(where + "ip").isEqualTo(row.ip());
        soft.assertThat(e.port() == null ? "" : e.port().toString()).as(where + "port").isEqualTo(row.port());
        soft.assertThat(e.timestamp()).as(where + "timestamp").isEqualTo(instant(row.timestamp()));
        if (row.protocol().isEmpty()) {
          soft.assertThat(e.protocol()).as(where + "protocol").isNull();
        } else {
          List<String> accepted = new ArrayList<>();
          for (String p : row.protocol().split("/")) accepted.add(Protocols.normalize(p));
          soft.assertThat(e.protocol()).as(where + "protocol").isIn(accepted);
        }
        soft.assertThat(Objects.toString(e.infohash(), "")).as(where + "infohash").isEqualToIgnoringCase(row.infohash());
        String titleText = titleExceptions.get(file);
        if (titleText != null) {
          soft.assertThat(String.join(" | ", e.titles()) + " " + e.domain()).as(where + "title (exception)").contains(titleText);
        } else {
          soft.assertThat(Objects.toString(e.title(), "")).as(where + "title").isEqualTo(row.title());
        }
      }
    }
    soft.assertAll();
  }

  private static InfringementEvent pick(List<InfringementEvent> events, Row row) {
    Instant ts = instant(row.timestamp());
    for (InfringementEvent e : events) {
      if (Objects.toString(e.ipText(), "").equals(row.ip()) && Objects.equals(e.timestamp(), ts)
          && (e.port() == null ? "" : e.port().toString()).equals(row.port())) {
        return e;
      }
    }
    return events.isEmpty() ? null : events.getFirst();
  }

  static Instant instant(String s) {
    return s == null || s.isEmpty() ? null : Instant.parse(s);
  }

  static ParsedNotice read(Path file) throws IOException {
    return new NoticeReader().read(Files.readAllBytes(file), file.getFileName().toString());
  }

  static void assertFlags(ParsedNotice n, dev.seawall.desk.event.Flag... flags) {
    List<dev.seawall.desk.event.Flag> all = new ArrayList<>(n.flags());
    n.events().forEach(e -> all.addAll(e.flags()));
    assertThat(all).as(n.source() + " flags").contains(flags);
  }
}
