package dev.seawall.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.blocklist.Cidr;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The proxy's answers to what a byte-level client sends: malformed messages, oversized names,
 * half-open and slow-loris connections, limits, pipelining, SOCKS4a, BIND and UDP ASSOCIATE, back-
 * pressure. After each test every connection, engine flow and limit slot must be released and the
 * process must hold no more file descriptors than before (no leak).
 */
class SocksProtocolTest {
  static final InetAddress LO = InetAddress.getLoopbackAddress();
  ProxyServer proxy;
  InetSocketAddress at;
  long fdsBefore;

  ProxyConfig.Builder config() {
    return ProxyConfig.builder(new InetSocketAddress("127.0.0.1", 0))
        .allow(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")))
        .handshakeTimeout(Duration.ofMillis(800)).socks4(true).maxPerUser(50);
  }

  void start(ProxyConfig.Builder b) throws Exception {
    proxy = ProxyServer.start(b.build(), null);
    at = proxy.addresses().getFirst();
  }

  @BeforeEach
  void before() throws Exception {
    start(config());
    fdsBefore = openFds();
  }

  @AfterEach
  void after() throws Exception {
    if (proxy != null) {
      CurlThroughProxyTest.awaitIdle(proxy);
      long end = System.nanoTime() + 5_000_000_000L;
      while (openFds() > fdsBefore + 2 && System.nanoTime() < end) Thread.sleep(20);
      assertThat(openFds()).as("file descriptors").isLessThanOrEqualTo(fdsBefore + 2);
      proxy.close();
    }
  }

  static long openFds() throws IOException {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  /** A TCP server on loopback that echoes, and remembers how many bytes it received. */
  static final class Echo implements AutoCloseable {
    final ServerSocket ss = new ServerSocket(0, 50, LO);
    final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    final Thread t = Thread.ofPlatform().daemon().start(() -> {
      while (!ss.isClosed()) {
        try {
          Socket c = ss.accept();
          Thread.ofPlatform().daemon().start(() -> {
            try (c) {
              byte[] b = new byte[8192];
              for (int n; (n = c.getInputStream().read(b)) > 0; ) {
                received.addAndGet(n);
                c.getOutputStream().write(b, 0, n);
              }
            } catch (IOException ignored) {
              // client went away
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });

    Echo() throws IOException {}

    int port() {
      return ss.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      ss.close();
    }
  }

  @Test
  void connectRelaysBothWays() throws Exception {
    try (Echo echo = new Echo(); RawSocks c = new RawSocks(at)) {
      assertThat(c.request(1, LO, echo.port())).isZero();
      c.send("ping".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(c.read(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
    }
  }

  @Test
  void pipelinedGreetingRequestAndDataInOneWrite() throws Exception {
    try (Echo echo = new Echo(); RawSocks c = new RawSocks(at)) {
      ByteBuffer b = ByteBuffer.allocate(64);
      b.put(new byte[] {5, 1, 0, 5, 1, 0, 1}).put(LO.getAddress()).putShort((short) echo.port()).put("hello".getBytes());
      c.send(java.util.Arrays.copyOf(b.array(), b.position()));
      assertThat(c.read(2)).containsExactly(5, 0);
      assertThat(c.readReply()[1]).isZero();
      assertThat(new String(c.read(5))).isEqualTo("hello");
    }
  }

  /**
   * Greeting, request, data and FIN arrive together, so the proxy reads the client's end of input
   * before the destination is even connected: the FIN must still reach the destination (the echo
   * server closes only then), not wait for the idle timeout.
   */
  @Test
  void clientFinSentWithTheRequestReachesTheDestination() throws Exception {
    try (Echo echo = new Echo(); RawSocks c = new RawSocks(at)) {
      ByteBuffer b = ByteBuffer.allocate(64);
      b.put(new byte[] {5, 1, 0, 5, 1, 0, 1}).put(LO.getAddress()).putShort((short) echo.port()).put("bye".getBytes());
      c.send(java.util.Arrays.copyOf(b.array(), b.position()));
      c.s.shutdownOutput();
      assertThat(c.read(2)).containsExactly(5, 0);
      assertThat(c.readReply()[1]).isZero();
      assertThat(new String(c.read(3))).isEqualTo("bye");
      assertThat(c.closedByProxy()).as("end of input forwarded both ways").isTrue();
    }
  }

  /**
   * A destination that speaks first (an SMTP or SSH banner) and one that answers and closes at once:
   * its bytes arrive with, or right after, the connect's completion, before the client sends
   * anything. Outgoing connections are registered for reading from the start, so nothing may be
   * read before the relay is in place. Repeated, since it is about timing.
   */
  @Test
  void bytesADestinationSendsFirstAreRelayed() throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 50, LO)) {
      Thread server = Thread.ofPlatform().daemon().start(() -> {
        for (int i = 0; i < 40; i++) {
          try (Socket c = ss.accept()) {
            c.getOutputStream().write(("220 banner " + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (i % 2 == 1) continue; // closes right after its banner
            byte[] b = new byte[6];
            new DataInputStream(c.getInputStream()).readFully(b);
            c.getOutputStream().write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            return;
          }
        }
      });
      for (int i = 0; i < 40; i++) {
        try (RawSocks c = new RawSocks(at)) {
          assertThat(c.request(1, LO, ss.getLocalPort())).isZero();
          String banner = "220 banner " + i + "\r\n";
          assertThat(new String(c.read(banner.length()), StandardCharsets.US_ASCII)).isEqualTo(banner);
          if (i % 2 == 0) {
            c.send("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(c.read(9), StandardCharsets.US_ASCII)).isEqualTo("221 bye\r\n");
          }
          assertThat(c.closedByProxy()).as("the destination's FIN forwarded").isTrue();
        }
      }
      server.join(10_000);
    }
  }

  /**
   * Connections opened one after another stay on the accepting event loop (no hand-off to another
   * loop's thread per connection), while concurrent relays spread evenly over the loops (a loop
   * takes a new connection only while no other carries fewer), so long transfers do not pile up.
   */
  @Test
  void sequentialConnectionsStayOnOneLoopConcurrentOnesSpread() throws Exception {
    proxy.close();
    start(config().threads(2));
    List<RawSocks> open = new java.util.ArrayList<>();
    try (Echo echo = new Echo()) {
      List<String> seen = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        try (RawSocks c = new RawSocks(at)) {
          assertThat(c.request(1, LO, echo.port())).isZero();
          seen.add(java.util.Arrays.toString(proxy.context().spread().live()));
        }
        CurlThroughProxyTest.awaitIdle(proxy);
      }
      assertThat(seen).as("loop of each sequential connection").containsOnly(seen.getFirst());
      for (int i = 0; i < 6; i++) {
        RawSocks c = new RawSocks(at);
        open.add(c);
        assertThat(c.request(1, LO, echo.port())).isZero();
        c.send("x".getBytes(StandardCharsets.US_ASCII));
        c.read(1);
      }
      assertThat(proxy.context().spread().live()).containsExactly(3, 3);
    } finally {
      for (RawSocks c : open) c.close();
    }
  }

  /** A short clean exchange keeps Netty's small buffers: only directions that carry bulk turn bulk. */
  @Test
  void shortExchangesDoNotTurnBulk() throws Exception {
    try (Echo echo = new Echo(); RawSocks c = new RawSocks(at)) {
      assertThat(c.request(1, LO, echo.port())).isZero();
      for (int i = 0; i < 20; i++) {
        c.send(("ping" + i + "\r\n").getBytes(StandardCharsets.US_ASCII));
        c.read(("ping" + i + "\r\n").length());
      }
    }
    CurlThroughProxyTest.awaitIdle(proxy);
    assertThat(proxy.metrics().bulkCopied.count() + proxy.metrics().bulkSpliced.count()).isZero();
  }

  /**
   * Bulk both ways at once: each direction turns bulk on its own once it has carried enough (1 MiB
   * reads, or splice through the large pipes); every byte arrives, in order, and the half-close
   * still ends the relay.
   */
  @ParameterizedTest
  @EnumSource(BulkRelay.class)
  void bulkBothWaysArrivesIntact(BulkRelay how) throws Exception {
    proxy.close();
    start(config().bulkRelay(how));
    byte[] data = new byte[6 << 20];
    new java.util.Random(7).nextBytes(data);
    try (Echo echo = new Echo(); RawSocks c = new RawSocks(at)) {
      assertThat(c.request(1, LO, echo.port())).isZero();
      AtomicReference<Exception> failed = new AtomicReference<>();
      Thread writer = Thread.ofPlatform().start(() -> {
        try {
          for (int off = 0; off < data.length; off += 100_000) {
            c.out.write(data, off, Math.min(100_000, data.length - off));
          }
          c.out.flush();
          c.s.shutdownOutput();
        } catch (IOException e) {
          failed.set(e);
        }
      });
      byte[] back = c.read(data.length);
      writer.join(10_000);
      assertThat(failed.get()).isNull();
      assertThat(java.util.Arrays.equals(back, data)).as("echoed bytes identical").isTrue();
      assertThat(c.closedByProxy()).as("end of input forwarded both ways").isTrue();
    }
    boolean spliced = how == BulkRelay.SPLICE && proxy.context().transport().epoll();
    assertThat(proxy.metrics().bulkSpliced.count()).isEqualTo(spliced ? 1 : 0);
    assertThat(proxy.metrics().bulkCopied.count()).isEqualTo(spliced ? 0 : 1);
  }

  @Test
  void malformedMessagesGetClearRefusals() throws Exception {
    try (RawSocks c = new RawSocks(at)) { // unknown version: nothing to answer in, closed
      c.send(6, 1, 0);
      assertThat(c.closedByProxy()).isTrue();
    }
    try (RawSocks c = new RawSocks(at)) { // NMETHODS = 0
      c.send(5, 0);
      assertThat(c.read(2)).containsExactly(5, 0xff);
      assertThat(c.closedByProxy()).isTrue();
    }
    try (RawSocks c = new RawSocks(at)) { // unknown command 9
      c.send(5, 1, 0);
      c.read(2);
      c.send(5, 9, 0, 1, 127, 0, 0, 1, 0, 80);
      assertThat(c.readReply()[1]).isEqualTo(7);
      assertThat(c.closedByProxy()).isTrue();
    }
    try (RawSocks c = new RawSocks(at)) { // unknown address type 7
      c.send(5, 1, 0);
      c.read(2);
      c.send(5, 1, 0, 7, 1, 2, 3, 4, 0, 80);
      assertThat(c.readReply()[1]).isEqualTo(8);
      assertThat(c.closedByProxy()).isTrue();
    }
    try (RawSocks c = new RawSocks(at)) { // port 0 / unspecified destination
      assertThat(c.request(1, InetAddress.getByName("0.0.0.0"), 80)).isEqualTo(2);
    }
    try (RawSocks c = new RawSocks(at)) { // SOCKS4 with an unknown command
      c.send(4, 9, 0, 80, 127, 0, 0, 1, 0);
      assertThat(c.closedByProxy()).isTrue();
    }
    assertThat(proxy.metrics().refusedCount("malformed")).isEqualTo(5);
    assertThat(proxy.metrics().refusedCount("policy_unspecified")).isEqualTo(1);
  }

  @Test
  void oversizedAndInvalidDomainNamesAreRefused() throws Exception {
    String longName = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63); // 255
    for (String name : List.of(longName, "x".repeat(64) + ".test", "bad\u0000name.test", "sp ace.test", "a..b")) {
      byte[] n = name.getBytes(StandardCharsets.UTF_8);
      try (RawSocks c = new RawSocks(at)) {
        c.send(5, 1, 0);
        c.read(2);
        ByteBuffer b = ByteBuffer.allocate(7 + n.length);
        b.put(new byte[] {5, 1, 0, 3, (byte) n.length}).put(n).putShort((short) 80);
        c.send(b.array());
        assertThat(c.readReply()[1]).as(name).isEqualTo(4);
        assertThat(c.closedByProxy()).isTrue();
      }
    }
    // SOCKS4a host names have no length byte: a name without its NUL within 255 bytes is refused.
    try (RawSocks c = new RawSocks(at)) {
      byte[] b = new byte[9 + 300];
      b[0] = 4;
      b[1] = 1;
      b[3] = 80;
      b[7] = 1; // 0.0.0.1: SOCKS4a
      b[8] = 0; // empty USERID
      java.util.Arrays.fill(b, 9, b.length, (byte) 'a');
      c.send(b);
      assertThat(c.read(2)[1]).isEqualTo((byte) 91);
      assertThat(c.closedByProxy()).isTrue();
    }
    assertThat(proxy.metrics().refusedCount("malformed")).isEqualTo(6);
  }

  @Test
  void socks4aConnects() throws Exception {
    try (Echo echo = new Echo(); RawSocks c = new RawSocks(at)) {
      ByteBuffer b = ByteBuffer.allocate(64);
      b.put(new byte[] {4, 1}).putShort((short) echo.port()).put(new byte[] {0, 0, 0, 1}).put("u\0".getBytes())
          .put("localhost\0".getBytes());
      c.send(java.util.Arrays.copyOf(b.array(), b.position()));
      assertThat(c.read(8)[1]).isEqualTo((byte) 90);
      c.send("4a".getBytes());
      assertThat(new String(c.read(2))).isEqualTo("4a");
    }
  }

  @Test
  void halfOpenAndSlowLorisConnectionsAreClosedByTheHandshakeTimeout() throws Exception {
    try (RawSocks idle = new RawSocks(at); RawSocks slow = new RawSocks(at)) {
      // slow: one byte of a valid greeting and request every 150 ms, never finishing in time
      byte[] msg = {5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0, 80};
      long start = System.nanoTime();
      boolean closed = false;
      for (int i = 0; i < msg.length && !closed; i++) {
        try {
          slow.send(msg[i]);
        } catch (IOException e) {
          closed = true;
        }
        Thread.sleep(150);
      }
      assertThat(idle.closedByProxy()).isTrue();
      assertThat(slow.closedByProxy()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
    assertThat(proxy.metrics().refusedCount("handshake_timeout")).isEqualTo(2);
  }

  @Test
  void connectionLimitsAreEnforced() throws Exception {
    proxy.close();
    start(config().maxConnections(3).maxPerUser(2));
    fdsBefore = openFds();
    try (Echo echo = new Echo(); RawSocks a = new RawSocks(at); RawSocks b = new RawSocks(at);
        RawSocks c = new RawSocks(at)) {
      assertThat(a.request(1, LO, echo.port())).isZero();
      assertThat(b.request(1, LO, echo.port())).isZero();
      c.send(5, 1, 0); // third from the same address: over the per-user cap
      c.read(2);
      assertThat(c.closedByProxy()).isTrue();
      assertThat(proxy.metrics().refusedCount("user_limit")).isEqualTo(1);
    }
  }

  @Test
  void connectFailuresAnswerWithTheRightCode() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, LO)) {
      closedPort = s.getLocalPort();
    }
    try (RawSocks c = new RawSocks(at)) {
      assertThat(c.request(1, LO, closedPort)).isEqualTo(5); // connection refused
    }
    assertThat(proxy.metrics().refusedCount("connect_failed")).isEqualTo(1);
  }

  @Test
  void ssrfSpellingsOfLoopbackAreRefusedWithoutAllow() throws Exception {
    proxy.close();
    start(config().allow(List.of()));
    fdsBefore = openFds();
    for (String a : List.of("127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1",
        "2002:7f00:1::1", "10.1.2.3", "169.254.169.254", "fe80::1", "224.0.0.1", "0.0.0.0")) {
      try (RawSocks c = new RawSocks(at)) {
        assertThat(c.request(1, InetAddress.getByName(a), 80)).as(a).isEqualTo(2);
      }
    }
    assertThat(proxy.metrics().refusedCount("policy_loopback")).isEqualTo(7);
  }

  @Test
  void bindAcceptsTheNamedPeerAndRelays() throws Exception {
    try (RawSocks c = new RawSocks(at)) {
      assertThat(c.request(2, LO, 0)).isZero(); // first reply: where the proxy listens
      InetSocketAddress listen = c.lastBound;
      assertThat(listen.getPort()).isPositive();
      try (Socket peer = new Socket(LO, listen.getPort())) {
        assertThat(c.readReply()[1]).isZero(); // second reply: who connected
        assertThat(c.lastBound.getPort()).isEqualTo(peer.getLocalPort());
        peer.getOutputStream().write("from peer".getBytes());
        assertThat(new String(c.read(9))).isEqualTo("from peer");
        c.send("to peer".getBytes());
        byte[] b = new byte[7];
        new DataInputStream(peer.getInputStream()).readFully(b);
        assertThat(new String(b)).isEqualTo("to peer");
      }
    }
  }

  @Test
  void udpAssociateRelaysDatagramsBothWays() throws Exception {
    try (DatagramSocket server = new DatagramSocket(0, LO); DatagramSocket client = new DatagramSocket(0, LO);
        RawSocks c = new RawSocks(at)) {
      server.setSoTimeout(3000);
      client.setSoTimeout(3000);
      assertThat(c.request(3, LO, client.getLocalPort())).isZero();
      InetSocketAddress relay = c.lastBound;
      byte[] payload = "dns-ish question".getBytes();
      ByteBuffer b = ByteBuffer.allocate(10 + payload.length);
      b.put(new byte[] {0, 0, 0, 1}).put(LO.getAddress()).putShort((short) server.getLocalPort()).put(payload);
      client.send(new DatagramPacket(b.array(), b.capacity(), relay));
      DatagramPacket got = new DatagramPacket(new byte[1500], 1500);
      server.receive(got);
      assertThat(new String(got.getData(), 0, got.getLength())).isEqualTo("dns-ish question");
      server.send(new DatagramPacket("answer".getBytes(), 6, got.getSocketAddress()));
      DatagramPacket back = new DatagramPacket(new byte[1500], 1500);
      client.receive(back);
      ByteBuffer r = ByteBuffer.wrap(back.getData(), 0, back.getLength());
      assertThat(r.get(3)).isEqualTo((byte) 1);
      assertThat((r.getShort(8) & 0xffff)).isEqualTo(server.getLocalPort());
      assertThat(new String(back.getData(), 10, back.getLength() - 10)).isEqualTo("answer");
      // A datagram from a host the client never sent to is dropped; so is a fragmented one.
      try (DatagramSocket stranger = new DatagramSocket(0, LO)) {
        stranger.send(new DatagramPacket("x".getBytes(), 1, got.getSocketAddress()));
      }
      b.put(2, (byte) 1);
      client.send(new DatagramPacket(b.array(), b.capacity(), relay));
      long end = System.nanoTime() + 3_000_000_000L;
      while (proxy.metrics().udpCount("dropped_malformed") < 1 && System.nanoTime() < end) Thread.sleep(20);
      assertThat(proxy.metrics().udpCount("dropped_malformed")).isEqualTo(1);
      assertThat(proxy.metrics().udpCount("relayed")).isEqualTo(2);
    }
  }

  /**
   * A client that reads nothing while its destination pushes 256 MiB: the sender is stopped by
   * back-pressure, and the proxy holds no more than its high-water mark and one bulk read. The rest
   * of what the sender got rid of sits in kernel socket buffers, whose size the kernel bounds.
   */
  @Test
  void aSlowReaderCannotMakeTheProxyBuffer() throws Exception {
    proxy.close();
    start(config().bulkRelay(BulkRelay.COPY)); // the path that holds buffers in the proxy
    fdsBefore = openFds();
    var direct = ((io.netty.buffer.ByteBufAllocatorMetricProvider) io.netty.buffer.ByteBufAllocator.DEFAULT).metric();
    long directBefore = direct.usedDirectMemory();
    AtomicReference<Long> sent = new AtomicReference<>(0L);
    try (ServerSocket src = new ServerSocket(0, 1, LO); RawSocks c = new RawSocks(at)) {
      Thread writer = Thread.ofPlatform().daemon().start(() -> {
        try (Socket s = src.accept()) {
          s.setSoTimeout(0);
          byte[] chunk = new byte[64 * 1024];
          long n = 0;
          try {
            while (n < (256L << 20)) {
              s.getOutputStream().write(chunk);
              n += chunk.length;
              sent.set(n);
            }
          } catch (IOException e) {
            // closed at the end of the test
          }
        } catch (IOException ignored) {
          // test over
        }
      });
      c.s.setReceiveBufferSize(64 * 1024);
      assertThat(c.request(1, LO, src.getLocalPort())).isZero();
      Thread.sleep(1500); // the client reads nothing
      long stalledAt = sent.get();
      long held = direct.usedDirectMemory() - directBefore;
      Thread.sleep(500);
      assertThat(sent.get()).as("sender blocked by back-pressure").isEqualTo(stalledAt);
      assertThat(proxy.metrics().bulkCopied.count()).as("the direction turned bulk").isEqualTo(1);
      // One 1 MiB read and the 256 KiB high-water mark, in Netty's allocator, which carves 1 MiB
      // buffers eight to an 8 MiB chunk: one chunk and change, where buffering without a bound would
      // grow towards the 256 MiB the sender wants to push.
      assertThat(held).as("direct memory the proxy holds").isLessThan(10L << 20);
      // The kernel holds the rest: the sender's send buffer, the proxy's receive and send buffers and
      // the client's receive buffer, each at most the largest the kernel allows.
      long kernel = 2 * maxBuffer("tcp_wmem") + maxBuffer("tcp_rmem") + (64 << 10);
      assertThat(stalledAt).isLessThan(kernel + (4L << 20));
      c.close();
      writer.join(5000);
    }
  }

  /** The third field of /proc/sys/net/ipv4/{name}: the largest socket buffer autotuning gives. */
  private static long maxBuffer(String name) throws IOException {
    // Files.readString stops early on /proc files (they report a size of 0).
    String[] f = Files.readAllLines(Path.of("/proc/sys/net/ipv4/" + name)).getFirst().trim().split("\\s+");
    return Long.parseLong(f[2]);
  }
}
