package dev.seawall.netctl.cli;

import static dev.seawall.netctl.lab.Netns.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.netctl.lab.Netns;
import dev.seawall.testkit.Host;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nullroute run} as its own process (the keeper) next to CLI commands in this JVM, sharing one
 * state file: the keeper withdraws a route when it expires, and concurrent writers lose nothing.
 */
@Timeout(120)
class KeeperProcessTest {
  @TempDir Path dir;

  int cli(String... args) {
    CommandLine cl = new CommandLine(new NullRouteCommand());
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    assertThat(exit).as(err.toString()).isZero();
    return exit;
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void keeperWithdrawsExpiredRoutesWhileTheCliWrites() throws Exception {
    Host.requireRoot();
    Host.requireCommands("ip");
    try (Netns ns = new Netns("kp")) {
      String r = ns.add("r");
      Path cfg = dir.resolve("netctl.json");
      Files.writeString(cfg, """
          { "state": "nullroutes.json", "backend": { "type": "kernel", "netns": "%s" },
            "rails": { "ownRanges": ["192.0.2.0/24"], "maxRoutes": 50 },
            "expiryCheck": "200ms", "reconcileEvery": "1s" }
          """.formatted(r));
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process keeper = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          NullRouteCommand.class.getName(), "-c", cfg.toString(), "run").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(keeper.getInputStream()));
        String first = out.readLine();
        assertThat(first).startsWith("nullroute: running; 0 active; kernel (netns " + r + "): ok");
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> {})); // keep its pipe drained

        // the keeper sweeps and reconciles (every 200 ms / 1 s) while these write the same state file
        for (int i = 10; i < 30; i++) cli("-c", cfg.toString(), "add", "192.0.2." + i, "--reason", "load " + i, "--ttl", "1h");
        // after this, no CLI runs again: only the keeper can withdraw the route when it expires
        cli("-c", cfg.toString(), "add", "192.0.2.9", "--reason", "short", "--ttl", "2s");
        assertThat(Netns.sh("ip", "-n", r, "route", "show", "type", "blackhole")).contains("192.0.2.9");
        Path statePath = dir.resolve("nullroutes.json");
        assertThat(within(15, () -> !Netns.sh("ip", "-n", r, "route", "show", "type", "blackhole").contains("192.0.2.9 ")
            && !read(statePath).contains("192.0.2.9/32"))).as("the expired route is withdrawn and forgotten").isTrue();
        String routes = Netns.sh("ip", "-n", r, "route", "show", "type", "blackhole");
        for (int i = 10; i < 30; i++) assertThat(routes).contains("192.0.2." + i + " proto 83");
        String state = Files.readString(dir.resolve("nullroutes.json"));
        for (int i = 10; i < 30; i++) assertThat(state).contains("\"192.0.2." + i + "/32\"");
        assertThat(state).doesNotContain("192.0.2.9/32");
      } finally {
        keeper.destroy();
        assertThat(keeper.waitFor(10, TimeUnit.SECONDS)).as("keeper stops on SIGTERM").isTrue();
      }
      // the keeper leaves routes in place when it stops: null-routes outlive the process that made them
      assertThat(Netns.sh("ip", "-n", r, "route", "show", "type", "blackhole")).contains("192.0.2.29");
    }
  }
}
