package dev.seawall.firewall.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs and removes a {@link RuleSet} with the iptables programs (nft or legacy backend),
 * idempotently: installing twice, or after a crash left rules behind, gives the same rules once;
 * removing what is not there is not an error.
 *
 * <p>The chains are loaded atomically per family with {@code iptables-restore --noflush} (which
 * flushes and refills only the chains it declares); the jumps from the built-in chains are
 * added after the chains exist and removed before they go.
 */
public final class Iptables {
  private static final long TIMEOUT_SECONDS = 30;

  private final String iptables;
  private final String restore;
  private final String family;

  private Iptables(String iptables, String restore, String family) {
    this.iptables = iptables;
    this.restore = restore;
    this.family = family;
  }

  /**
   * @param flavour "iptables" (the system default), "iptables-nft" or "iptables-legacy"
   * @param ipv6 the ip6tables counterpart
   */
  public static Iptables of(String flavour, boolean ipv6) {
    String base = switch (flavour) {
      case "iptables", "iptables-nft", "iptables-legacy" -> flavour;
      default -> throw new IllegalArgumentException("iptables flavour must be iptables, iptables-nft or iptables-legacy, got '" + flavour + "'");
    };
    String name = ipv6 ? "ip6" + base.substring(2) : base;
    String restore = ipv6 ? "ip6" + restoreName(base).substring(2) : restoreName(base);
    return new Iptables(name, restore, ipv6 ? "IPv6" : "IPv4");
  }

  private static String restoreName(String base) {
    return base.equals("iptables") ? "iptables-restore" : base + "-restore";
  }

  public String family() {
    return family;
  }

  /** Null when the program runs and can read the filter table, else why not (not installed, IPv6 off, no privilege). */
  public String unavailable() {
    try {
      Result r = run(List.of(iptables, "-w", "5", "-t", "filter", "-S", "FORWARD"), null);
      return r.exitCode == 0 ? null : iptables + ": " + r.output;
    } catch (RuleException e) {
      return e.getMessage();
    }
  }

  /** Installs {@code rules}; stale chains and jumps of another configuration are removed first. */
  public void install(RuleSet rules, boolean ipv4) throws RuleException {
    for (RuleSet.Jump j : RuleSet.allJumps()) {
      if (!rules.jumps().contains(j)) {
        deleteJumps(j);
        deleteChain(j.chain());
      }
    }
    Result r = run(List.of(restore, "-w", "5", "--noflush"), rules.restoreInput(ipv4));
    if (r.exitCode != 0) throw new RuleException(family + ": " + restore + " refused Seawall's rules: " + r.output);
    for (RuleSet.Jump j : rules.jumps()) {
      if (!exists(j)) {
        Result ins = run(List.of(iptables, "-w", "5", "-I", j.builtin(), "1", "-j", j.chain()), null);
        if (ins.exitCode != 0) {
          throw new RuleException(family + ": cannot add the jump " + j.builtin() + " -> " + j.chain() + ": " + ins.output);
        }
      }
    }
  }

  /** Removes every Seawall jump and chain of this family; returns what could not be removed. */
  public List<String> remove() {
    List<String> problems = new ArrayList<>();
    for (RuleSet.Jump j : RuleSet.allJumps()) {
      try {
        deleteJumps(j);
      } catch (RuleException e) {
        problems.add(e.getMessage());
      }
    }
    for (String chain : RuleSet.allChains()) {
      try {
        deleteChain(chain);
      } catch (RuleException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  /** The chains' current text as {@code iptables -S} prints it ("" when absent). */
  public String show(String chain) throws RuleException {
    Result r = run(List.of(iptables, "-w", "5", "-S", chain), null);
    return r.exitCode == 0 ? r.output : "";
  }

  private boolean exists(RuleSet.Jump j) throws RuleException {
    return run(List.of(iptables, "-w", "5", "-C", j.builtin(), "-j", j.chain()), null).exitCode == 0;
  }

  private void deleteJumps(RuleSet.Jump j) throws RuleException {
    for (int i = 0; i < 64 && exists(j); i++) {
      Result r = run(List.of(iptables, "-w", "5", "-D", j.builtin(), "-j", j.chain()), null);
      if (r.exitCode != 0) throw new RuleException(family + ": cannot remove the jump " + j.builtin() + " -> " + j.chain() + ": " + r.output);
    }
  }

  private void deleteChain(String chain) throws RuleException {
    if (run(List.of(iptables, "-w", "5", "-S", chain), null).exitCode != 0) return; // not there
    Result f = run(List.of(iptables, "-w", "5", "-F", chain), null);
    if (f.exitCode != 0) throw new RuleException(family + ": cannot flush chain " + chain + ": " + f.output);
    // FLOW refers to BLOCK: flush every chain first so the deletions below do not depend on order.
    for (String other : RuleSet.allChains()) {
      if (!other.equals(chain)) run(List.of(iptables, "-w", "5", "-F", other), null);
    }
    Result x = run(List.of(iptables, "-w", "5", "-X", chain), null);
    if (x.exitCode != 0) throw new RuleException(family + ": cannot delete chain " + chain + ": " + x.output);
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, String input) throws RuleException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new RuleException("cannot run " + command.getFirst() + ": " + e.getMessage());
    }
    try {
      try (OutputStream in = p.getOutputStream()) {
        if (input != null) in.write(input.getBytes(StandardCharsets.UTF_8));
      }
      byte[] out;
      try (InputStream o = p.getInputStream()) {
        out = o.readAllBytes();
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RuleException(command.getFirst() + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new RuleException(command.getFirst() + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new RuleException(command.getFirst() + " interrupted");
    }
  }
}
