package dev.seawall.desk.server;

import dev.seawall.desk.intake.Importer;
import dev.seawall.desk.intake.RawNotice;
import dev.seawall.desk.registry.RegistryCsv;
import dev.seawall.desk.store.Database;
import dev.seawall.desk.store.NoticeStore;
import dev.seawall.desk.store.RegistryStore;
import dev.seawall.desk.workflow.Desk;
import dev.seawall.desk.workflow.WorkflowConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Sample data for {@code seawall desk --demo}: a registry of SAMPLE customers on documentation
 * address ranges (RFC 5737, RFC 3849) and notices spread over the last 30 days in the formats real
 * senders use. Every customer name, subject and body says it is sample data.
 */
public final class DemoData {
  private static final DateTimeFormatter RFC822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String[] TITLES = {"SAMPLE Film One", "SAMPLE Series S01E02", "SAMPLE Album (Deluxe)", "SAMPLE Game Deluxe"};
  /** Addresses the sample notices name: customers, a shared VPN exit, one not in the registry. */
  private static final String[] ADDRESSES = {"192.0.2.10", "192.0.2.10", "192.0.2.11", "198.51.100.7", "198.51.100.20",
      "203.0.113.5", "192.0.2.99", "192.0.2.12"};

  private DemoData() {}

  public record Loaded(int customers, long notices, long events) {}

  /** The demo's workflow configuration (SAMPLE operator, policy; SMTP to the demo's mail sink), written to {@code dir}. */
  static WorkflowConfig workflow(Path dir, int smtpPort) throws IOException {
    Files.writeString(dir.resolve("policy.json"), resource("policy.json"));
    String json = resource("workflow.json").replace("\"port\": 25", "\"port\": " + smtpPort);
    Files.writeString(dir.resolve("workflow.json"), json);
    return WorkflowConfig.load(dir.resolve("workflow.json"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = DemoData.class.getResourceAsStream("/desk-web/demo/" + name)) {
      if (in == null) throw new IOException("demo/" + name + " missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Imports the sample registry and {@code count} sample notices received over the last 30 days,
   * and, with a workflow, runs it through the sample timeline: each notice is processed and its
   * mail delivered a few minutes (sometimes hours) after it arrived, as a desk would have.
   */
  public static Loaded load(Database db, WorkflowConfig wf, Clock clock, int count) throws IOException, SQLException {
    RegistryCsv.Rows rows;
    try (InputStream in = DemoData.class.getResourceAsStream("/desk-web/demo/registry.csv")) {
      if (in == null) throw new IOException("demo registry missing from the jar");
      rows = RegistryCsv.read(new InputStreamReader(in, StandardCharsets.UTF_8), "demo/registry.csv");
    }
    if (!rows.errors().isEmpty()) throw new IOException("demo registry: " + rows.errors());
    new RegistryStore(db).importRows(rows.customers(), rows.assignments());
    SplittableRandom rnd = new SplittableRandom(7);
    Instant now = clock.instant();
    record Sample(Instant received, Instant processed, String source, byte[] mail) {}
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // more notices lately, as a busy desk sees them; received a few minutes after the observation
      long daysAgo = Math.min(29, (long) Math.floor(Math.pow(rnd.nextDouble(), 1.6) * 30));
      Instant seen = now.minus(daysAgo, ChronoUnit.DAYS).minusSeconds(rnd.nextLong(86_400)).truncatedTo(ChronoUnit.SECONDS);
      if (seen.isAfter(now)) seen = now.minusSeconds(3600);
      Instant received = seen.plus(Duration.ofMinutes(5 + rnd.nextInt(240)));
      if (received.isAfter(now)) received = now.minusSeconds(60);
      // most forwards go out within minutes; some wait for a handler for hours
      long delayS = rnd.nextInt(10) < 8 ? 30 + rnd.nextInt(20 * 60) : 3600 + rnd.nextInt(6 * 3600);
      Instant processed = received.plusSeconds(delayS);
      if (processed.isAfter(now)) processed = now;
      String ip = ADDRESSES[rnd.nextInt(ADDRESSES.length)];
      byte[] mail = i % 5 == 4 ? xarf(i, ip, seen, rnd) : acnsMail(i, ip, seen, rnd, i % 7 == 3);
      samples.add(new Sample(received, processed, "sample-" + i, mail));
    }
    samples.sort(Comparator.comparing(Sample::received));
    SettableClock timeline = new SettableClock(samples.isEmpty() ? now : samples.getFirst().received());
    Desk loader = wf == null ? null : Desk.open(db, wf, timeline, null);
    NoticeStore store = new NoticeStore(db);
    long stored = 0, events = 0;
    for (Sample s : samples) {
      timeline.set(s.received());
      var sum = new Importer(store, timeline, 1).run(List.of(new RawNotice(s.source(), s.mail())));
      stored += sum.stored();
      events += sum.events();
      if (loader != null) {
        timeline.set(s.processed());
        loader.tick();
      }
    }
    return new Loaded(rows.customers().size(), stored, events);
  }

  private static String hash(SplittableRandom rnd) {
    byte[] b = new byte[20];
    for (int i = 0; i < b.length; i++) b[i] = (byte) rnd.nextInt(256);
    return HexFormat.of().formatHex(b);
  }

  private static byte[] acnsMail(int n, String ip, Instant seen, SplittableRandom rnd, boolean settlement) {
    String id = String.format("SAMPLE-%04d", n);
    String title = TITLES[rnd.nextInt(TITLES.length)];
    int port = 6881 + rnd.nextInt(50000);
    String offer = settlement ? """

        SAMPLE SETTLEMENT OFFER: the subscriber may settle this matter for USD 30 at https://settle.example/SAMPLE
        """ : "";
    String body = """
        THIS IS SAMPLE DATA FOR THE SEAWALL DEMO. It is not a real notice.

        Dear Sir or Madam:

        We have received information that an individual has utilized the below-referenced IP address at the
        noted date and time to offer downloads of copyrighted content through a peer-to-peer service.

        Title: %s
        Infringer's IP Address: %s
        Infringer's Port: %d
        Initial Infringement Timestamp: %s

        We have a good faith belief that use of the material in the manner complained of is not authorized
        by the copyright owner, its agents, or the law. The information in this notification is accurate,
        and we state under penalty of perjury that we are authorized to act on behalf of the owner.
        %s
        Sincerely,
        /s/ Jane Sample
        SAMPLE Anti-Piracy (sample data), 1 Sample Street, Springfield
        +1 555 0100, sample-notices@example.org

        - ---- Start ACNS XML
        <?xml version="1.0" encoding="UTF-8"?>
        <Infringement xmlns="http://www.acns.net/ACNS" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <Case><ID>%s</ID><Status>Open</Status><Severity>Normal</Severity></Case>
          <Complainant><Entity>SAMPLE Studios (sample data)</Entity><Contact>Jane Sample</Contact>
            <Address>1 Sample Street, Springfield</Address><Phone>+1 555 0100</Phone><Email>sample-notices@example.org</Email></Complainant>
          <Service_Provider><Entity>Sample Desk</Entity><Email>abuse@desk.example</Email></Service_Provider>
          <Source><TimeStamp>%s</TimeStamp><IP_Address>%s</IP_Address><Port>%d</Port><Type>P2P</Type>
            <SubType BaseType="P2P" Protocol="BITTORRENT"/></Source>
          <Content><Item><TimeStamp>%s</TimeStamp><Title>%s</Title><FileName>%s.mkv</FileName><FileSize>%d</FileSize>
            <Hash Type="SHA1">%s</Hash></Item></Content>
        </Infringement>
        - ---- End ACNS XML
        """.formatted(title, ip, port, seen, offer, id, seen, ip, port, seen, title, title.replace(' ', '.'),
        700_000_000L + rnd.nextInt(900_000_000), hash(rnd));
    String mail = "From: \"SAMPLE Anti-Piracy\" <sample-notices@example.org>\r\n"
        + "To: abuse@desk.example\r\n"
        + "Subject: [SAMPLE] Notice of claimed infringement, case " + id + "\r\n"
        + "Date: " + RFC822.format(seen.plusSeconds(120)) + "\r\n"
        + "Message-ID: <" + id.toLowerCase(Locale.ROOT) + "@sample.example.org>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        + body.replace("\n", "\r\n");
    return mail.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] xarf(int n, String ip, Instant seen, SplittableRandom rnd) {
    String json = """
        {
          "xarf": "4.0.0",
          "report_id": "sample-%04d",
          "timestamp": "%s",
          "reporter": {"org": "SAMPLE Rights Org (sample data)", "contact": "sample-xarf@example.org", "domain": "example.org"},
          "sender": {"org": "SAMPLE Rights Org (sample data)", "contact": "sample-xarf@example.org", "domain": "example.org"},
          "source_identifier": "%s",
          "source_port": %d,
          "category": "copyright",
          "type": "p2p",
          "description": "THIS IS SAMPLE DATA FOR THE SEAWALL DEMO. It is not a real report.",
          "infringed_work": {"title": "%s", "rights_holder": "SAMPLE Studios (sample data)"},
          "swarm_info": {"info_hash": "%s"},
          "evidence_source": "automated"
        }
        """.formatted(n, seen, ip, 6881 + rnd.nextInt(50000), TITLES[rnd.nextInt(TITLES.length)], hash(rnd));
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** Demo user names, one per role. */
  public static List<String> users() {
    return new ArrayList<>(List.of("viewer", "handler", "approver", "admin"));
  }
}
