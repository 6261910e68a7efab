package dev.seawall.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.testkit.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped unit and configuration: the unit parses and stays hardened, the example configuration is what the desk reads. */
class PackagingTest {
  static final Path PACKAGING = Path.of(System.getProperty("seawall.root", "..")).resolve("desk/packaging");

  record Run(int exit, String out) {}

  static Run run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  @Test
  void unitIsValidAndHardened() throws Exception {
    Host.requireCommands("systemd-analyze");
    Path unit = PACKAGING.resolve("seawall-desk.service");
    Run verify = run("systemd-analyze", "verify", unit.toString());
    assertThat(verify.out()).as("systemd-analyze verify").doesNotContain("seawall-desk.service:");
    // exposure 0..10 as systemd rates it; the threshold is in tenths. Loosening the sandbox fails here.
    Run security = run("systemd-analyze", "security", "--offline=yes", "--threshold=20", unit.toString());
    assertThat(security.exit()).as(security.out()).isZero();
    assertThat(security.out()).contains("Overall exposure level for seawall-desk.service: 1.");
  }

  @Test
  void exampleConfigurationIsWhatTheDeskReads() throws Exception {
    Path conf = PACKAGING.resolve("desk.conf");
    DeskConfig cfg = DeskConfig.load(ConfigFile.read(conf), Map.of(), Map.of());
    assertThat(cfg.listen().getPort()).isEqualTo(DeskConfig.DEFAULT_PORT);
    // every key the file documents (set or commented out) is one the desk knows
    Pattern key = Pattern.compile("^#?([a-z][a-z-]*|user\\.\\w+|token\\.[\\w-]+) = ");
    int documented = 0;
    for (String line : Files.readAllLines(conf)) {
      Matcher m = key.matcher(line);
      if (!m.find()) continue;
      documented++;
      String k = m.group(1);
      String probe = k.startsWith("user.") || k.startsWith("token.") ? null : k + " = x";
      if (probe == null) continue;
      try {
        DeskConfig.load(ConfigFile.parse("probe", List.of(probe)), Map.of(), Map.of());
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).as(k).doesNotContain("unknown key");
      }
    }
    assertThat(documented).isGreaterThanOrEqualTo(10);
  }
}
