package dev.seawall.desk.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.desk.event.InfringementEvent;
import dev.seawall.desk.event.LocationType;
import dev.seawall.desk.net.IpAddress;
import dev.seawall.desk.registry.Registry;
import dev.seawall.desk.registry.RegistryCsv;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventMatcherTest {

  /** A registry with every case the desk must answer, written as an operator would import it. */
  static final String REGISTRY = """
      customer,name,reseller,abuse_contact,service,kind,resource,ports,origin_ip,valid_from,valid_until
      alpha,Alpha Hosting,,abuse@alpha.example,srv-1,dedicated,198.51.100.0/28,,,2020-01-01,2021-01-01T00:00:00Z
      bravo,Bravo Ltd,,abuse@bravo.example,srv-1,dedicated,198.51.100.0/28,,,2021-01-01T00:00:00Z,
      charlie,Charlie,,,srv-9,dedicated,198.51.100.32/32,,,2022-01-01,2022-06-01
      delta,Delta,,,srv-2,dedicated,198.51.100.64/30,,,2022-01-01,2023-01-01
      echo,Echo,,,srv-3,dedicated,198.51.100.64/30,,,2022-12-01,2024-01-01
      resell,Reseller,,abuse@resell.example,block,dedicated,203.0.113.0/24,,,2020-01-01,
      vpnco,VPN Co,resell,abuse@vpnco.example,dedicated-fra,dedicated,203.0.113.16/28,,,2020-01-01,
      vpnco,,,,exit-pool,vpn-exit,203.0.113.128/29,,,2020-01-01,
      proxy-a,Proxy A,resell,,socks-low,socks5,203.0.113.200/32,1024-32767,,2020-01-01,
      proxy-b,Proxy B,,,socks-high,socks5,203.0.113.200/32,32768-65535,,2020-01-01,
      six,Six Host,,,srv-v6,dedicated,2001:db8:1::/48,,,2020-01-01,
      sixsub,Six Sub,six,,srv-v6-sub,dedicated,2001:db8:1:ff00::/56,,,2023-01-01,
      shop,Shop,,,web,cdn-zone,shop.example,,198.51.100.7,2022-01-01,2023-01-01
      """;

  static Registry registry() throws Exception {
    var rows = RegistryCsv.read(new StringReader(REGISTRY), "test.csv");
    assertThat(rows.errors()).isEmpty();
    return new Registry(rows.customers(), rows.assignments());
  }

  static InfringementEvent p2p(String ip, Integer port, String first, String last) {
    Instant f = first == null ? null : Instant.parse(first);
    Instant l = last == null ? f : Instant.parse(last);
    return new InfringementEvent("s", null, List.of("t"), LocationType.P2P_ENDPOINT, ip, IpAddress.parse(ip), port, f, f, l,
        "BitTorrent", null, null, null, null, List.of(), null, null, Set.of());
  }

  static InfringementEvent web(String domain, String time) {
    Instant t = time == null ? null : Instant.parse(time);
    return new InfringementEvent("s", null, List.of("t"), LocationType.URL, null, null, null, t, t, t, "HTTP", null, null,
        null, null, List.of("https://" + domain + "/x"), domain, null, Set.of());
  }

  final EventMatcher strict;
  final EventMatcher skewed;

  EventMatcherTest() throws Exception {
    Registry r = registry();
    strict = new EventMatcher(r, Duration.ZERO);
    skewed = new EventMatcher(r, Duration.ofMinutes(2));
  }

  @Test
  void aLeaseThatEndedStillAnswersForItsTime() {
    Match m = skewed.match(p2p("198.51.100.5", 6881, "2020-06-01T10:00:00Z", null), null);
    assertThat(m.verdict()).isEqualTo(Verdict.CUSTOMER);
    assertThat(m.customer()).isEqualTo("alpha");
    assertThat(skewed.match(p2p("198.51.100.5", 6881, "2023-06-01T10:00:00Z", null), null).customer()).isEqualTo("bravo");
  }

  @Test
  void aHandOverInsideTheSkewWindowIsNotGuessed() {
    InfringementEvent atHandOver = p2p("198.51.100.5", 6881, "2021-01-01T00:00:30Z", null);
    Match m = skewed.match(atHandOver, null);
    assertThat(m.verdict()).isEqualTo(Verdict.UNMATCHED);
    assertThat(m.candidates()).extracting(a -> a.customer()).containsExactlyInAnyOrder("alpha", "bravo");
    assertThat(m.reason()).contains("several holders");
    // without skew the time is unambiguous: the new lease began at midnight
    assertThat(strict.match(atHandOver, null).customer()).isEqualTo("bravo");
    // an observation spanning the hand-over is ambiguous even without skew
    assertThat(strict.match(p2p("198.51.100.5", 6881, "2020-12-31T23:59:00Z", "2021-01-01T00:01:00Z"), null).verdict())
        .isEqualTo(Verdict.UNMATCHED);
  }

  @Test
  void expiredAndForeignAddresses() {
    Match expired = skewed.match(p2p("198.51.100.32", 1, "2022-07-01T00:00:00Z", null), null);
    assertThat(expired.verdict()).isEqualTo(Verdict.UNMATCHED);
    assertThat(expired.reason()).contains("not assigned");
    assertThat(skewed.match(p2p("198.51.100.32", 1, "2022-03-01T00:00:00Z", null), null).customer()).isEqualTo("charlie");
    Match foreign = skewed.match(p2p("192.0.2.1", 1, "2022-03-01T00:00:00Z", null), null);
    assertThat(foreign.verdict()).isEqualTo(Verdict.NOT_OURS);
  }

  @Test
  void overlappingLeasesAreReportedNotResolved() {
    Match m = strict.match(p2p("198.51.100.65", 1, "2022-12-15T00:00:00Z", null), null);
    assertThat(m.verdict()).isEqualTo(Verdict.UNMATCHED);
    assertThat(m.candidates()).extracting(a -> a.customer()).containsExactlyInAnyOrder("delta", "echo");
    assertThat(strict.match(p2p("198.51.100.65", 1, "2022-11-15T00:00:00Z", null), null).customer()).isEqualTo("delta");
    assertThat(strict.match(p2p("198.51.100.65", 1, "2023-02-15T00:00:00Z", null), null).customer()).isEqualTo("echo");
  }

  @Test
  void resellerSubAllocationsWinOverTheResellersBlock() {
    Match sub = skewed.match(p2p("203.0.113.20", 51413, "2024-01-01T00:00:00Z", null), null);
    assertThat(sub.verdict()).isEqualTo(Verdict.CUSTOMER);
    assertThat(sub.customer()).isEqualTo("vpnco");
    assertThat(sub.resellers()).containsExactly("resell");
    Match block = skewed.match(p2p("203.0.113.99", 51413, "2024-01-01T00:00:00Z", null), null);
    assertThat(block.customer()).isEqualTo("resell");
    assertThat(block.resellers()).isEmpty();
  }

  @Test
  void sharedExitsHaveNoAttributableUser() {
    Match vpn = skewed.match(p2p("203.0.113.130", 40000, "2024-01-01T00:00:00Z", null), null);
    assertThat(vpn.verdict()).isEqualTo(Verdict.SHARED_EXIT);
    assertThat(vpn.customer()).isEqualTo("vpnco");
    assertThat(vpn.reason()).contains("no user is attributable");
  }

  @Test
  void aSharedProxyAddressSplitByPortRanges() {
    assertThat(skewed.match(p2p("203.0.113.200", 2000, "2024-01-01T00:00:00Z", null), null).customer()).isEqualTo("proxy-a");
    Match high = skewed.match(p2p("203.0.113.200", 40000, "2024-01-01T00:00:00Z", null), null);
    assertThat(high.verdict()).isEqualTo(Verdict.SHARED_EXIT);
    assertThat(high.customer()).isEqualTo("proxy-b");
    // without a port the two holders cannot be told apart
    assertThat(skewed.match(p2p("203.0.113.200", null, "2024-01-01T00:00:00Z", null), null).verdict()).isEqualTo(Verdict.UNMATCHED);
    // port 80 of that address was not split off: the reseller holding the block answers
    assertThat(skewed.match(p2p("203.0.113.200", 80, "2024-01-01T00:00:00Z", null), null).customer()).isEqualTo("resell");
  }

  @Test
  void ipv6PrefixesAndSubAllocations() {
    assertThat(skewed.match(p2p("2001:db8:1:2::5", 6881, "2024-01-01T00:00:00Z", null), null).customer()).isEqualTo("six");
    Match sub = skewed.match(p2p("2001:db8:1:ff10::1", 6881, "2024-01-01T00:00:00Z", null), null);
    assertThat(sub.customer()).isEqualTo("sixsub");
    assertThat(sub.resellers()).containsExactly("six");
    // before the sub-allocation existed the /48 holder answers
    assertThat(skewed.match(p2p("2001:db8:1:ff10::1", 6881, "2022-01-01T00:00:00Z", null), null).customer()).isEqualTo("six");
    assertThat(skewed.match(p2p("2001:db8:2::1", 6881, "2024-01-01T00:00:00Z", null), null).verdict()).isEqualTo(Verdict.NOT_OURS);
  }

  @Test
  void skewWidensTheLeaseBoundaries() {
    // two minutes after charlie's lease ended: only a matcher allowing clock skew still finds him
    InfringementEvent late = p2p("198.51.100.32", 1, "2022-06-01T00:01:00Z", null);
    assertThat(strict.match(late, null).verdict()).isEqualTo(Verdict.UNMATCHED);
    assertThat(skewed.match(late, null).customer()).isEqualTo("charlie");
  }

  @Test
  void webEventsGoThroughCdnZones() {
    Match m = skewed.match(web("www.shop.example", "2022-05-05T00:00:00Z"), null);
    assertThat(m.verdict()).isEqualTo(Verdict.CUSTOMER);
    assertThat(m.customer()).isEqualTo("shop");
    assertThat(m.holder().originIp()).isEqualTo("198.51.100.7");
    assertThat(skewed.match(web("www.shop.example", "2024-05-05T00:00:00Z"), null).verdict()).isEqualTo(Verdict.UNMATCHED);
    assertThat(skewed.match(web("elsewhere.example", "2022-05-05T00:00:00Z"), null).verdict()).isEqualTo(Verdict.NOT_OURS);
    // a URL notice without a time is matched at the notice's date, and says so
    Match undated = skewed.match(web("shop.example", null), Instant.parse("2022-08-01T00:00:00Z"));
    assertThat(undated.customer()).isEqualTo("shop");
    assertThat(undated.reason()).contains("notice's date");
  }

  @Test
  void unusableEventsStayUnmatched() {
    assertThat(skewed.match(p2p("92.222.64.5.4", 1, "2022-03-01T00:00:00Z", null), null).reason()).contains("not an IP address");
    Match noTime = skewed.match(p2p("198.51.100.5", 1, null, null), Instant.parse("2022-01-01T00:00:00Z"));
    assertThat(noTime.verdict()).isEqualTo(Verdict.UNMATCHED);
    assertThat(noTime.reason()).isEqualTo("no infringement time");
  }
}
