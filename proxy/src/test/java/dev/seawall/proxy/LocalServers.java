package dev.seawall.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real servers on loopback for curl to reach through the proxy: python3 http.server on 127.0.0.1
 * and ::1, openssl s_server (self-signed certificate made here) on 127.0.0.1 and ::1.
 */
final class LocalServers implements AutoCloseable {
  final Path dir;
  final int http4, http6, https4, https6;
  private final List<Process> procs = new ArrayList<>();

  LocalServers() throws IOException, InterruptedException {
    dir = Files.createTempDirectory("sw-proxy-servers");
    Files.writeString(dir.resolve("hello.txt"), "hello through seawall\n");
    byte[] big = new byte[8 << 20];
    new java.util.Random(42).nextBytes(big);
    Files.write(dir.resolve("big.bin"), big);
    http4 = Procs.freePort();
    http6 = Procs.freePort();
    https4 = Procs.freePort();
    https6 = Procs.freePort();
    String py = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    procs.add(Procs.start(dir.resolve("http4.log"), List.of(py, "-m", "http.server", "" + http4, "--bind", "127.0.0.1",
        "--directory", dir.toString())));
    procs.add(Procs.start(dir.resolve("http6.log"), List.of(py, "-m", "http.server", "" + http6, "--bind", "::1",
        "--directory", dir.toString())));
    Procs.Result r = Procs.run(30, List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
        dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString(), "-days", "2", "-subj",
        "/CN=localhost"));
    if (r.exit() != 0) throw new IOException("openssl req failed: " + r.err());
    for (String acc : List.of("127.0.0.1:" + https4, "[::1]:" + https6)) {
      procs.add(Procs.start(dir.resolve("tls-" + procs.size() + ".log"), List.of("openssl", "s_server", "-accept", acc,
          "-cert", dir.resolve("cert.pem").toString(), "-key", dir.resolve("key.pem").toString(), "-www", "-quiet")));
    }
    Procs.awaitListening("127.0.0.1", http4, 10_000);
    Procs.awaitListening("::1", http6, 10_000);
    Procs.awaitListening("127.0.0.1", https4, 10_000);
    Procs.awaitListening("::1", https6, 10_000);
  }

  @Override
  public void close() throws IOException {
    for (Process p : procs) Procs.stop(p);
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
