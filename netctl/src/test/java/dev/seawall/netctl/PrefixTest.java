package dev.seawall.netctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PrefixTest {
  @ParameterizedTest
  @CsvSource({
    "192.0.2.7, 192.0.2.7/32",
    "192.0.2.7/24, 192.0.2.0/24",
    "2001:db8::1, 2001:db8::1/128",
    "2001:DB8:0:0:0:0:0:1/128, 2001:db8::1/128",
    "2001:db8::/32, 2001:db8::/32",
    "2001:db8:1:0:0:1:0:0/128, 2001:db8:1::1:0:0/128",
    "::1, ::1/128",
    "1:0:0:1:0:0:0:1, 1:0:0:1::1/128",
  })
  void parsesToCanonicalForm(String in, String out) {
    assertThat(Prefix.parse(in)).hasToString(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "example.com", "192.0.2.256", "192.0.2.1/33", "192.0.2.1/x", "2001:db8::1/129", "10.0.0", "::g"})
  void refusesWithAMessageNamingTheInput(String bad) {
    assertThatThrownBy(() -> Prefix.parse(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.isEmpty() ? "empty" : bad);
  }

  @Test
  void containmentAndOverlapRespectFamilies() {
    Prefix net = Prefix.parse("192.0.2.0/24");
    assertThat(net.contains(Prefix.parse("192.0.2.9"))).isTrue();
    assertThat(net.contains(Prefix.parse("192.0.3.9"))).isFalse();
    assertThat(net.contains(Prefix.parse("192.0.0.0/16"))).isFalse();
    assertThat(net.overlaps(Prefix.parse("192.0.0.0/16"))).isTrue();
    assertThat(Prefix.parse("::/0").contains(Prefix.parse("192.0.2.1"))).isFalse();
    assertThat(Prefix.parse("192.0.2.1").isHost()).isTrue();
    assertThat(Prefix.parse("2001:db8::/64").isHost()).isFalse();
  }
}
