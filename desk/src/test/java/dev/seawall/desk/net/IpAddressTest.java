package dev.seawall.desk.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressTest {
  @Test
  void parsesAndPrintsCanonically() {
    assertThat(IpAddress.parse("198.51.100.7").orElseThrow()).hasToString("198.51.100.7");
    assertThat(IpAddress.parse("FDF1:CB9D:F59E:19B0:2:3:FF33:345").orElseThrow()).hasToString("fdf1:cb9d:f59e:19b0:2:3:ff33:345");
    assertThat(IpAddress.parse("2001:db8:0:0:1:0:0:1").orElseThrow()).hasToString("2001:db8::1:0:0:1");
    assertThat(IpAddress.parse("::ffff:192.0.2.1").orElseThrow()).hasToString("::ffff:c000:201");
    assertThat(IpAddress.parse("[2001:db8::1]").orElseThrow()).hasToString("2001:db8::1");
    assertThat(IpAddress.ofBytes(IpAddress.parse("2001:db8::1").orElseThrow().toBytes())).hasToString("2001:db8::1");
  }

  @Test
  void rejectsWhatIsNotAnAddress() {
    for (String bad : new String[] {"92.222.64.5.4", "256.1.1.1", "1.2.3", "1..2.3", "example.com", "1:2:3:4:5:6:7:8:9",
        "2001:db8:::1", "12345::1", "", " ", "1.2.3.4:80"}) {
      assertThat(IpAddress.parse(bad)).as(bad).isEmpty();
    }
  }

  @Test
  void knowsNonPublicRanges() {
    for (String p : new String[] {"10.0.2.100", "192.168.1.1", "172.16.0.1", "100.64.0.1", "127.0.0.1", "fd00::1", "fe80::1", "2001:db8::1"}) {
      assertThat(IpAddress.parse(p).orElseThrow().isNotPublic()).as(p).isTrue();
    }
    assertThat(IpAddress.parse("96.30.152.244").orElseThrow().isNotPublic()).isFalse();
    assertThat(IpAddress.parse("2a01:4f8::1").orElseThrow().isNotPublic()).isFalse();
  }

  @Test
  void prefixesContainTheirAddresses() {
    Prefix p = Prefix.parse("2001:db8:1::/48").orElseThrow();
    assertThat(p.contains(IpAddress.parse("2001:db8:1:ffff::1").orElseThrow())).isTrue();
    assertThat(p.contains(IpAddress.parse("2001:db8:2::1").orElseThrow())).isFalse();
    assertThat(Prefix.parse("198.51.100.77/24").orElseThrow()).hasToString("198.51.100.0/24");
    assertThat(Prefix.parse("198.51.100.0/33")).isEmpty();
  }
}
