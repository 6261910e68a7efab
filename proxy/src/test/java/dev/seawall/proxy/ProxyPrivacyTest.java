package dev.seawall.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.passwords.PasswordHash;
import dev.seawall.proxy.auth.UsersFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No user address, port, name, destination or info-hash reaches what {@code seawall proxy} prints,
 * writes or exports, after it has relayed clean traffic and refused BitTorrent, a court-ordered
 * domain, a wrong password and malformed messages whose addresses, ports, names and info-hash are
 * known. The proxy runs as a process of its own, in an empty working and temporary directory.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ProxyPrivacyTest {
  /** Clients come from here and the destination listens there: addresses nobody else uses. */
  static final InetAddress CLIENT = address("127.0.0.5"), DESTINATION = address("127.0.0.3");
  static final String USER = "alice-privacy", STRANGER = "mallory-privacy", DOMAIN = "secret-site.test";

  @Test
  void nothingAboutAUserIsPrintedWrittenOrExported(@TempDir Path dir) throws Exception {
    Path users = dir.resolve("users"), blocklist = dir.resolve("blocklist.txt");
    Path run = Files.createDirectory(dir.resolve("run")), tmp = Files.createDirectory(dir.resolve("tmp"));
    UsersFile.put(users, USER, PasswordHash.create("right pw".toCharArray(), 1_000));
    Files.writeString(blocklist, DOMAIN + "\n");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:-UsePerfData", "-Djava.io.tmpdir=" + tmp, "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), ProxyMain.class.getName(),
        "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0", "--users", users.toString(),
        "--blocklist", blocklist.toString(), "--allow", "127.0.0.0/8")
        .directory(run.toFile()).redirectErrorStream(true).start();
    StringBuffer out = new StringBuffer();
    Thread reader = Thread.ofPlatform().daemon().start(() -> copy(p.getInputStream(), out));
    List<Integer> clientPorts = new ArrayList<>();
    String metrics, health;
    int destinationPort;
    try (Echo echo = new Echo()) {
      destinationPort = echo.port();
      InetSocketAddress socks = new InetSocketAddress("127.0.0.1", port(out, "listening on \\[/127\\.0\\.0\\.1:(\\d+)"));
      int metricsPort = port(out, "metrics on /127\\.0\\.0\\.1:(\\d+)");

      try (RawSocks c = new RawSocks(socks, CLIENT)) { // clean: relayed
        clientPorts.add(c.s.getLocalPort());
        assertThat(login(c, USER, "right pw")).isZero();
        assertThat(c.command(1, DESTINATION, destinationPort)).isZero();
        c.send("hello from a private user".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(c.read(25), StandardCharsets.US_ASCII)).isEqualTo("hello from a private user");
      }
      try (RawSocks c = new RawSocks(socks, CLIENT)) { // BitTorrent: refused
        clientPorts.add(c.s.getLocalPort());
        assertThat(login(c, USER, "right pw")).isZero();
        assertThat(c.command(1, DESTINATION, destinationPort)).isZero();
        c.send(BitTorrentRefusalTest.handshake());
        assertThat(c.closedByProxy()).isTrue();
      }
      try (RawSocks c = new RawSocks(socks, CLIENT)) { // court-ordered domain: refused
        clientPorts.add(c.s.getLocalPort());
        assertThat(login(c, USER, "right pw")).isZero();
        byte[] name = DOMAIN.getBytes(StandardCharsets.US_ASCII);
        c.send(5, 1, 0, 3, name.length).send(name).send(443 >> 8, 443 & 0xff);
        assertThat(c.readReply()[1]).isNotZero();
      }
      for (String[] cred : new String[][] {{USER, "wrong pw"}, {STRANGER, "any pw"}}) { // refused logins
        try (RawSocks c = new RawSocks(socks, CLIENT)) {
          clientPorts.add(c.s.getLocalPort());
          assertThat(login(c, cred[0], cred[1])).isNotZero();
          assertThat(c.closedByProxy()).isTrue();
        }
      }
      try (RawSocks c = new RawSocks(socks, CLIENT)) { // malformed
        clientPorts.add(c.s.getLocalPort());
        c.send(0x47, 0x45, 0x54, 0x20, 0x2f);
        assertThat(c.closedByProxy()).isTrue();
      }
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      metrics = get(http, metricsPort, "/metrics");
      health = get(http, metricsPort, "/health");
      assertThat(metrics).contains("seawall_proxy_bittorrent_refused_total")
          .contains("reason=\"auth_failed\"").contains("reason=\"blocklist_domain\"");
    } finally {
      p.destroy(); // SIGTERM: the normal way to stop it
      if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly();
    }
    reader.join(5_000);
    String log = out.toString();
    assertThat(log).as("the log was read whole").contains("listening on");

    String infoHash = HexFormat.of().formatHex(java.util.Arrays.copyOfRange(BitTorrentRefusalTest.handshake(), 28, 48));
    List<String> forbidden = List.of(CLIENT.getHostAddress(), DESTINATION.getHostAddress(), DOMAIN, USER, STRANGER,
        infoHash, infoHash.toUpperCase(Locale.ROOT), "-LT2080-", "hello from a private user");
    List<Integer> ports = new ArrayList<>(clientPorts);
    ports.add(destinationPort);
    for (String[] source : new String[][] {{"output", log}, {"/metrics", metrics}, {"/health", health}}) {
      for (String f : forbidden) assertThat(source[1]).as("%s mentions %s", source[0], f).doesNotContain(f);
      for (int port : ports) {
        assertThat(Pattern.compile("\\b" + port + "\\b").matcher(source[1]).find())
            .as("%s mentions port %d", source[0], port).isFalse();
      }
    }
    try (Stream<Path> left = Stream.concat(Files.list(run), Files.list(tmp))) {
      assertThat(left.toList()).as("files written by the proxy").isEmpty();
    }
  }

  /** RFC 1929 login; returns the status byte (0: accepted). */
  private static int login(RawSocks c, String user, String password) throws IOException {
    c.send(5, 1, 2);
    byte[] m = c.read(2);
    assertThat(m[1]).isEqualTo((byte) 2);
    byte[] u = user.getBytes(StandardCharsets.UTF_8), pw = password.getBytes(StandardCharsets.UTF_8);
    c.send(1, u.length).send(u).send(pw.length).send(pw);
    return c.read(2)[1];
  }

  /** The port in the first output line that matches, waiting up to 30 s for the proxy to start. */
  private static int port(StringBuffer out, String regex) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < end) {
      Matcher m = p.matcher(out);
      if (m.find()) return Integer.parseInt(m.group(1));
      Thread.sleep(50);
    }
    throw new AssertionError("proxy did not start; output: " + out);
  }

  private static String get(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static void copy(InputStream in, StringBuffer out) {
    byte[] b = new byte[4096];
    try (in) {
      for (int n; (n = in.read(b)) > 0;) out.append(new String(b, 0, n, StandardCharsets.UTF_8));
    } catch (IOException e) {
      // process gone
    }
  }

  private static InetAddress address(String literal) {
    return InetAddress.ofLiteral(literal);
  }

  /** An echo server on {@link #DESTINATION}. */
  static final class Echo implements AutoCloseable {
    private final ServerSocket server;

    Echo() throws IOException {
      server = new ServerSocket(0, 50, DESTINATION);
      Thread.ofPlatform().daemon().start(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            Thread.ofPlatform().daemon().start(() -> {
              try (s; InputStream i = s.getInputStream(); OutputStream o = s.getOutputStream()) {
                i.transferTo(o);
              } catch (IOException ignored) {
                // the proxy closed it
              }
            });
          } catch (IOException e) {
            return;
          }
        }
      });
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
