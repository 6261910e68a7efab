package dev.seawall.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.Confidence;
import dev.seawall.firewall.lab.Packaging;
import dev.seawall.firewall.rules.RuleSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Flags, the configuration file and the packaging files agree with each other. */
class FirewallCommandTest {
  static final Path PACKAGING = Path.of("packaging");
  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine cl = new CommandLine(new FirewallCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static FirewallConfig parse(String... args) {
    FirewallCommand c = new FirewallCommand();
    new CommandLine(c).parseArgs(args);
    return c.toConfig();
  }

  @Test
  void defaults() {
    FirewallConfig c = parse();
    assertThat(c.firstQueue()).isZero();
    assertThat(c.lastQueue()).isZero();
    assertThat(c.failOpen()).isTrue();
    assertThat(c.blockConfidence()).containsExactlyInAnyOrder(Confidence.SIGNATURE, Confidence.CORRELATED);
    assertThat(c.hooks()).containsExactly(RuleSet.Hook.forward);
    assertThat(c.metrics().getPort()).isEqualTo(9108);
    assertThat(c.metrics().getAddress().isLoopbackAddress()).isTrue();
    c = parse("--queues", "2-5", "--fail-closed", "--block-confidence", "signature", "--metrics", "off",
        "--exempt", "10.0.0.0/8,tcp:22", "--learned-peer-ttl", "1h");
    assertThat(c.queueCount()).isEqualTo(4);
    assertThat(c.failOpen()).isFalse();
    assertThat(c.metrics()).isNull();
    assertThat(c.exemptions()).hasSize(2);
    assertThat(c.learnedPeerTtl()).hasHours(1);
  }

  @Test
  void badFlagsAreUsageErrorsNamingTheProblem() {
    Run r = run("--queues", "three", "--print-rules");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--queues must be N or N-M");
    r = run("--mark-mask", "0x5", "--print-rules");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("two adjacent bits");
    r = run("--block-confidence", "strong", "--print-rules");
    assertThat(r.err()).contains("unknown level 'strong'");
    r = run("--fail-open", "--fail-closed");
    assertThat(r.exit()).isEqualTo(2);
  }

  /** Every option is documented in the shipped configuration file, which holds the defaults. */
  @Test
  void shippedConfigurationDocumentsEveryOptionAtItsDefault() throws Exception {
    Path conf = PACKAGING.resolve("firewall.conf");
    Set<String> keys = new LinkedHashSet<>();
    for (ConfigFile.Entry e : ConfigFile.read(conf)) keys.add(e.key());
    CommandLine cl = new CommandLine(new FirewallCommand());
    for (OptionSpec o : cl.getCommandSpec().options()) {
      String key = o.longestName().substring(2);
      if (List.of("help", "version", "config", "print-rules").contains(key)) continue;
      if (key.equals("fail-closed")) continue; // documented beside fail-open, one of the two
      assertThat(keys).as("firewall.conf documents --%s", key).contains(key);
    }
    Run withFile = run("--config", conf.toString(), "--print-rules");
    Run without = run("--print-rules");
    assertThat(withFile.exit()).as(withFile.err()).isZero();
    assertThat(withFile.out()).isEqualTo(without.out());
  }

  @Test
  void fileValuesApplyAndFlagsReplaceThem() throws Exception {
    Path conf = tmp.resolve("fw.conf");
    Files.writeString(conf, """
        # a comment
        queues = 0-3
        fail-closed = true
        exempt = 192.0.2.0/24, tcp:22   # trailing comment
        inside-interface = wg0
        """);
    Run r = run("--config", conf.toString(), "--print-rules");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("--queue-balance 0:3\n", "-s 192.0.2.0/24 -j RETURN", "--ctorigdstport 22",
        "-i wg0 -g SEAWALL-FLOW").doesNotContain("bypass");
    r = run("--config", conf.toString(), "--queues", "7", "--fail-open", "--exempt", "tcp:2222", "--print-rules");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("--queue-num 7 --queue-bypass", "--ctorigdstport 2222").doesNotContain("192.0.2.0");
  }

  @picocli.CommandLine.Command(name = "seawall")
  static final class Root implements Runnable {
    public void run() {}
  }

  /** As a subcommand (how `seawall firewall` runs), only its own arguments are merged with the file. */
  @Test
  void configFileWorksUnderTheParentCommand() throws Exception {
    Path conf = tmp.resolve("sub.conf");
    Files.writeString(conf, "queues = 0-3\nexempt = 192.0.2.0/24\ntcp-reset = true\n");
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine root = new CommandLine(new Root()).addSubcommand("firewall", new FirewallCommand());
    root.setOut(new PrintWriter(out));
    root.setErr(new PrintWriter(err));
    int exit = root.execute("firewall", "--config", conf.toString(), "--queues", "4-5", "--no-ipv6",
        "--exempt", "tcp:22,udp:53", "--print-rules");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("--queue-balance 4:5", "--ctorigdstport 22", "--ctorigdstport 53")
        .doesNotContain("192.0.2.0");
  }

  @Test
  void configurationErrorsNameFileAndLine() throws Exception {
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, "queues = 0\nmark-mask = 0x3\nbogus = 1\n");
    Run r = run("--config", conf.toString(), "--print-rules");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(conf + ":3: unknown setting 'bogus'");
    Files.writeString(conf, "queues = 0\n\noffload-after = lots\n");
    r = run("--config", conf.toString(), "--print-rules");
    assertThat(r.err()).contains(conf + ":3:").contains("offload-after");
    Files.writeString(conf, "queues = 9-1\n");
    r = run("--config", conf.toString(), "--print-rules");
    assertThat(r.err()).contains(conf + ":1:");
    Files.writeString(conf, "just words\n");
    r = run("--config", conf.toString(), "--print-rules");
    assertThat(r.err()).contains(conf + ":1: expected 'key = value'");
    r = run("--config", tmp.resolve("missing.conf").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("cannot read");
  }

  /** The unit grants exactly the two capabilities the daemon needs, and starts it with the shipped file. */
  @Test
  void systemdUnitGrantsOnlyWhatIsNeeded() throws Exception {
    String unit = Packaging.unit();
    assertThat(Packaging.capabilities(unit, "AmbientCapabilities")).containsExactlyInAnyOrder("CAP_NET_ADMIN", "CAP_NET_RAW");
    assertThat(Packaging.capabilities(unit, "CapabilityBoundingSet")).containsExactlyInAnyOrder("CAP_NET_ADMIN", "CAP_NET_RAW");
    assertThat(unit).contains("firewall --config /etc/seawall/firewall.conf", "--enable-native-access=ALL-UNNAMED",
        "NoNewPrivileges=yes", "User=seawall", "KillSignal=SIGTERM");
    assertThat(unit).doesNotContain("User=root");
  }
}
