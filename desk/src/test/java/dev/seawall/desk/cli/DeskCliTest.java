package dev.seawall.desk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The commands as an operator runs them: import, registry import, list (jsonl and csv), stats. */
class DeskCliTest {
  @TempDir Path tmp;

  static Path fixtures() throws URISyntaxException {
    return Path.of(DeskCliTest.class.getResource("/notices/fixtures.csv").toURI()).getParent();
  }

  @Test
  void importRegistryAndList() throws Exception {
    String db = "jdbc:h2:file:" + tmp.resolve("desk").toAbsolutePath();
    Run imp = Run.of(new NoticesCommand(), "import", fixtures().toString(), "--db", db);
    assertThat(imp.exit()).as(imp.err()).isZero();
    assertThat(imp.out()).contains("stored 9, duplicates 0, events 11");
    Run again = Run.of(new NoticesCommand(), "import", fixtures().toString(), "--db", db);
    assertThat(again.out()).contains("stored 0, duplicates 9, events 0");

    Path reg = tmp.resolve("registry.csv");
    Files.writeString(reg, """
        customer,name,reseller,abuse_contact,service,kind,resource,ports,origin_ip,valid_from,valid_until
        acme,Acme Hosting,,abuse@acme.example,rack-1,dedicated,198.51.100.0/25,,,2023-01-01,
        vpnco,VPN Co,acme,abuse@vpnco.example,exits,vpn-exit,198.51.100.16/28,,,2023-01-01,
        v6,V6,,,srv,dedicated,2001:db8::/32,,,2024-03-03,
        bad,Bad,,,x,dedicated,not-a-prefix,,,2023-01-01,
        """);
    Run r = Run.of(new RegistryCommand(), "import", reg.toString(), "--db", db);
    assertThat(r.exit()).isEqualTo(1); // one bad row, reported; the others imported
    assertThat(r.err()).contains("registry.csv:5").contains("not-a-prefix");
    assertThat(r.out()).contains("assignments added 3");

    Run list = Run.of(new NoticesCommand(), "list", "--format", "jsonl", "--db", db);
    assertThat(list.exit()).isZero();
    List<String> lines = list.out().lines().toList();
    assertThat(lines).hasSize(11);
    ObjectMapper json = new ObjectMapper();
    Map<String, JsonNode> byIp = new java.util.HashMap<>();
    for (String l : lines) {
      JsonNode n = json.readTree(l);
      for (String f : List.of("source", "sender", "ip", "port", "timestamp", "protocol", "infohash", "title", "customer", "match", "flags")) {
        assertThat(n.has(f)).as(f + " in " + l).isTrue();
      }
      if (!n.get("ip").isNull()) byIp.put(n.get("ip").asString(), n);
    }
    assertThat(byIp.get("198.51.100.23").get("match").asString()).isEqualTo("shared-exit");
    assertThat(byIp.get("198.51.100.23").get("customer").asString()).isEqualTo("vpnco");
    assertThat(byIp.get("198.51.100.80").get("match").asString()).isEqualTo("customer");
    assertThat(byIp.get("198.51.100.80").get("customer").asString()).isEqualTo("acme");
    assertThat(byIp.get("198.51.100.80").get("timestamp").asString()).isEqualTo("2024-03-03T22:10:05Z");
    assertThat(byIp.get("203.0.113.77").get("match").asString()).isEqualTo("not-ours");
    // the v6 lease began 2024-03-03 00:00: the table row observed 23:45:59 that day matches
    assertThat(byIp.get("2001:db8:77::42").get("customer").asString()).isEqualTo("v6");
    assertThat(byIp.get("2001:db8:5ea::17").get("match").asString()).isEqualTo("unmatched");
    assertThat(byIp.get("203.0.113.77").get("flags").toString()).contains("XML_MALFORMED");

    Run csv = Run.of(new NoticesCommand(), "list", "--format", "csv", "--match", "customer", "--db", db);
    assertThat(csv.out().lines().findFirst().orElseThrow()).startsWith("source,sender,ip,port,timestamp,protocol,infohash,title,customer,match,flags");
    assertThat(csv.out().lines().skip(1)).allMatch(l -> l.contains(",customer,"));

    Run stats = Run.of(new NoticesCommand(), "stats", "--db", db);
    assertThat(stats.out()).contains("notices 9 events 11");
  }

  @Test
  void spreadsheetImportFromTheCommandLine() throws Exception {
    String db = "jdbc:h2:file:" + tmp.resolve("desk").toAbsolutePath();
    Path csv = tmp.resolve("hits.csv");
    Files.writeString(csv, "Date/Time (UTC);IP;Port;Work;Infohash\n2022-01-01 10:00:00;198.51.100.1;6881;Film;"
        + "0123456789abcdef0123456789abcdef01234567\n2022-01-01 10:05:00;198.51.100.2;6882;Film;\n");
    Run r = Run.of(new NoticesCommand(), "import", "--spreadsheet", csv.toString(), "--sender", "studio@example.com", "--db", db);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("stored 1").contains("events 2");
    Run list = Run.of(new NoticesCommand(), "list", "--db", db);
    assertThat(list.out()).contains("\"sender\":\"studio@example.com\"").contains("\"timestamp\":\"2022-01-01T10:05:00Z\"");
  }

  @Test
  void badPathsAreReportedNotFatal() throws Exception {
    String db = "jdbc:h2:file:" + tmp.resolve("desk").toAbsolutePath();
    Path junk = tmp.resolve("junk.bin");
    Files.write(junk, new byte[] {0, 1, 2, (byte) 0xff, '<', '?', 'x'});
    Run r = Run.of(new NoticesCommand(), "import", junk.toString(), tmp.resolve("missing.eml").toString(), "--db", db);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("stored 1").contains("without events 1").contains("missing.eml: no such file");
  }
}
