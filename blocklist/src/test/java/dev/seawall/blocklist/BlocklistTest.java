package dev.seawall.blocklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlocklistTest {
  private static final String TEXT = """
      # order 1: Tribunal, case RG 1
      pirate-site.example
      *.pirate-site.example
      *.Mirror.EXAMPLE.   # case and trailing dot do not matter
      bücher-raub.example
      198.51.100.7
      203.0.113.0/24
      2001:db8:bad::/48
      """;

  private final Blocklist list = Blocklist.parse(TEXT, "orders.txt");

  @Test
  void exactNamesBlockOnlyThemselves() {
    assertThat(list.problems()).isEmpty();
    assertThat(list.size()).isEqualTo(7);
    assertThat(list.blocksName("pirate-site.example")).isTrue();
    assertThat(list.blocksName("PIRATE-SITE.example.")).isTrue();
    assertThat(list.blocksName("xn--bcher-raub-9db.example")).isTrue();
    assertThat(list.blocksName("bücher-raub.example")).isTrue();
    assertThat(list.blocksName("www.bücher-raub.example")).isFalse(); // no *. line for it
    assertThat(list.blocksName("notpirate-site.example")).isFalse();
    assertThat(list.blocksName("example")).isFalse();
  }

  @Test
  void wildcardLinesBlockNamesBelowButNotTheNameItself() {
    assertThat(list.blocksName("cdn.pirate-site.example")).isTrue();
    assertThat(list.blocksName("a.b.c.pirate-site.example")).isTrue();
    assertThat(list.blocksName("www.mirror.example")).isTrue();
    assertThat(list.blocksName("mirror.example")).isFalse();
    assertThat(list.blocksName("evilmirror.example")).isFalse();
  }

  @Test
  void wireNamesMatchAsBytesInAnyCaseWithinALargerBuffer() {
    byte[] b = "xxCDN.Pirate-Site.Example.yy".getBytes(StandardCharsets.US_ASCII);
    assertThat(list.blocksName(b, 2, 24)).isTrue(); // "CDN.Pirate-Site.Example."
    assertThat(list.blocksName(b, 2, 23)).isTrue(); // without the dot
    assertThat(list.blocksName(b, 6, 19)).isTrue(); // "Pirate-Site.Example"
    assertThat(list.blocksName(b, 7, 18)).isFalse(); // "irate-Site.Example"
    assertThat(list.blocksName(b, 2, 0)).isFalse();
    assertThat(list.blocksName(new byte[] {'.'}, 0, 1)).isFalse();
  }

  @Test
  void addressesAndPrefixesOfBothFamilies() throws Exception {
    assertThat(list.blocksAddress(InetAddress.getByName("198.51.100.7"))).isTrue();
    assertThat(list.blocksAddress(InetAddress.getByName("198.51.100.8"))).isFalse();
    assertThat(list.blocksAddress(InetAddress.getByName("203.0.113.200"))).isTrue();
    assertThat(list.blocksAddress(InetAddress.getByName("203.0.114.1"))).isFalse();
    assertThat(list.blocksAddress(InetAddress.getByName("2001:db8:bad:1::9"))).isTrue();
    assertThat(list.blocksAddress(InetAddress.getByName("2001:db8:bae::1"))).isFalse();
    assertThat(list.hasDomains()).isTrue();
    assertThat(list.hasAddresses()).isTrue();
  }

  @Test
  void badLinesAreReportedWithSourceAndLineAndTheRestStaysInForce() {
    Blocklist b = Blocklist.parse("good.example\nbad name.example\n10.0.0.0/33\nfoo.*.example\n\n1.2.3.4.5\n*.\nok.example\n",
        "https://desk.example/api/blocklist");
    assertThat(b.problems()).hasSize(5);
    assertThat(b.problems().get(0)).startsWith("https://desk.example/api/blocklist:2: ").contains("bad name.example");
    assertThat(b.problems().get(1)).startsWith("https://desk.example/api/blocklist:3: ").contains("prefix length 33");
    assertThat(b.problems().get(2)).contains(":4: ").contains("wildcard");
    assertThat(b.problems().get(3)).contains(":6: ").contains("1.2.3.4.5");
    assertThat(b.problems().get(4)).contains(":7: ").contains("empty domain name");
    assertThat(b.blocksName("good.example")).isTrue();
    assertThat(b.blocksName("ok.example")).isTrue();
    assertThat(b.size()).isEqualTo(2);
  }

  @Test
  void duplicatesCountOnceAndTheEmptyListBlocksNothing() {
    Blocklist b = Blocklist.parse("a.example\nA.example.\n10.1.0.0/16\n10.1.2.3/16\n", "t");
    assertThat(b.size()).isEqualTo(2);
    assertThat(Blocklist.EMPTY.blocksName("a.example")).isFalse();
    assertThat(Blocklist.EMPTY.blocksAddress(0, 0)).isFalse();
    assertThat(Blocklist.EMPTY.hasDomains()).isFalse();
  }

  @Test
  void manyEntriesAllFound() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5000; i++) sb.append("site").append(i).append(".example\n").append("10.").append(i / 250)
        .append('.').append(i % 250).append(".0/24\n");
    Blocklist b = Blocklist.parse(sb.toString(), "big");
    assertThat(b.size()).isEqualTo(10000);
    for (int i = 0; i < 5000; i += 7) {
      assertThat(b.blocksName("site" + i + ".example")).isTrue();
      assertThat(b.blocksName("site" + i + ".example.org")).isFalse();
    }
    long[] a = dev.seawall.engine.packet.Addresses.parse("10.3.17.99");
    assertThat(b.blocksAddress(a[0], a[1])).isTrue();
    a = dev.seawall.engine.packet.Addresses.parse("10.30.17.99");
    assertThat(b.blocksAddress(a[0], a[1])).isFalse();
  }
}
