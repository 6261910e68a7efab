package dev.seawall.firewall;

import dev.seawall.blocklist.BlocklistSource;
import dev.seawall.engine.detect.Confidence;
import dev.seawall.firewall.rules.Cidr;
import dev.seawall.firewall.rules.Exemption;
import dev.seawall.firewall.rules.RuleSet;
import dev.seawall.firewall.verdict.Marks;
import dev.seawall.firewall.verdict.Mode;
import dev.seawall.firewall.verdict.Policy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything {@code seawall firewall} runs with, validated. Built by {@link FirewallCommand} from
 * flags and the configuration file.
 *
 * @param offloadAfter packets (both directions) after which an undecided flow is no longer queued
 * @param copyRange bytes of each packet copied to userspace
 * @param maxFlowsPerQueue flows each worker's engine tracks at once
 * @param metrics where {@code /metrics} and {@code /health} listen, or null for nowhere
 * @param blocklist file or http(s) URL of the court-order blocklist, or null for none
 * @param blocklistRefresh how often the blocklist is checked for changes
 */
public record FirewallConfig(
    int firstQueue,
    int lastQueue,
    Mode mode,
    boolean failOpen,
    Set<Confidence> blockConfidence,
    Set<RuleSet.Hook> hooks,
    List<String> insideInterfaces,
    List<Cidr> insideNetworks,
    List<Exemption> exemptions,
    int offloadAfter,
    int copyRange,
    int queueMaxLength,
    int maxFlowsPerQueue,
    int maxBatch,
    Marks marks,
    String iptables,
    boolean ipv6,
    boolean tcpReset,
    Duration learnedPeerTtl,
    InetSocketAddress metrics,
    String blocklist,
    Duration blocklistRefresh) {

  public FirewallConfig {
    blockConfidence = Set.copyOf(blockConfidence);
    hooks = Set.copyOf(hooks);
    insideInterfaces = List.copyOf(insideInterfaces);
    insideNetworks = List.copyOf(insideNetworks);
    exemptions = List.copyOf(exemptions);
    check(firstQueue >= 0 && lastQueue <= 65535 && firstQueue <= lastQueue, "queues must be N or N-M within 0-65535");
    check(lastQueue - firstQueue < 64, "at most 64 queues (one worker thread each)");
    check(copyRange >= 256 && copyRange <= 65535, "copy range must be 256-65535 bytes, got " + copyRange);
    check(queueMaxLength >= 1 && queueMaxLength <= 1 << 20, "queue length must be 1-1048576, got " + queueMaxLength);
    check(maxFlowsPerQueue >= 1024 && maxFlowsPerQueue <= 1 << 24, "max flows must be 1024-16777216, got " + maxFlowsPerQueue);
    check(maxBatch >= 1 && maxBatch <= 1024, "batch must be 1-1024, got " + maxBatch);
    check(offloadAfter == 0 || offloadAfter >= 4, "offload budget must be 0 (none) or at least 4 packets, got " + offloadAfter);
    check(!learnedPeerTtl.isNegative() && !learnedPeerTtl.isZero(), "learned-peer TTL must be positive");
    check(!hooks.isEmpty(), "at least one hook (forward, local)");
    check(!blocklistRefresh.isNegative() && !blocklistRefresh.isZero(), "blocklist refresh must be positive");
    if (blocklist != null) BlocklistSource.checkLocation(blocklist);
  }

  private static void check(boolean ok, String message) {
    if (!ok) throw new IllegalArgumentException(message);
  }

  public int queueCount() {
    return lastQueue - firstQueue + 1;
  }

  public Policy policy() {
    return new Policy(mode, blockConfidence);
  }

  public RuleSet rules() {
    return new RuleSet(hooks, firstQueue, lastQueue, failOpen, marks, insideInterfaces, insideNetworks, exemptions,
        offloadAfter);
  }
}
