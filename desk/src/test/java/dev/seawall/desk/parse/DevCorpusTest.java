package dev.seawall.desk.parse;

import static dev.seawall.desk.parse.ManifestCheck.assertFlags;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.event.Flag;
import dev.seawall.desk.event.LocationType;
import dev.seawall.testkit.Shared;
import dev.seawall.desk.validity.Completeness;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every notice of ../shared/corpus/notices/dev parses to exactly the manifest's values. */
class DevCorpusTest {

  private static Path dev() {
    return Shared.require("corpus/notices/dev/manifest.csv").getParent();
  }

  @Test
  void everyNoticeMatchesTheManifest() throws Exception {
    Path dir = dev();
    var manifest = ManifestCheck.load(dir.resolve("manifest.csv"));
    assertThat(manifest).hasSize(23);
    assertThat(manifest.values().stream().mapToInt(java.util.List::size).sum()).isEqualTo(24);
    // 18: the manifest's title "sotwe.com (copyrighted image)" describes the complaint; the notice
    // names no work, only the site and an "Original Work" paragraph, which the event carries.
    ManifestCheck.check(dir, manifest, Map.of("18-cloudflare-cdn-forward-dmca.eml", "sotwe.com"));
  }

  @Test
  void trapsAreFlaggedNotCrashed() throws Exception {
    Path dir = dev();
    assertFlags(ManifestCheck.read(dir.resolve("08-vobile-acns-malformed-ampersand.eml")), Flag.XML_MALFORMED);
    assertFlags(ManifestCheck.read(dir.resolve("13-riaa-opsec-acns-broken-multiitem.eml")), Flag.XML_MALFORMED);
    assertFlags(ManifestCheck.read(dir.resolve("22-irdeto-acns-private-ip.eml")), Flag.IP_NOT_PUBLIC);
    assertFlags(ManifestCheck.read(dir.resolve("23-irdeto-acns-invalid-ip-no-date.eml")), Flag.IP_INVALID, Flag.NO_DATE_HEADER);
    assertFlags(ManifestCheck.read(dir.resolve("12-opsec-irma-investigationinfo.eml")), Flag.TIME_ZONE_ASSUMED);
    assertFlags(ManifestCheck.read(dir.resolve("03-rt-acns-synthetic-qp-pgp.eml")), Flag.HASH_INVALID);
    assertFlags(ManifestCheck.read(dir.resolve("07-vobile-acns-edonkey.eml")), Flag.HASH_INVALID);
    assertFlags(ManifestCheck.read(dir.resolve("18-cloudflare-cdn-forward-dmca.eml")), Flag.CDN_ORIGIN_IP);
    assertFlags(ManifestCheck.read(dir.resolve("05-rightscorp-acns-nonstandard.eml")), Flag.SETTLEMENT_OFFER);
    assertFlags(ManifestCheck.read(dir.resolve("06-cegtek-acns-settlement.eml")), Flag.SETTLEMENT_OFFER);
  }

  @Test
  void typedHashesAndLocationTypes() throws Exception {
    Path dir = dev();
    var edonkey = ManifestCheck.read(dir.resolve("07-vobile-acns-edonkey.eml")).events().getFirst();
    assertThat(edonkey.fileHash().value()).isEqualTo("0077A0135F5A042FFDEB76D15FFCDD29");
    assertThat(edonkey.infohash()).isNull();
    var web = ManifestCheck.read(dir.resolve("11-irdeto-acns-web-no-ip.eml")).events().getFirst();
    assertThat(web.locationType()).isEqualTo(LocationType.URL);
    assertThat(web.domain()).isEqualTo("media.maxcdn.cloud");
    var cdn = ManifestCheck.read(dir.resolve("18-cloudflare-cdn-forward-dmca.eml")).events().getFirst();
    assertThat(cdn.locationType()).isEqualTo(LocationType.SERVER_IP);
    assertThat(cdn.domain()).isEqualTo("sotwe.com");
    var streaming = ManifestCheck.read(dir.resolve("19-copyrightcompliance-io-streaming-site.eml")).events().getFirst();
    assertThat(streaming.urls()).hasSize(11);
    assertThat(streaming.titles()).containsExactly("Bob's Burgers", "The Conners", "American Dad!");
    var multi = ManifestCheck.read(dir.resolve("13-riaa-opsec-acns-broken-multiitem.eml")).events().getFirst();
    assertThat(multi.titles()).contains("Breed", "Lithium", "In Bloom");
  }

  @Test
  void completenessUnder512c3() throws Exception {
    Path dir = dev();
    assertThat(ManifestCheck.read(dir.resolve("04-markmonitor-acns-qp.eml")).completeness().verdict())
        .isEqualTo(Completeness.Verdict.COMPLETE);
    // bare ACNS XML carries no statements: the sender must be asked for them
    var bare = ManifestCheck.read(dir.resolve("02-acns12-spec-bittorrent-mapping.xml")).completeness();
    assertThat(bare.verdict()).isEqualTo(Completeness.Verdict.REPAIRABLE);
    assertThat(bare.missing()).contains(dev.seawall.desk.validity.Element.GOOD_FAITH);
  }
}
