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

/**
 * The clients that use the lab's ordinary internet services from the subscriber side: what must
 * cross the firewall unharmed. The servers are the ones {@code lab/router-lab.sh services} starts
 * (python3 http.server, openssl s_server, dnsmasq, OpenSSH, iperf3); the clients are curl, dig,
 * ssh and iperf3.
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
    this.fileSha256 = sha256(Files.readAllBytes(lab.work().resolve("www/file.bin")));
  }

  /** A test script from src/test/resources/lab. */
  public static String script(String name) {
    try {
      return Path.of(Services.class.getResource("/lab/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until something listens on {@code proto/port} in namespace {@code where}. */
  public void waitPort(String where, String proto, int port) {
    for (int i = 0; i < 100; i++) {
      Netns.Result r = lab.run(where, Duration.ofSeconds(5), "ss", "-H", proto.equals("udp") ? "-uln" : "-tln",
          "sport = :" + port);
      if (r.ok() && !r.out().isBlank()) return;
      sleep(100);
    }
    throw new IllegalStateException("nothing listens on " + proto + "/" + port + " in namespace " + where);
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
    return httpOk("http://" + lab.srv4() + "/file.bin");
  }

  public boolean httpV6() {
    return httpOk("http://[" + lab.srv6() + "]/file.bin");
  }

  public boolean https() {
    return httpOk("https://" + lab.srv4() + "/file.bin", "-k");
  }

  /** DNS over UDP and over TCP. */
  public boolean dns() {
    Netns.Result udp = lab.run(RouterLab.SUB, Duration.ofSeconds(10), "dig", "+time=2", "+tries=2", "+short",
        "@" + lab.srv4(), "www.lab.test", "A");
    Netns.Result tcp = lab.run(RouterLab.SUB, Duration.ofSeconds(10), "dig", "+tcp", "+time=2", "+tries=2", "+short",
        "@" + lab.srv4(), "lab.test", "TXT");
    return udp.out().strip().equals(lab.srv4()) && tcp.out().contains("seawall lab");
  }

  /** An SSH login that runs a command and streams 1 MiB back. */
  public boolean ssh() {
    Netns.Result r = lab.run(RouterLab.SUB, Duration.ofSeconds(30), "ssh", "-i", lab.work().resolve("ssh/id").toString(),
        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
        "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10", "root@" + lab.srv4(),
        "head -c 1048576 /dev/zero | sha256sum");
    return r.ok() && r.out().startsWith("30e14955ebf1352266dc2ff8067e68104607e750abb9d3b36582b8af909fcb58");
  }

  /** iperf3 for {@code seconds}; returns the receiver's bits per second (0 when it failed). */
  public double iperf(boolean udp, int seconds) {
    String[] cmd = udp
        ? new String[] {"iperf3", "-c", lab.srv4(), "-u", "-b", "200M", "-t", Integer.toString(seconds), "-J"}
        : new String[] {"iperf3", "-c", lab.srv4(), "-t", Integer.toString(seconds), "-J"};
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
