package dev.seawall.netctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.netctl.lab.Netns;
import dev.seawall.testkit.Host;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code seawall nullroute} as an operator types it, with the kernel backend in a namespace. */
class NullRouteCommandTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter(), err = new StringWriter();
    CommandLine cl = new CommandLine(new NullRouteCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void addListRemoveWithDryRunAndRefusals() throws Exception {
    Host.requireRoot();
    Host.requireCommands("ip");
    try (Netns ns = new Netns("cl")) {
      String r = ns.add("r");
      Path cfg = dir.resolve("netctl.json");
      Files.writeString(cfg, """
          { "state": "nullroutes.json",
            "backend": { "type": "kernel", "netns": "%s" },
            "rails": { "ownRanges": ["192.0.2.0/24"], "neverBlackhole": { "192.0.2.53/32": "resolver" }, "maxRoutes": 5 } }
          """.formatted(r));
      String c = cfg.toString();

      Run dry = run("-c", c, "add", "192.0.2.7", "--reason", "3 notices", "--notice", "N-1", "--notice", "N-2", "--dry-run");
      assertThat(dry.exit()).isZero();
      assertThat(dry.out()).startsWith("dry run: would announce 192.0.2.7/32").contains("notices: N-1,N-2");
      assertThat(Netns.sh("ip", "-n", r, "route", "show", "type", "blackhole")).isEmpty();

      Run add = run("-c", c, "add", "192.0.2.7", "--reason", "3 notices", "--notice", "N-1", "--ttl", "2d", "--by", "alice");
      assertThat(add.exit()).as(add.err()).isZero();
      assertThat(add.out()).startsWith("announced 192.0.2.7/32").contains("by alice");
      assertThat(Netns.sh("ip", "-n", r, "route", "show", "type", "blackhole")).contains("192.0.2.7 proto 83");

      Run refused = run("-c", c, "add", "192.0.2.53", "--reason", "x");
      assertThat(refused.exit()).isEqualTo(NullRouteCommand.REFUSED);
      assertThat(refused.err()).contains("refused: 192.0.2.53/32 is on the never-blackhole list (192.0.2.53/32: resolver)");

      Run list = run("-c", c, "list");
      assertThat(list.out()).contains("1 active null-route(s); kernel (netns " + r + "): ok").contains("192.0.2.7/32").contains("reason: 3 notices");

      Run rmDry = run("-c", c, "remove", "192.0.2.7", "--reason", "resolved", "--dry-run");
      assertThat(rmDry.out()).startsWith("dry run: would withdraw 192.0.2.7/32");
      Run rm = run("-c", c, "remove", "192.0.2.7", "--reason", "resolved");
      assertThat(rm.exit()).isZero();
      assertThat(Netns.sh("ip", "-n", r, "route", "show", "type", "blackhole")).isEmpty();
      assertThat(run("-c", c, "remove", "192.0.2.7", "--reason", "again").err()).contains("not active");

      Run badPrefix = run("-c", c, "add", "192.0.2.999", "--reason", "x");
      assertThat(badPrefix.exit()).isEqualTo(2);
      assertThat(badPrefix.err()).contains("octet 999 is larger than 255");
      Run badTtl = run("-c", c, "add", "192.0.2.8", "--reason", "x", "--ttl", "forever");
      assertThat(badTtl.err()).contains("--ttl: 'forever' is not a duration");
    }
  }

  @Test
  void missingOrBrokenConfigIsExitOneWithTheReason() throws Exception {
    Run missing = run("-c", dir.resolve("none.json").toString(), "list");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("none.json does not exist");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"state\": \"s.json\", \"backend\": {\"type\": \"kernel\"}, \"rails\": {\"ownRanges\": []}}");
    Run broken = run("-c", bad.toString(), "list");
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.err()).contains("ownRanges is empty");
  }
}
