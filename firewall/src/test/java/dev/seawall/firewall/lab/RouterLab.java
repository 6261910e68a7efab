package dev.seawall.firewall.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The project's VPN-exit lab ({@code lab/router-lab.sh}): a subscriber ("sub"), the exit router
 * ("rtr", where Seawall runs), and the internet side: servers with opentracker ("srv") and a
 * seeder host ("seed"). This class drives the script and, when asked, masquerades the subscriber
 * behind the router's outside address as VPN exits do. Addresses come from {@code router-lab.sh
 * env}; everything lives in namespaces this run created, removed by {@link #close}.
 */
public final class RouterLab implements AutoCloseable {
  public static final String SUB = "sub", RTR = "rtr", SRV = "srv", SEED = "seed";

  private final Netns ns;
  private final Path script;
  private final Path work;
  private final Map<String, String> env = new HashMap<>();
  private boolean up;

  private RouterLab(Netns ns, Path script, Path work) {
    this.ns = ns;
    this.script = script;
    this.work = work;
  }

  /** The repository root (the build passes it; else the working directory's parent). */
  public static Path repositoryRoot() {
    String root = System.getProperty("seawall.root");
    return (root != null ? Path.of(root) : Path.of("..")).toAbsolutePath().normalize();
  }

  /**
   * Builds the lab and starts its servers (tracker, HTTP, HTTPS, DNS, SSH, iperf3).
   *
   * @param tag one letter naming the test class
   * @param nat masquerade the subscriber behind out0 (IPv4), as a VPN exit does
   */
  public static RouterLab up(char tag, boolean nat) throws IOException {
    Netns n = new Netns(tag);
    Path work = Files.createDirectories(n.dir().resolve("lab"));
    RouterLab lab = new RouterLab(n, repositoryRoot().resolve("lab/router-lab.sh"), work);
    try {
      lab.start(nat);
      return lab;
    } catch (RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  private void start(boolean nat) {
    if (!Files.isExecutable(script)) throw new IllegalStateException(script + " is missing");
    for (String s : new String[] {SUB, RTR, SRV, SEED, "isw"}) ns.track(s);
    up = true;
    Netns.check(ns.run(null, Duration.ofSeconds(60), script.toString(), "up", ns.prefix()), "router-lab.sh up");
    Netns.check(ns.run(null, Duration.ofSeconds(90), script.toString(), "services", ns.prefix(), work.toString()),
        "router-lab.sh services");
    Netns.Result e = ns.run(null, Duration.ofSeconds(10), script.toString(), "env", ns.prefix());
    Netns.check(e, "router-lab.sh env");
    for (String token : e.out().split("\\s+")) {
      int eq = token.indexOf('=');
      if (eq > 0) env.put(token.substring(0, eq), token.substring(eq + 1));
    }
    if (nat) {
      Netns.check(ns.run(RTR, Duration.ofSeconds(10), "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "out0", "-j",
          "MASQUERADE"), "masquerade");
    }
  }

  /** An address from {@code router-lab.sh env}: SUB4, SRV4, SEED4, SUB6, SRV6, SEED6, ... */
  public String address(String key) {
    String v = env.get(key);
    if (v == null) throw new IllegalArgumentException("router-lab.sh env has no " + key + ": " + env);
    return v;
  }

  public String sub4() {
    return address("SUB4");
  }

  public String srv4() {
    return address("SRV4");
  }

  public String srv6() {
    return address("SRV6");
  }

  public String seed4() {
    return address("SEED4");
  }

  public String seed6() {
    return address("SEED6");
  }

  /** The script's work directory: www/, ssh/, trk/whitelist, pids/, logs/. */
  public Path work() {
    return work;
  }

  public Path script() {
    return script;
  }

  public Netns ns() {
    return ns;
  }

  public Netns.Result run(String where, Duration timeout, String... cmd) {
    return ns.run(where, timeout, cmd);
  }

  @Override
  public void close() {
    if (up) {
      ns.run(null, Duration.ofSeconds(30), script.toString(), "stop", ns.prefix(), work.toString());
    }
    ns.killProcesses();
    if (up) {
      Netns.Result r = ns.run(null, Duration.ofSeconds(60), script.toString(), "down", ns.prefix());
      if (!r.ok()) System.err.println("router-lab.sh down " + ns.prefix() + ": " + r);
      // Whatever the script left (it should leave nothing) is still ours to remove.
      for (String s : new String[] {SUB, RTR, SRV, SEED, "isw"}) {
        if (Files.exists(Path.of("/run/netns", ns.name(s)))) {
          System.err.println("router-lab.sh down left " + ns.name(s) + ": deleting it");
          ns.run(null, Duration.ofSeconds(10), "ip", "netns", "del", ns.name(s));
        }
      }
    }
    ns.deleteDir();
  }
}
