package dev.seawall.desk.parse;

import static dev.seawall.desk.parse.ManifestCheck.assertFlags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.LocationType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Self-made fixtures (src/test/resources/notices), one per family: run without ../shared. */
class FixtureTest {

  static Path dir() {
    try {
      return Path.of(FixtureTest.class.getResource("/notices/fixtures.csv").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyFixtureMatchesItsManifest() throws Exception {
    ManifestCheck.check(dir(), ManifestCheck.load(dir().resolve("fixtures.csv")), Map.of());
  }

  @Test
  void brokenAttachmentIsReadTolerantly() throws Exception {
    assertFlags(ManifestCheck.read(dir().resolve("acns-attachment-broken.eml")), Flag.XML_MALFORMED);
  }

  @Test
  void cdnForwardGivesTheOriginHost() throws Exception {
    var e = ManifestCheck.read(dir().resolve("cdn-forward.eml")).events().getFirst();
    assertThat(e.locationType()).isEqualTo(LocationType.SERVER_IP);
    assertThat(e.domain()).isEqualTo("video.example.org");
    assertThat(e.rightsHolder()).isEqualTo("Example Studios");
    assertThat(e.flags()).contains(Flag.CDN_ORIGIN_IP);
  }

  @Test
  void urlNoticesSplitByDomain() throws Exception {
    var n = ManifestCheck.read(dir().resolve("url-list-two-domains.eml"));
    assertThat(n.events()).extracting(e -> e.domain()).containsExactly("files.example.net", "stream.example.com");
  }

  @Test
  void sameNoticeHasTheSameIdentityWhateverTheTransportAdded() throws Exception {
    byte[] raw = java.nio.file.Files.readAllBytes(dir().resolve("forward-nested-rfc822.eml"));
    String crlf = new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace("\n", "\r\n");
    String relayed = "Received: from mx.example by mx2.example; Tue, 02 Apr 2024 11:00:05 +0000\r\n" + crlf;
    NoticeReader r = new NoticeReader();
    assertThat(r.read(relayed.getBytes(java.nio.charset.StandardCharsets.UTF_8), "imap").identity())
        .isEqualTo(r.read(raw, "file").identity());
  }
}
