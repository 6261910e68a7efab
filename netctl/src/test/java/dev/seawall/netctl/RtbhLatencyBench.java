package dev.seawall.netctl;

import static dev.seawall.netctl.lab.Netns.within;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.netctl.backend.GobgpBackend;
import dev.seawall.netctl.lab.Netns;
import dev.seawall.netctl.lab.RtbhLab;
import dev.seawall.testkit.Host;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (excluded from normal runs; {@code netctl/bench/rtbh-latency.sh} runs it):
 * time from a request to the blackhole route appearing in (and leaving) the edge router's kernel,
 * Seawall's {@code NullRouter} vs the reference tool {@code gobgp global rib add/del} against the same
 * gobgpd and BIRD. The router's {@code ip monitor route} stamps the kernel side.
 */
@Tag("bench")
class RtbhLatencyBench {
  static final int ROUNDS = 20;
  @TempDir Path dir;

  record Event(long nanos, String line) {}

  @Test
  void announceAndWithdrawLatency() throws Exception {
    Host.requireRoot();
    Host.requireCommands("ip", "gobgpd", "gobgp", "bird", "birdc");
    try (RtbhLab lab = new RtbhLab("b", dir)) {
      lab.startBird();
      Path sock = lab.startGobgpd();
      assertThat(within(30, lab::sessionUp)).isTrue();
      Process monitor = new ProcessBuilder("ip", "-n", lab.router, "monitor", "route").redirectErrorStream(true).start();
      BlockingQueue<Event> events = new LinkedBlockingQueue<>();
      Thread reader = Thread.ofPlatform().daemon().start(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(monitor.getInputStream()))) {
          for (String line; (line = r.readLine()) != null; ) events.add(new Event(System.nanoTime(), line));
        } catch (java.io.IOException ignored) {
          // monitor stopped
        }
      });
      List<Double> seawallAdd = new ArrayList<>(), seawallDel = new ArrayList<>(), cliAdd = new ArrayList<>(), cliDel = new ArrayList<>();
      Rails rails = Rails.hostOnly(List.of(Prefix.parse("10.201.2.0/24")), java.util.Map.of(), 100);
      try (NullRouter seawall = new NullRouter(rails, new GobgpBackend("unix://" + sock, null, null, List.of()),
          new StateFile(dir.resolve("state.json")), Clock.systemUTC())) {
        for (int i = 0; i < ROUNDS + 3; i++) { // the first 3 rounds warm up the JVM and are not counted
          String a = "10.201.2." + (100 + i);
          long t0 = System.nanoTime();
          seawall.add(new NullRouteRequest(Prefix.parse(a), "bench", List.of(), Duration.ofHours(1), "bench", false));
          double add = waitFor(events, "blackhole " + a + " ", false, t0);
          t0 = System.nanoTime();
          seawall.remove(new RemoveRequest(Prefix.parse(a), "bench", "bench", false));
          double del = waitFor(events, "blackhole " + a + " ", true, t0);
          if (i >= 3) {
            seawallAdd.add(add);
            seawallDel.add(del);
          }
          String b = "10.201.2." + (150 + i);
          t0 = System.nanoTime();
          Netns.sh("gobgp", "--target", "unix://" + sock, "global", "rib", "add", "-a", "ipv4", b + "/32",
              "nexthop", "0.0.0.0", "community", "65535:666,65535:65281");
          add = waitFor(events, "blackhole " + b + " ", false, t0);
          t0 = System.nanoTime();
          Netns.sh("gobgp", "--target", "unix://" + sock, "global", "rib", "del", "-a", "ipv4", b + "/32");
          del = waitFor(events, "blackhole " + b + " ", true, t0);
          if (i >= 3) {
            cliAdd.add(add);
            cliDel.add(del);
          }
        }
      } finally {
        monitor.destroy();
        monitor.waitFor(5, TimeUnit.SECONDS);
        reader.join(2000);
      }
      System.out.println();
      System.out.printf(Locale.ROOT, "RTBH latency, request -> edge router kernel (ms), %d rounds, gobgpd %s + BIRD in namespaces%n",
          ROUNDS, "3.10");
      System.out.printf(Locale.ROOT, "%-44s %8s %8s %8s%n", "", "median", "min", "max");
      row("Seawall NullRouter.add -> blackhole installed", seawallAdd);
      row("gobgp global rib add -> blackhole installed", cliAdd);
      row("Seawall NullRouter.remove -> route deleted", seawallDel);
      row("gobgp global rib del -> route deleted", cliDel);
    }
  }

  static double waitFor(BlockingQueue<Event> events, String needle, boolean deleted, long t0) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      Event e = events.poll(100, TimeUnit.MILLISECONDS);
      if (e == null) continue;
      if (e.line().contains(needle) && e.line().startsWith("Deleted") == deleted) return (e.nanos() - t0) / 1e6;
    }
    throw new AssertionError("no kernel event for '" + needle + "' (deleted=" + deleted + ") within 10 s");
  }

  static void row(String what, List<Double> ms) {
    List<Double> s = new ArrayList<>(ms);
    Collections.sort(s);
    double median = s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    System.out.printf(Locale.ROOT, "%-44s %8.1f %8.1f %8.1f%n", what, median, s.getFirst(), s.getLast());
  }
}
