package dev.seawall.firewall.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.firewall.verdict.Marks;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleSetTest {

  private static RuleSet rules(Set<RuleSet.Hook> hooks, int first, int last, boolean failOpen, List<String> ifs,
      List<String> nets, List<String> exempt, int budget) {
    return new RuleSet(hooks, first, last, failOpen, Marks.DEFAULT, ifs, nets.stream().map(Cidr::parse).toList(),
        exempt.stream().flatMap(e -> Exemption.parseAll(e).stream()).toList(), budget);
  }

  @Test
  void defaultForwardRules() {
    RuleSet r = rules(EnumSet.of(RuleSet.Hook.forward), 0, 3, true, List.of(), List.of(), List.of(), 64);
    assertThat(r.restoreInput(true)).isEqualTo("""
        *filter
        :SEAWALL-FORWARD - [0:0]
        :SEAWALL-FLOW - [0:0]
        :SEAWALL-BLOCK - [0:0]
        -A SEAWALL-FORWARD -g SEAWALL-FLOW
        -A SEAWALL-FLOW -m mark --mark 0xc0000000/0xc0000000 -j RETURN
        -A SEAWALL-FLOW -m connmark --mark 0x80000000/0xc0000000 -j SEAWALL-BLOCK
        -A SEAWALL-FLOW -m connmark --mark 0x40000000/0xc0000000 -j RETURN
        -A SEAWALL-FLOW -m mark --mark 0x80000000/0xc0000000 -j CONNMARK --save-mark --nfmask 0xc0000000 --ctmask 0xc0000000
        -A SEAWALL-FLOW -m mark --mark 0x80000000/0xc0000000 -j SEAWALL-BLOCK
        -A SEAWALL-FLOW -m mark --mark 0x40000000/0xc0000000 -j CONNMARK --save-mark --nfmask 0xc0000000 --ctmask 0xc0000000
        -A SEAWALL-FLOW -m mark --mark 0x40000000/0xc0000000 -j RETURN
        -A SEAWALL-FLOW -p tcp -m connbytes --connbytes 0:64 --connbytes-dir both --connbytes-mode packets -j NFQUEUE --queue-balance 0:3 --queue-bypass
        -A SEAWALL-FLOW -p udp -m connbytes --connbytes 0:64 --connbytes-dir both --connbytes-mode packets -j NFQUEUE --queue-balance 0:3 --queue-bypass
        -A SEAWALL-FLOW -p tcp -m conntrack --ctstate INVALID,UNTRACKED -j NFQUEUE --queue-balance 0:3 --queue-bypass
        -A SEAWALL-FLOW -p udp -m conntrack --ctstate INVALID,UNTRACKED -j NFQUEUE --queue-balance 0:3 --queue-bypass
        -A SEAWALL-BLOCK -p tcp -j REJECT --reject-with tcp-reset
        -A SEAWALL-BLOCK -j DROP
        COMMIT
        """);
    assertThat(r.jumps()).containsExactly(new RuleSet.Jump("FORWARD", "SEAWALL-FORWARD"));
  }

  @Test
  void failClosedSingleQueueNoBudget() {
    String v4 = rules(EnumSet.of(RuleSet.Hook.forward), 5, 5, false, List.of(), List.of(), List.of(), 0).restoreInput(true);
    assertThat(v4).contains("-A SEAWALL-FLOW -p tcp -j NFQUEUE --queue-num 5\n")
        .doesNotContain("bypass").doesNotContain("connbytes").doesNotContain("INVALID");
  }

  @Test
  void insideSelectorsAndExemptionsGoToTheirFamily() {
    RuleSet r = rules(EnumSet.of(RuleSet.Hook.forward, RuleSet.Hook.local), 0, 0, true, List.of("wg0"),
        List.of("10.8.0.0/16", "fd00:8::/64"), List.of("192.0.2.0/24", "2001:db8::/32", "tcp:22", "5000-5100"), 64);
    String v4 = r.restoreInput(true), v6 = r.restoreInput(false);
    assertThat(v4).contains("-A SEAWALL-FORWARD -i wg0 -g SEAWALL-FLOW\n", "-A SEAWALL-FORWARD -o wg0 -g SEAWALL-FLOW\n",
        "-A SEAWALL-FORWARD -s 10.8.0.0/16 -g SEAWALL-FLOW\n", "-A SEAWALL-FORWARD -d 10.8.0.0/16 -g SEAWALL-FLOW\n",
        "-A SEAWALL-FLOW -s 192.0.2.0/24 -j RETURN\n", "-A SEAWALL-FLOW -p tcp -m conntrack --ctorigdstport 22 -j RETURN\n",
        "-A SEAWALL-FLOW -p udp -m conntrack --ctorigdstport 5000:5100 -j RETURN\n",
        "-A SEAWALL-INPUT -i lo -j RETURN\n", "-A SEAWALL-OUTPUT -o lo -j RETURN\n")
        .doesNotContain("fd00").doesNotContain("2001:db8");
    assertThat(v6).contains("-s fd00:8:0:0:0:0:0:0/64 -g SEAWALL-FLOW", "-d 2001:db8:0:0:0:0:0:0/32 -j RETURN")
        .doesNotContain("10.8.0.0").doesNotContain("192.0.2.0");
    // Exemptions come after the verdict rules and before the queue.
    assertThat(v4.indexOf("192.0.2.0")).isGreaterThan(v4.indexOf("--save-mark")).isLessThan(v4.indexOf("NFQUEUE"));
    assertThat(r.jumps()).extracting(RuleSet.Jump::builtin).containsExactly("FORWARD", "INPUT", "OUTPUT");
  }

  @Test
  void badValuesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> rules(EnumSet.of(RuleSet.Hook.forward), 0, 0, true, List.of("wg0; rm -rf"), List.of(),
        List.of(), 0)).hasMessageContaining("bad interface name");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Cidr.parse("example.com")).hasMessageContaining("not an IP network");
    assertThatThrownBy(() -> Exemption.parseAll("tcp:0")).hasMessageContaining("bad port range");
    assertThatThrownBy(() -> Exemption.parseAll("tcp:9-x")).hasMessageContaining("bad port");
    assertThatThrownBy(() -> Exemption.parseAll("nonsense")).hasMessageContaining("neither a network");
    assertThat(Exemption.parseAll("53")).hasSize(2);
    assertThat(Cidr.parse("10.1.2.3").prefix()).isEqualTo(32);
  }
}
