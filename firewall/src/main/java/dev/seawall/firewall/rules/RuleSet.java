package dev.seawall.firewall.rules;

import dev.seawall.firewall.verdict.Marks;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The iptables rules that send flows to Seawall's queues and apply its verdicts in the kernel,
 * all in Seawall's own chains of the filter table (the same for IPv4 and IPv6):
 *
 * <pre>
 *   FORWARD ─▶ SEAWALL-FORWARD ─(inside?)─▶ SEAWALL-FLOW            (INPUT/OUTPUT likewise, for local traffic)
 *   SEAWALL-FLOW:  packet mark "pass"          → RETURN            judged undecided: this packet goes on
 *                  connmark "block"            → SEAWALL-BLOCK     later packets of a blocked flow
 *                  connmark "clean"            → RETURN            offloaded: never queued again
 *                  packet mark "block"         → save to connmark, SEAWALL-BLOCK
 *                  packet mark "clean"         → save to connmark, RETURN
 *                  exemptions                  → RETURN
 *                  TCP / UDP [first N packets] → NFQUEUE (balanced over the queues) [bypass]
 *                  TCP / UDP outside conntrack → NFQUEUE (invalid, untracked: no packet count)
 *   SEAWALL-BLOCK: TCP → REJECT with a reset to the sender; anything else → DROP
 * </pre>
 *
 * A verdict is {@code NF_REPEAT} with a mark, so the packet runs through the hook again and the
 * rules above act on it: RETURN hands undecided and clean packets back to the operator's own
 * rules (Seawall never accepts behind their back).
 */
public record RuleSet(
    Set<Hook> hooks,
    int firstQueue,
    int lastQueue,
    boolean failOpen,
    Marks marks,
    List<String> insideInterfaces,
    List<Cidr> insideNetworks,
    List<Exemption> exemptions,
    int offloadAfter) {

  /** Where traffic is taken from. */
  public enum Hook {
    /** Routed through this host (a VPN exit): the FORWARD chain. */
    forward,
    /** Sent or received by this host itself: the OUTPUT and INPUT chains. */
    local
  }

  public static final String FLOW = "SEAWALL-FLOW";
  public static final String BLOCK = "SEAWALL-BLOCK";

  public RuleSet {
    hooks = Set.copyOf(hooks);
    insideInterfaces = List.copyOf(insideInterfaces);
    insideNetworks = List.copyOf(insideNetworks);
    exemptions = List.copyOf(exemptions);
    if (hooks.isEmpty()) throw new IllegalArgumentException("at least one hook (forward, local) is needed");
    if (firstQueue < 0 || lastQueue > 65535 || firstQueue > lastQueue) {
      throw new IllegalArgumentException("bad queue range " + firstQueue + "-" + lastQueue);
    }
    if (offloadAfter < 0) throw new IllegalArgumentException("offload budget must be 0 (none) or positive");
    for (String i : insideInterfaces) {
      if (!i.matches("[A-Za-z0-9_.:@+-]{1,15}")) throw new IllegalArgumentException("bad interface name '" + i + "'");
    }
  }

  /** A jump from a built-in chain to one of ours. */
  public record Jump(String builtin, String chain) {}

  /** Every jump this rule set wants, given its hooks. */
  public List<Jump> jumps() {
    List<Jump> j = new ArrayList<>();
    if (hooks.contains(Hook.forward)) j.add(new Jump("FORWARD", "SEAWALL-FORWARD"));
    if (hooks.contains(Hook.local)) {
      j.add(new Jump("INPUT", "SEAWALL-INPUT"));
      j.add(new Jump("OUTPUT", "SEAWALL-OUTPUT"));
    }
    return j;
  }

  /** Every jump and chain any configuration could have made: what a removal cleans up. */
  public static List<Jump> allJumps() {
    return List.of(new Jump("FORWARD", "SEAWALL-FORWARD"), new Jump("INPUT", "SEAWALL-INPUT"),
        new Jump("OUTPUT", "SEAWALL-OUTPUT"));
  }

  public static List<String> allChains() {
    return List.of("SEAWALL-FORWARD", "SEAWALL-INPUT", "SEAWALL-OUTPUT", FLOW, BLOCK);
  }

  /** Input for {@code iptables-restore --noflush} (IPv4) or {@code ip6tables-restore --noflush}. */
  public String restoreInput(boolean ipv4) {
    StringBuilder b = new StringBuilder("*filter\n");
    List<Jump> jumps = jumps();
    for (Jump j : jumps) b.append(':').append(j.chain()).append(" - [0:0]\n");
    b.append(':').append(FLOW).append(" - [0:0]\n");
    b.append(':').append(BLOCK).append(" - [0:0]\n");

    for (Jump j : jumps) entry(b, j, ipv4);

    String mask = Marks.hex(marks.mask());
    String save = " -j CONNMARK --save-mark --nfmask " + mask + " --ctmask " + mask + "\n";
    rule(b, FLOW, "-m mark --mark " + Marks.hex(marks.pass()) + "/" + mask + " -j RETURN");
    rule(b, FLOW, "-m connmark --mark " + Marks.hex(marks.block()) + "/" + mask + " -j " + BLOCK);
    rule(b, FLOW, "-m connmark --mark " + Marks.hex(marks.clean()) + "/" + mask + " -j RETURN");
    b.append("-A ").append(FLOW).append(" -m mark --mark ").append(Marks.hex(marks.block())).append('/').append(mask).append(save);
    rule(b, FLOW, "-m mark --mark " + Marks.hex(marks.block()) + "/" + mask + " -j " + BLOCK);
    b.append("-A ").append(FLOW).append(" -m mark --mark ").append(Marks.hex(marks.clean())).append('/').append(mask).append(save);
    rule(b, FLOW, "-m mark --mark " + Marks.hex(marks.clean()) + "/" + mask + " -j RETURN");
    for (Exemption e : exemptions) {
      switch (e) {
        case Exemption.Network n when n.network().ipv4() == ipv4 -> {
          rule(b, FLOW, "-s " + n.network() + " -j RETURN");
          rule(b, FLOW, "-d " + n.network() + " -j RETURN");
        }
        case Exemption.Network n -> {}
        case Exemption.Port p ->
            rule(b, FLOW, "-p " + p.protocol() + " -m conntrack --ctorigdstport " + p.iptablesRange() + " -j RETURN");
      }
    }
    String budget = offloadAfter == 0 ? ""
        : " -m connbytes --connbytes 0:" + offloadAfter + " --connbytes-dir both --connbytes-mode packets";
    String target = firstQueue == lastQueue
        ? " -j NFQUEUE --queue-num " + firstQueue
        : " -j NFQUEUE --queue-balance " + firstQueue + ":" + lastQueue;
    if (failOpen) target += " --queue-bypass";
    rule(b, FLOW, "-p tcp" + budget + target);
    rule(b, FLOW, "-p udp" + budget + target);
    if (offloadAfter != 0) {
      // Packets conntrack cannot place (invalid, untracked) have no packet count: without this
      // the budget match would let them through uninspected.
      rule(b, FLOW, "-p tcp -m conntrack --ctstate INVALID,UNTRACKED" + target);
      rule(b, FLOW, "-p udp -m conntrack --ctstate INVALID,UNTRACKED" + target);
    }

    rule(b, BLOCK, "-p tcp -j REJECT --reject-with tcp-reset");
    rule(b, BLOCK, "-j DROP");
    b.append("COMMIT\n");
    return b.toString();
  }

  /** The entry chain: which traffic is "inside" (subscribers') and so inspected at all. */
  private void entry(StringBuilder b, Jump j, boolean ipv4) {
    String chain = j.chain();
    String goFlow = " -g " + FLOW;
    switch (j.builtin()) {
      case "FORWARD" -> {
        if (insideInterfaces.isEmpty() && insideNetworks.isEmpty()) {
          rule(b, chain, goFlow.strip());
          return;
        }
        for (String i : insideInterfaces) {
          rule(b, chain, "-i " + i + goFlow);
          rule(b, chain, "-o " + i + goFlow);
        }
        for (Cidr n : insideNetworks) {
          if (n.ipv4() != ipv4) continue;
          rule(b, chain, "-s " + n + goFlow);
          rule(b, chain, "-d " + n + goFlow);
        }
      }
      // Local traffic: everything but loopback (the host talking to itself).
      case "INPUT" -> {
        rule(b, chain, "-i lo -j RETURN");
        rule(b, chain, goFlow.strip());
      }
      case "OUTPUT" -> {
        rule(b, chain, "-o lo -j RETURN");
        rule(b, chain, goFlow.strip());
      }
      default -> throw new IllegalStateException(j.builtin());
    }
  }

  private static void rule(StringBuilder b, String chain, String spec) {
    b.append("-A ").append(chain).append(' ').append(spec).append('\n');
  }
}
