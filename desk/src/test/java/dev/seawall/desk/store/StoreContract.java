package dev.seawall.desk.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.ImportSummary;
import dev.seawall.desk.intake.RawNotice;
import dev.seawall.desk.intake.SpreadsheetImport;
import dev.seawall.desk.registry.Registry;
import dev.seawall.desk.registry.RegistryCsv;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same storage tests run against every database the desk supports. */
abstract class StoreContract {

  @TempDir Path tmp;

  /** A JDBC URL of a fresh, empty database. */
  abstract String freshUrl() throws Exception;

  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T00:00:00Z"), ZoneOffset.UTC);

  static List<RawNotice> fixtures() throws Exception {
    Path dir;
    try {
      dir = Path.of(StoreContract.class.getResource("/notices/fixtures.csv").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<RawNotice> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> !p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
        out.add(new RawNotice(p.getFileName().toString(), Files.readAllBytes(p)));
      }
    }
    return out;
  }

  @Test
  void intakeIsIdempotentAndKeepsTheEvidence() throws Exception {
    Database db = Database.open(freshUrl());
    NoticeStore store = new NoticeStore(db);
    List<RawNotice> notices = fixtures();
    ImportSummary first = new Importer(store, CLOCK).run(notices);
    assertThat(first.stored()).isEqualTo(notices.size());
    assertThat(first.duplicates()).isZero();
    assertThat(first.events()).isEqualTo(11);
    ImportSummary again = new Importer(store, CLOCK).run(notices);
    assertThat(again.stored()).isZero();
    assertThat(again.duplicates()).isEqualTo(notices.size());
    NoticeStore.Counts counts = store.counts();
    assertThat(counts.notices()).isEqualTo(notices.size());
    assertThat(counts.events()).isEqualTo(11);
    // the raw notice comes back byte for byte
    List<EventRow> rows = new ArrayList<>();
    store.forEachEvent(null, null, rows::add);
    assertThat(rows).hasSize(11);
    byte[] raw = store.raw(rows.getFirst().noticeId()).orElseThrow();
    assertThat(notices.stream().anyMatch(n -> java.util.Arrays.equals(n.bytes(), raw))).isTrue();
    EventRow v6 = rows.stream().filter(r -> "2001:db8:5ea::17".equals(r.event().ipText())).findFirst().orElseThrow();
    assertThat(v6.event().ip()).isPresent();
    assertThat(v6.event().port()).isEqualTo(6881);
    assertThat(v6.event().timestamp()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    assertThat(v6.event().infohash()).isEqualTo("0123456789abcdef0123456789abcdef01234567");
    assertThat(v6.source()).isEqualTo("<sw-1001@rights.example>");
  }

  @Test
  void aCrashRemnantIsReplacedNotTakenForADuplicate() throws Exception {
    Database db = Database.open(freshUrl());
    NoticeStore store = new NoticeStore(db);
    List<RawNotice> notices = fixtures();
    RawNotice victim = notices.stream().filter(n -> n.source().startsWith("text-table")).findFirst().orElseThrow();
    // what a killed import can leave behind: the notice row of an unfinished batch, without its events
    try (var c = db.connect(); var ps = c.prepareStatement("INSERT INTO notice (notice_key, source, received_at, formats,"
        + " primary_format, completeness, event_count, state, raw_gzip, raw_size) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
      ps.setString(1, dev.seawall.desk.parse.NoticeReader.identity(victim.bytes()));
      ps.setString(2, victim.source());
      ps.setObject(3, java.time.OffsetDateTime.now(ZoneOffset.UTC));
      ps.setString(4, "text");
      ps.setString(5, "text");
      ps.setString(6, "COMPLETE");
      ps.setInt(7, 2);
      ps.setString(8, "IMPORTING");
      ps.setBytes(9, new byte[] {1});
      ps.setLong(10, 1);
      ps.executeUpdate();
    }
    ImportSummary s = new Importer(store, CLOCK).run(notices);
    assertThat(s.stored()).isEqualTo(notices.size());
    assertThat(store.counts().notices()).isEqualTo(notices.size());
    assertThat(store.counts().events()).isEqualTo(11);
    // and the importer's own skip (by identity, before parsing) does not skip it either
    assertThat(store.storedIdentities(List.of(dev.seawall.desk.parse.NoticeReader.identity(victim.bytes())))).hasSize(1);
  }

  @Test
  void noticesWhoseEventsWereLostAreStoredAgain() throws Exception {
    Database db = Database.open(freshUrl());
    NoticeStore store = new NoticeStore(db);
    List<RawNotice> notices = fixtures();
    new Importer(store, CLOCK).run(notices);
    // what H2 was seen to keep after kill -9: committed notice rows, some of their events gone
    try (var c = db.connect(); var st = c.createStatement()) {
      st.executeUpdate("DELETE FROM event WHERE notice_id = (SELECT MAX(id) FROM notice WHERE event_count = 2)");
    }
    assertThat(store.counts().events()).isEqualTo(9);
    ImportSummary s = new Importer(store, CLOCK).run(notices);
    assertThat(s.repaired()).isEqualTo(1);
    assertThat(s.stored()).isEqualTo(1);
    assertThat(store.counts().notices()).isEqualTo(notices.size());
    assertThat(store.counts().events()).isEqualTo(11);
  }

  @Test
  void spreadsheetResumesAfterAnInterruptedRun() throws Exception {
    Database db = Database.open(freshUrl());
    NoticeStore store = new NoticeStore(db);
    StringBuilder csv = new StringBuilder("IP Address,Port,Hit Date (UTC),Title,Info Hash\n");
    for (int i = 0; i < 12_345; i++) {
      csv.append("203.0.113.").append(i % 250).append(',').append(1024 + i).append(",2021-0").append(1 + i % 9)
          .append("-1").append(i % 10).append(" 12:00:").append(String.format("%02d", i % 60)).append(" UTC,Movie ")
          .append(i % 7).append(',').append(String.format("%040x", i)).append('\n');
    }
    csv.append("not-an-ip,99,yesterday,Broken row,\n");
    Path file = tmp.resolve("hits.csv");
    Files.writeString(file, csv);
    // simulate a run killed after the first chunk: the notice is registered, 5000 events stored
    var header = new dev.seawall.desk.parse.ParsedNotice(
        dev.seawall.desk.intake.SpreadsheetImportAccess.identity(Files.readAllBytes(file)), file.toString(),
        new dev.seawall.desk.parse.MailHeaders(null, null, "hits.csv", null, null), List.of("spreadsheet"), List.of(),
        java.util.Set.of(), List.of(), dev.seawall.desk.validity.Completeness.of(java.util.Set.of()), Files.readAllBytes(file));
    NoticeStore.Progress p = store.beginLarge(header, CLOCK.instant());
    List<dev.seawall.desk.event.InfringementEvent> firstChunk = dev.seawall.desk.intake.SpreadsheetImportAccess.firstEvents(file, 5000);
    store.appendEvents(p.noticeId(), 1, firstChunk);

    ImportSummary s = new SpreadsheetImport(store, CLOCK).run(file, "hits@studio.example");
    assertThat(s.events()).isEqualTo(12_346 - 5000);
    assertThat(store.counts().events()).isEqualTo(12_346);
    ImportSummary again = new SpreadsheetImport(store, CLOCK).run(file, null);
    assertThat(again.duplicates()).isEqualTo(1);
    assertThat(store.counts().events()).isEqualTo(12_346);
    List<EventRow> rows = new ArrayList<>();
    store.forEachEvent(null, null, rows::add);
    EventRow broken = rows.getLast();
    assertThat(broken.event().ipText()).isEqualTo("not-an-ip");
    assertThat(broken.event().flags()).contains(dev.seawall.desk.event.Flag.IP_INVALID, dev.seawall.desk.event.Flag.TIME_UNREADABLE);
    assertThat(rows.get(12).event().timestamp()).isEqualTo(Instant.parse("2021-04-12T12:00:12Z"));
  }

  @Test
  void registryRoundTripIsIdempotent() throws Exception {
    Database db = Database.open(freshUrl());
    RegistryStore store = new RegistryStore(db);
    String csv = """
        customer,name,reseller,abuse_contact,service,kind,resource,ports,origin_ip,valid_from,valid_until
        resell,Reseller Ltd,,abuse@resell.example,block-1,dedicated,203.0.113.0/24,,,2020-01-01,
        vpnco,VPN Co,resell,abuse@vpnco.example,exit-nyc,vpn-exit,203.0.113.16/28,,,2021-01-01,
        shop,Shop,,,web,cdn-zone,shop.example,,198.51.100.7,2022-01-01,2023-01-01
        v6,V6 Host,,,srv,dedicated,2001:db8:1::/48,,,2020-01-01,
        """;
    var rows = RegistryCsv.read(new StringReader(csv), "r.csv");
    assertThat(rows.errors()).isEmpty();
    var first = store.importRows(rows.customers(), rows.assignments());
    assertThat(first.assignmentsAdded()).isEqualTo(4);
    var second = store.importRows(rows.customers(), rows.assignments());
    assertThat(second.assignmentsAdded()).isZero();
    assertThat(second.unchanged()).isEqualTo(4);
    Registry r = store.load();
    assertThat(r.assignments()).hasSize(4);
    assertThat(r.resellersOf("vpnco")).containsExactly("resell");
    assertThat(r.containing(dev.seawall.desk.net.IpAddress.parse("203.0.113.20").orElseThrow()))
        .extracting(a -> a.customer()).containsExactly("vpnco", "resell");
    assertThat(r.zonesOf("www.shop.example")).hasSize(1);
  }
}
