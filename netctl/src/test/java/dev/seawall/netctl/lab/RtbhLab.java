package dev.seawall.netctl.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small provider network in namespaces: a client, an edge router running BIRD, a server with
 * several addresses, and a controller namespace for the BGP speaker Seawall drives (gobgpd or
 * ExaBGP). BIRD accepts only /32 and /128 routes carrying BLACKHOLE (65535:666) from the controller
 * and installs them as kernel blackhole routes — the router-side rail of RTBH.
 *
 * <pre>
 *   client 10.201.1.2 ── 10.201.1.1 router 10.201.2.1 ── server 10.201.2.2, .3, .4
 *   2001:db8:1::2                      (2001:db8:{1,2}::1)     2001:db8:2::2, ::3
 *                                   10.201.9.2, 2001:db8:9::2
 *                                       │ BGP over IPv4 and over IPv6 (AS 65001 ← AS 65000)
 *                         controller 10.201.9.1, 2001:db8:9::1
 * </pre>
 */
public final class RtbhLab implements AutoCloseable {
  public static final String ROUTER_BGP = "10.201.9.2";
  public static final String CONTROLLER = "10.201.9.1";

  public final Netns ns;
  public final String client;
  public final String router;
  public final String server;
  public final String controller;
  public final Path dir;
  private Process bird;
  private Process speaker;
  private Path pipes;

  public RtbhLab(String purpose, Path dir) {
    this.dir = dir;
    this.ns = new Netns(purpose);
    boolean ok = false;
    try {
      client = ns.add("c");
      router = ns.add("r");
      server = ns.add("s");
      controller = ns.add("g");
      String t = ns.tag();
      ns.link(client, t + "c0", "10.201.1.2/24", router, t + "r0", "10.201.1.1/24");
      ns.link(server, t + "s0", "10.201.2.2/24", router, t + "r1", "10.201.2.1/24");
      ns.link(controller, t + "g0", "10.201.9.1/30", router, t + "r2", "10.201.9.2/30");
      Netns.sh("ip", "-n", server, "addr", "add", "10.201.2.3/24", "dev", t + "s0");
      Netns.sh("ip", "-n", server, "addr", "add", "10.201.2.4/24", "dev", t + "s0");
      v6(client, t + "c0", "2001:db8:1::2/64");
      v6(router, t + "r0", "2001:db8:1::1/64");
      v6(router, t + "r1", "2001:db8:2::1/64");
      v6(server, t + "s0", "2001:db8:2::2/64");
      v6(server, t + "s0", "2001:db8:2::3/64");
      v6(router, t + "r2", "2001:db8:9::2/64");
      v6(controller, t + "g0", "2001:db8:9::1/64");
      Netns.sh("ip", "-n", client, "-6", "route", "add", "default", "via", "2001:db8:1::1");
      Netns.sh("ip", "-n", server, "-6", "route", "add", "default", "via", "2001:db8:2::1");
      ns.exec(router, "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
      Netns.sh("ip", "-n", client, "route", "add", "default", "via", "10.201.1.1");
      Netns.sh("ip", "-n", server, "route", "add", "default", "via", "10.201.2.1");
      ns.exec(router, "sysctl", "-qw", "net.ipv4.ip_forward=1");
      ok = true;
    } finally {
      if (!ok) ns.close();
    }
  }

  private static void v6(String ns, String dev, String cidr) {
    Netns.sh("ip", "-n", ns, "-6", "addr", "add", cidr, "dev", dev, "nodad");
  }

  public Path birdSocket() {
    return dir.resolve("bird.ctl");
  }

  /** Starts BIRD in the router namespace, peering with the controller. */
  public void startBird() throws IOException {
    Path conf = dir.resolve("bird.conf");
    Files.writeString(conf, """
        router id 10.201.9.2;
        protocol device { }
        # RTBH import rail: host routes only, and only with the BLACKHOLE community (RFC 7999)
        filter rtbh_in {
          if net.type = NET_IP4 && net.len = 32 && (65535, 666) ~ bgp_community then { dest = RTD_BLACKHOLE; accept; }
          if net.type = NET_IP6 && net.len = 128 && (65535, 666) ~ bgp_community then { dest = RTD_BLACKHOLE; accept; }
          reject;
        }
        protocol bgp controller {
          local 10.201.9.2 as 65001;
          neighbor 10.201.9.1 as 65000;
          connect delay time 1;
          connect retry time 2;
          error wait time 1, 2;
          ipv4 { import filter rtbh_in; export none; import limit 100 action block; };
        }
        protocol bgp controller6 {
          local 2001:db8:9::2 as 65001;
          neighbor 2001:db8:9::1 as 65000;
          connect delay time 1;
          connect retry time 2;
          error wait time 1, 2;
          ipv6 { import filter rtbh_in; export none; import limit 100 action block; };
        }
        protocol kernel kernel4 { ipv4 { export where source = RTS_BGP; import none; }; }
        protocol kernel kernel6 { ipv6 { export where source = RTS_BGP; import none; }; }
        """);
    bird = ns.start(router, dir.resolve("bird.log"), "bird", "-f", "-c", conf.toString(),
        "-s", birdSocket().toString(), "-P", dir.resolve("bird.pid").toString());
  }

  /** Runs a birdc command against the lab's BIRD. */
  public String birdc(String... command) {
    List<String> c = new ArrayList<>(List.of("birdc", "-s", birdSocket().toString()));
    c.addAll(List.of(command));
    return Netns.sh(c.toArray(String[]::new));
  }

  public boolean sessionUp() {
    return sessionUp("controller");
  }

  /** True when BIRD's BGP protocol {@code name} ("controller", "controller6") is Established. */
  public boolean sessionUp(String name) {
    try {
      return birdc("show", "protocols", name).contains("Established");
    } catch (IllegalStateException e) {
      return false;
    }
  }

  /** The kernel blackhole routes BIRD installed in the router namespace, as printed by ip. */
  public String routerBlackholes() {
    return Netns.sh("ip", "-n", router, "route", "show", "type", "blackhole");
  }

  /** Starts gobgpd in the controller namespace with its API on a unix socket (reachable from any netns). */
  public Path startGobgpd() throws IOException {
    Path conf = dir.resolve("gobgpd.toml");
    Files.writeString(conf, """
        [global.config]
          as = 65000
          router-id = "10.201.9.1"
          port = -1
        [[neighbors]]
          [neighbors.config]
            neighbor-address = "10.201.9.2"
            peer-as = 65001
          [neighbors.transport.config]
            local-address = "10.201.9.1"
          [neighbors.timers.config]
            connect-retry = 1
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv4-unicast"
        [[neighbors]]
          [neighbors.config]
            neighbor-address = "2001:db8:9::2"
            peer-as = 65001
          [neighbors.transport.config]
            local-address = "2001:db8:9::1"
          [neighbors.timers.config]
            connect-retry = 1
          [[neighbors.afi-safis]]
            [neighbors.afi-safis.config]
              afi-safi-name = "ipv6-unicast"
        """);
    Path sock = dir.resolve("gobgpd.sock");
    Files.deleteIfExists(sock);
    speaker = ns.start(controller, dir.resolve("gobgpd.log"), "gobgpd", "-f", conf.toString(), "-t", "toml",
        "--api-hosts", "unix://" + sock, "--pprof-disable");
    if (!Netns.within(10, () -> Files.exists(sock))) throw new IllegalStateException("gobgpd did not open " + sock + ": see " + dir.resolve("gobgpd.log"));
    return sock;
  }

  /**
   * Starts ExaBGP in the controller namespace with its command pipes at {@code /run/exabgp/NAME.{in,out}}
   * (a folder ExaBGP searches); returns the pipe path without suffix. The pipes are removed by close().
   */
  public Path startExabgp() throws IOException {
    Path conf = dir.resolve("exabgp.conf");
    Files.writeString(conf, """
        neighbor 10.201.9.2 {
          router-id 10.201.9.1;
          local-address 10.201.9.1;
          local-as 65000;
          peer-as 65001;
          family { ipv4 unicast; }
        }
        """);
    String name = ns.tag() + "exa";
    Path run = Path.of("/run/exabgp");
    Files.createDirectories(run);
    pipes = run.resolve(name);
    for (String suffix : List.of(".in", ".out")) {
      Files.deleteIfExists(run.resolve(name + suffix));
      Netns.sh("mkfifo", "-m", "600", run.resolve(name + suffix).toString());
    }
    speaker = ns.start(controller, dir.resolve("exabgp.log"), "env", "exabgp.daemon.user=root", "exabgp.daemon.daemonize=false",
        "exabgp.api.cli=true", "exabgp.api.ack=true", "exabgp.api.pipename=" + name, "exabgp.log.destination=stdout",
        "exabgp.daemon.pid=", "exabgp", conf.toString());
    return pipes;
  }

  /** Stops the BGP speaker (gobgpd or ExaBGP) started by this lab. */
  public void stopSpeaker() {
    if (speaker != null) Netns.stop(speaker);
    speaker = null;
  }

  public void setSpeaker(Process p) {
    speaker = p;
  }

  public String log(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (IOException e) {
      return "(no " + name + ")";
    }
  }

  @Override
  public void close() {
    ns.close();
    if (pipes != null) {
      for (String suffix : List.of(".in", ".out")) {
        try {
          Files.deleteIfExists(pipes.resolveSibling(pipes.getFileName() + suffix));
        } catch (IOException ignored) {
          // nothing else to do
        }
      }
    }
  }
}
