package dev.seawall.blocklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlocklistSourceTest {
  @TempDir Path dir;

  @Test
  void aFileIsReadAgainOnlyWhenItChangesAndAMissingFileKeepsTheLastList() throws Exception {
    Path f = dir.resolve("orders.txt");
    Files.writeString(f, "a.example\n");
    BlocklistSource s = new BlocklistSource(f.toString());
    assertThat(s.refresh()).isPresent();
    assertThat(s.current().blocksName("a.example")).isTrue();
    assertThat(s.refresh()).isEmpty(); // unchanged
    assertThat(s.status().loads()).isEqualTo(1);

    Files.writeString(f, "b.example\nnot a name\n");
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(s.refresh()).isPresent();
    assertThat(s.current().blocksName("b.example")).isTrue();
    assertThat(s.current().blocksName("a.example")).isFalse();
    assertThat(s.status().problems()).containsExactly(f + ":2: 'not a name' is not a domain name (character ' ')");

    Files.delete(f);
    assertThat(s.refresh()).isEmpty();
    assertThat(s.current().blocksName("b.example")).isTrue(); // last good list stays in force
    assertThat(s.status().failures()).isEqualTo(1);
    assertThat(s.status().lastError()).isEqualTo(f + ": no such file");
    assertThat(s.status().entries()).isEqualTo(1);
  }

  @Test
  void aUrlIsFetchedWithIfNoneMatchAndAFailedFetchKeepsTheLastList() throws Exception {
    AtomicReference<String> body = new AtomicReference<>("x.example\n10.9.0.0/16\n");
    AtomicInteger status = new AtomicInteger(200);
    List<String> conditional = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
    server.createContext("/blocklist", ex -> {
      try (ex) {
        String text = body.get();
        String etag = "\"" + Integer.toHexString(text.hashCode()) + "\"";
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        conditional.add(String.valueOf(inm));
        if (status.get() != 200) {
          ex.sendResponseHeaders(status.get(), -1);
        } else if (etag.equals(inm)) {
          ex.sendResponseHeaders(304, -1);
        } else {
          byte[] b = text.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("ETag", etag);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
        }
      }
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/blocklist";
      BlocklistSource s = new BlocklistSource(url);
      assertThat(s.refresh()).isPresent();
      assertThat(s.current().blocksName("x.example")).isTrue();
      assertThat(s.refresh()).isEmpty(); // 304
      assertThat(conditional.get(0)).isEqualTo("null");
      assertThat(conditional.get(1)).startsWith("\"");
      assertThat(s.status().loads()).isEqualTo(1);
      assertThat(s.status().checkedAt()).isNotNull();

      status.set(503);
      assertThat(s.refresh()).isEmpty();
      assertThat(s.status().lastError()).isEqualTo(url + ": HTTP status 503");
      assertThat(s.current().blocksName("x.example")).isTrue();

      status.set(200);
      body.set("y.example\n");
      assertThat(s.refresh()).isPresent();
      assertThat(s.current().blocksName("y.example")).isTrue();
      assertThat(s.current().blocksName("x.example")).isFalse();
      assertThat(s.status().lastError()).isNull();
      assertThat(s.status().ageSeconds(Instant.now())).isBetween(0L, 60L);

      // Periodic refresh picks a change up without being asked.
      body.set("z.example\n");
      try (AutoCloseable poll = s.refreshEvery(Duration.ofMillis(50))) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!s.current().blocksName("z.example") && System.nanoTime() < deadline) Thread.sleep(20);
      }
      assertThat(s.current().blocksName("z.example")).isTrue();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aServerThatIsNotThereIsAnErrorNotAnException() {
    // Port 9 on loopback (discard): nothing listens there in the test environment.
    BlocklistSource s = new BlocklistSource("http://127.0.0.1:9/blocklist");
    assertThat(s.refresh()).isEmpty();
    assertThat(s.status().lastError()).startsWith("http://127.0.0.1:9/blocklist: cannot connect");
    assertThat(s.status().loadedAt()).isNull();
    assertThat(s.current().size()).isZero();
  }

  @Test
  void unsupportedLocationsAreRefusedUpFront() {
    assertThatThrownBy(() -> new BlocklistSource("ftp://desk.example/list")).hasMessageContaining("only files and http(s) URLs");
    assertThatThrownBy(() -> new BlocklistSource("http:///nohost")).hasMessageContaining("has no host");
  }

  @Test
  void binaryContentIsRejectedNamingTheSource() throws Exception {
    Path f = dir.resolve("bin");
    Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    BlocklistSource s = new BlocklistSource(f.toString());
    s.refresh();
    assertThat(s.status().lastError()).isEqualTo(f + ": not UTF-8 text");
  }
}
