package dev.seawall.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.blocklist.Cidr;
import dev.seawall.testkit.Host;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's verdicts enforced on the wire with hand-made BitTorrent messages: a plaintext
 * peer-wire handshake over CONNECT and an HTTP tracker announce fetched by curl are refused (the
 * connection is closed before the message reaches the server), and pass when the filter is off.
 * Real clients are in {@link LibtorrentThroughProxyTest}.
 */
class BitTorrentRefusalTest {
  static final InetAddress LO = InetAddress.getLoopbackAddress();

  static byte[] handshake() throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(19);
    b.write("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
    b.write(new byte[] {0, 0, 0, 0, 0, 0x10, 0, 0x05});
    for (int i = 0; i < 20; i++) b.write(0xa0 + i); // info-hash
    b.write("-LT2080-abcdefghijkl".getBytes(StandardCharsets.US_ASCII)); // peer id
    return b.toByteArray();
  }

  ProxyServer start(boolean inspect) throws Exception {
    return ProxyServer.start(ProxyConfig.builder(new InetSocketAddress("127.0.0.1", 0))
        .allow(List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"))).inspect(inspect).build(), null);
  }

  @Test
  void plaintextHandshakeIsRefusedBeforeReachingThePeer() throws Exception {
    byte[] hs = handshake();
    try (ProxyServer p = start(true); SocksProtocolTest.Echo peer = new SocksProtocolTest.Echo();
        RawSocks c = new RawSocks(p.addresses().getFirst())) {
      assertThat(c.request(1, LO, peer.port())).isZero();
      c.send(hs);
      assertThat(c.closedByProxy()).isTrue();
      assertThat(peer.received.get()).isZero();
      assertThat(p.metrics().bittorrentCount()).isEqualTo(1);
      CurlThroughProxyTest.awaitIdle(p);
    }
  }

  @Test
  void plaintextHandshakePassesWithTheFilterOff() throws Exception {
    byte[] hs = handshake();
    try (ProxyServer p = start(false); SocksProtocolTest.Echo peer = new SocksProtocolTest.Echo();
        RawSocks c = new RawSocks(p.addresses().getFirst())) {
      assertThat(c.request(1, LO, peer.port())).isZero();
      c.send(hs);
      assertThat(c.read(hs.length)).isEqualTo(hs);
      assertThat(p.metrics().bittorrentCount()).isZero();
    }
  }

  @Test
  void httpTrackerAnnounceFromCurlIsRefused() throws Exception {
    Host.requireCommands("curl", "openssl", "python3");
    try (LocalServers servers = new LocalServers()) {
      String announce = "http://127.0.0.1:" + servers.http4 + "/announce?info_hash=%a0%a1%a2%a3%a4%a5%a6%a7%a8%a9"
          + "%aa%ab%ac%ad%ae%af%b0%b1%b2%b3&peer_id=-LT2080-abcdefghijkl&port=6881&uploaded=0&downloaded=0"
          + "&left=1000&event=started&compact=1";
      for (boolean inspect : List.of(true, false)) {
        try (ProxyServer p = start(inspect)) {
          Procs.Result r = CurlThroughProxyTest.curl("-o", "/dev/null", "-w", "%{http_code}", "--socks5",
              CurlThroughProxyTest.socks(p), announce);
          if (inspect) {
            assertThat(r.exit()).as("refused: connection closed without a reply").isNotZero();
            assertThat(p.metrics().bittorrentCount()).isEqualTo(1);
          } else {
            assertThat(r.out()).as("python answers 404 for /announce").isEqualTo("404");
            assertThat(p.metrics().bittorrentCount()).isZero();
          }
          // An ordinary request on the same proxy still works.
          Procs.Result ok = CurlThroughProxyTest.curl("--socks5", CurlThroughProxyTest.socks(p),
              "http://127.0.0.1:" + servers.http4 + "/hello.txt");
          assertThat(ok.out()).isEqualTo("hello through seawall\n");
          CurlThroughProxyTest.awaitIdle(p);
        }
      }
    }
  }
}
