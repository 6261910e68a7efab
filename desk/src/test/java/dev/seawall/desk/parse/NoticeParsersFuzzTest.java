package dev.seawall.desk.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.time.Timestamps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzzing of the notice parsers (Jazzer). The first byte picks the target: the whole reader (MIME
 * and everything behind it), or one family alone (ACNS, text, X-ARF, IODEF, IRMA, CDN, URL list),
 * or the timestamp reader. No input may throw, hang or produce an impossible event, and no input
 * may make the XML readers fetch a file (a canary file is planted; seeds carry XXE attempts at it).
 * Jazzer runs one fuzz test per JVM, hence one target method. CI fuzzes for a short while
 * (JAZZER_FUZZ=1, own surefire execution); without JAZZER_FUZZ only the seeds are replayed.
 */
class NoticeParsersFuzzTest {
  static final Path CANARY = Path.of(System.getProperty("java.io.tmpdir"), "seawall-fuzz-canary.txt");
  static final String SECRET = "CANARY-7f3c2b91-do-not-leak";

  static {
    try {
      Files.writeString(CANARY, SECRET);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final NoticeReader READER = new NoticeReader();
  private static final NoticeParser[] FAMILIES = {
    new AcnsParser(), new EvidenceTextParser(), new XarfParser(), new IodefParser(), new IrmaParser(),
    new CdnForwardParser(), new UrlNoticeParser(), new MimeParser()
  };

  @FuzzTest(maxDuration = "45s")
  void parsers(byte[] input) {
    if (input.length == 0) return;
    int target = input[0] & 0xff;
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    int which = target % (FAMILIES.length + 2);
    if (which == FAMILIES.length) {
      ParsedNotice n = READER.read(data, "fuzz");
      assertThat(n.completeness()).isNotNull();
      for (InfringementEvent e : n.events()) sane(e, data);
    } else if (which == FAMILIES.length + 1) {
      Timestamps.parse(new String(data, StandardCharsets.ISO_8859_1));
    } else {
      NoticeParser p = FAMILIES[which];
      Document doc = Document.ofBytes("fuzz", (target & 0x80) != 0 ? "text/plain" : "", data, null, 0);
      if (p.claims(doc)) {
        Extraction x = p.read(doc);
        for (EventDraft d : x.events) sane(d.finish(), data);
      }
    }
  }

  private static void sane(InfringementEvent e, byte[] input) {
    if (e.port() != null && (e.port() < 0 || e.port() > 65535)) throw new AssertionError("port " + e.port());
    if (e.infohash() != null && !e.infohash().matches("[0-9a-f]{40}")) throw new AssertionError("infohash " + e.infohash());
    if (e.timestamp() != null && (e.firstSeen().isAfter(e.timestamp()) || e.lastSeen().isBefore(e.timestamp()))) {
      throw new AssertionError("first/last seen around " + e.timestamp());
    }
    String all = e.toString();
    // Jazzer learns the secret from this very comparison and puts it into inputs: only a secret the input did not carry leaked
    if (all.contains(SECRET) && !new String(input, StandardCharsets.ISO_8859_1).contains(SECRET)) {
      throw new AssertionError("XML reader disclosed a local file: " + all);
    }
  }
}
