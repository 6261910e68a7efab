package dev.seawall.firewall.lab;

import java.io.IOException;
import java.time.Duration;

/**
 * A VPN exit in namespaces: a subscriber ("sub"), the exit router ("rtr", where Seawall runs,
 * masquerading like a VPN exit does) and the internet side ("net": trackers, seeders, servers).
 *
 * <pre>
 *   sub c0 10.77.1.2/24 fd77:1::2/64 ── in0 10.77.1.1 fd77:1::1 [rtr] out0 10.77.2.1 fd77:2::1 ── s0 10.77.2.2/24 fd77:2::2/64 net
 * </pre>
 *
 * The internet side also holds 10.77.2.10-10.77.2.99 (one per seeder or server that needs its own
 * address). Everything lives in namespaces this run created; {@link #close} removes them.
 */
public final class RouterLab implements AutoCloseable {
  public static final String SUB = "sub", RTR = "rtr", NET = "net";
  public static final String SUB_V4 = "10.77.1.2", RTR_IN_V4 = "10.77.1.1", RTR_OUT_V4 = "10.77.2.1", NET_V4 = "10.77.2.2";
  public static final String SUB_V6 = "fd77:1::2", NET_V6 = "fd77:2::2";
  public static final int EXTRA_FIRST = 10, EXTRA_LAST = 99;

  private final Netns ns;

  private RouterLab(Netns ns) {
    this.ns = ns;
  }

  /** Builds the lab; {@code nat} masquerades the subscriber behind out0 (IPv4) as VPN exits do. */
  public static RouterLab up(String tag, boolean nat) throws IOException {
    Netns n = new Netns(tag);
    RouterLab lab = new RouterLab(n);
    try {
      lab.build(nat);
      return lab;
    } catch (RuntimeException e) {
      n.close();
      throw e;
    }
  }

  private void sh(String where, String... cmd) {
    Netns.check(ns.run(where, Duration.ofSeconds(10), cmd), String.join(" ", cmd));
  }

  private void build(boolean nat) {
    for (String n : new String[] {SUB, RTR, NET}) ns.add(n);
    sh(null, "ip", "link", "add", "c0", "netns", ns.name(SUB), "type", "veth", "peer", "name", "in0", "netns", ns.name(RTR));
    sh(null, "ip", "link", "add", "s0", "netns", ns.name(NET), "type", "veth", "peer", "name", "out0", "netns", ns.name(RTR));
    // No IPv6 duplicate address detection: addresses usable at once.
    for (String n : new String[] {SUB, RTR, NET}) {
      sh(n, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
    }
    sh(SUB, "ip", "addr", "add", SUB_V4 + "/24", "dev", "c0");
    sh(SUB, "ip", "-6", "addr", "add", SUB_V6 + "/64", "dev", "c0", "nodad");
    sh(SUB, "ip", "link", "set", "c0", "up");
    sh(RTR, "ip", "addr", "add", RTR_IN_V4 + "/24", "dev", "in0");
    sh(RTR, "ip", "-6", "addr", "add", "fd77:1::1/64", "dev", "in0", "nodad");
    sh(RTR, "ip", "addr", "add", RTR_OUT_V4 + "/24", "dev", "out0");
    sh(RTR, "ip", "-6", "addr", "add", "fd77:2::1/64", "dev", "out0", "nodad");
    sh(RTR, "ip", "link", "set", "in0", "up");
    sh(RTR, "ip", "link", "set", "out0", "up");
    sh(NET, "ip", "addr", "add", NET_V4 + "/24", "dev", "s0");
    for (int i = EXTRA_FIRST; i <= EXTRA_LAST; i++) sh(NET, "ip", "addr", "add", extra(i) + "/24", "dev", "s0");
    sh(NET, "ip", "-6", "addr", "add", NET_V6 + "/64", "dev", "s0", "nodad");
    sh(NET, "ip", "link", "set", "s0", "up");
    sh(SUB, "ip", "route", "add", "default", "via", RTR_IN_V4);
    sh(SUB, "ip", "-6", "route", "add", "default", "via", "fd77:1::1");
    sh(NET, "ip", "route", "add", "default", "via", RTR_OUT_V4);
    sh(NET, "ip", "-6", "route", "add", "default", "via", "fd77:2::1");
    sh(RTR, "sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1");
    if (nat) sh(RTR, "iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "out0", "-j", "MASQUERADE");
    Netns.check(ns.run(SUB, Duration.ofSeconds(10), "ping", "-c1", "-W2", NET_V4), "ping through the router");
  }

  /** Address 10.77.2.{@code i} on the internet side. */
  public static String extra(int i) {
    if (i < EXTRA_FIRST || i > EXTRA_LAST) throw new IllegalArgumentException("no extra address " + i);
    return "10.77.2." + i;
  }

  public Netns ns() {
    return ns;
  }

  public Netns.Result run(String where, Duration timeout, String... cmd) {
    return ns.run(where, timeout, cmd);
  }

  @Override
  public void close() {
    ns.close();
  }
}
