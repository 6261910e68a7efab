package dev.seawall.firewall.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

/**
 * The ordinary internet services of the lab (on {@link RouterLab#NET_V4} and {@link
 * RouterLab#NET_V6}) and the clients that use them from the subscriber side: what must cross the
 * firewall unharmed. Real programs from Debian packages: python3 http.server, openssl s_server,
 * dnsmasq, OpenSSH, iperf3, curl, dig.
 */
public final class Services {
  public static final String PY = "/usr/bin/python3";
  private final RouterLab lab;
  private final Path dir;
  private String fileSha256;

  public Services(RouterLab lab) throws IOException {
    this.lab = lab;
    this.dir = Files.createTempDirectory(lab.ns().dir(), "services");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A test script from src/test/resources/lab. */
  public static String script(String name) {
    try {
      return Path.of(Services.class.getResource("/lab/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path log(String name) {
    return dir.resolve(name + ".log");
  }

  /** HTTP on port 80 (IPv4 and IPv6) serving a 2 MiB random file; HTTPS on 443. */
  public void startWeb() throws IOException {
    Path www = Files.createDirectories(dir.resolve("www"));
    byte[] data = new byte[2 << 20];
    new Random(42).nextBytes(data);
    Files.write(www.resolve("file.bin"), data);
    fileSha256 = sha256(data);
    lab.ns().spawn(RouterLab.NET, log("http"), "sh", "-c",
        "cd " + www + " && exec " + PY + " -m http.server 80 --bind ::");
    Netns.check(lab.run(RouterLab.NET, Duration.ofSeconds(20), "openssl", "req", "-x509", "-newkey", "rsa:2048",
        "-nodes", "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(), "-days",
        "2", "-subj", "/CN=lab.test"), "openssl req");
    lab.ns().spawn(RouterLab.NET, log("https"), "sh", "-c", "cd " + www + " && exec openssl s_server -accept 443 -cert "
        + dir.resolve("cert.pem") + " -key " + dir.resolve("key.pem") + " -WWW -quiet");
    waitPort("tcp", 80);
    waitPort("tcp", 443);
  }

  /** dnsmasq answering for lab.test on port 53 (UDP and TCP). */
  public void startDns() {
    lab.ns().spawn(RouterLab.NET, log("dns"), "dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--no-resolv",
        "--no-hosts", "--bind-interfaces", "--listen-address=" + RouterLab.NET_V4, "--port=53", "--user=root",
        "--pid-file=", "--host-record=www.lab.test," + RouterLab.NET_V4, "--txt-record=lab.test,seawall lab");
    waitPort("udp", 53);
  }

  /** OpenSSH on port 22 with a throwaway host key; the subscriber logs in with a throwaway key. */
  public void startSsh() throws IOException {
    Path hostKey = dir.resolve("hostkey"), userKey = dir.resolve("id");
    Netns.check(lab.run(null, Duration.ofSeconds(20), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()), "ssh-keygen");
    Netns.check(lab.run(null, Duration.ofSeconds(20), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", userKey.toString()), "ssh-keygen");
    Files.copy(dir.resolve("id.pub"), dir.resolve("authorized_keys"));
    Files.setPosixFilePermissions(dir.resolve("authorized_keys"), PosixFilePermissions.fromString("rw-------"));
    Files.createDirectories(Path.of("/run/sshd"));
    Files.writeString(dir.resolve("sshd_config"), String.join("\n",
        "ListenAddress " + RouterLab.NET_V4, "Port 22", "HostKey " + hostKey, "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
        "PermitRootLogin prohibit-password", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
        "UsePAM no", "StrictModes no", "PidFile none", "UseDNS no", "") );
    lab.ns().spawn(RouterLab.NET, log("sshd"), "/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString());
    waitPort("tcp", 22);
  }

  /** iperf3 server on 5201 (bounded: an abandoned test leaves no busy server). */
  public void startIperf() {
    lab.ns().spawn(RouterLab.NET, log("iperf3"), "iperf3", "-s", "--idle-timeout", "60", "--rcv-timeout", "5000");
    waitPort("tcp", 5201);
  }

  public void waitPort(String proto, int port) {
    for (int i = 0; i < 100; i++) {
      Netns.Result r = lab.run(RouterLab.NET, Duration.ofSeconds(5), "ss", "-H", proto.equals("udp") ? "-uln" : "-tln",
          "sport = :" + port);
      if (r.ok() && !r.out().isBlank()) return;
      sleep(100);
    }
    throw new IllegalStateException("nothing listens on " + proto + "/" + port + " in the internet namespace");
  }

  // ---- clients, from the subscriber -------------------------------------------------------------

  /** Downloads the 2 MiB file; true when it arrived intact. */
  public boolean httpOk(String url, String... extra) {
    String[] cmd = new String[6 + extra.length];
    cmd[0] = "curl";
    cmd[1] = "-sS";
    cmd[2] = "-m";
    cmd[3] = "15";
    System.arraycopy(extra, 0, cmd, 4, extra.length);
    cmd[4 + extra.length] = "-o";
    Path out = dir.resolve("download-" + System.nanoTime());
    cmd[5 + extra.length] = out.toString();
    String[] full = java.util.Arrays.copyOf(cmd, cmd.length + 1);
    full[cmd.length] = url;
    Netns.Result r = lab.run(RouterLab.SUB, Duration.ofSeconds(20), full);
    try {
      return r.ok() && Files.exists(out) && sha256(Files.readAllBytes(out)).equals(fileSha256);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      out.toFile().delete();
    }
  }

  public boolean httpV4() {
    return httpOk("http://" + RouterLab.NET_V4 + "/file.bin");
  }

  public boolean httpV6() {
    return httpOk("http://[" + RouterLab.NET_V6 + "]/file.bin");
  }

  public boolean https() {
    return httpOk("https://" + RouterLab.NET_V4 + "/file.bin", "-k");
  }

  /** DNS over UDP and over TCP. */
  public boolean dns() {
    Netns.Result udp = lab.run(RouterLab.SUB, Duration.ofSeconds(10), "dig", "+time=2", "+tries=2", "+short",
        "@" + RouterLab.NET_V4, "www.lab.test", "A");
    Netns.Result tcp = lab.run(RouterLab.SUB, Duration.ofSeconds(10), "dig", "+tcp", "+time=2", "+tries=2", "+short",
        "@" + RouterLab.NET_V4, "lab.test", "TXT");
    return udp.out().strip().equals(RouterLab.NET_V4) && tcp.out().contains("seawall lab");
  }

  /** An SSH login that runs a command and streams 1 MiB back. */
  public boolean ssh() {
    Netns.Result r = lab.run(RouterLab.SUB, Duration.ofSeconds(30), "ssh", "-i", dir.resolve("id").toString(),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
        "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "root@" + RouterLab.NET_V4,
        "head -c 1048576 /dev/zero | sha256sum");
    return r.ok() && r.out().startsWith("30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58");
  }

  /** iperf3 for {@code seconds}; returns the receiver's bits per second (0 when it failed). */
  public double iperf(boolean udp, int seconds) {
    String[] cmd = udp
        ? new String[] {"iperf3", "-c", RouterLab.NET_V4, "-u", "-b", "200M", "-t", Integer.toString(seconds), "-J"}
        : new String[] {"iperf3", "-c", RouterLab.NET_V4, "-t", Integer.toString(seconds), "-J"};
    Netns.Result r = lab.run(RouterLab.SUB, Duration.ofSeconds(seconds + 20), cmd);
    if (!r.ok()) return 0;
    String key = udp ? "\"sum\"" : "\"sum_received\"";
    int i = r.out().lastIndexOf(key);
    if (i < 0) return 0;
    int b = r.out().indexOf("\"bits_per_second\"", i);
    String v = r.out().substring(r.out().indexOf(':', b) + 1).strip();
    return Double.parseDouble(v.substring(0, v.indexOf(v.contains(",") ? ',' : '\n')).strip());
  }

  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
