package dev.seawall.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.detect.bittorrent.BitTorrentDetectors;
import dev.seawall.engine.name.ClientHellos;
import dev.seawall.engine.packet.LinkType;
import dev.seawall.engine.packet.Packet;
import dev.seawall.engine.testing.Frames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The inspector's server-name mechanism on whole TCP flows: in order, split, out of order, server first. */
class ServerNameInspectionTest {
  private static final int SYN = Packet.TCP_SYN, ACK = Packet.TCP_ACK, PSH = Packet.TCP_PSH;
  private static final String C = "10.0.0.2", S = "192.0.2.80";

  private final PacketInspector in = new PacketInspector(
      EngineConfig.defaults(BitTorrentDetectors.all()).withMaxFlows(1024).withServerNames(true), FlowSink.NONE);
  private long t = 1_000_000_000L;

  /** Feeds one packet; returns the name it completed, or null. */
  private String feed(byte[] frame) {
    in.process(frame, 0, frame.length, frame.length, LinkType.ETHERNET, t += 1000);
    int n = in.lastServerName();
    return n < 0 ? null : new String(in.serverNameBytes(), 0, n, StandardCharsets.US_ASCII);
  }

  private void handshake(int cport) {
    assertThat(feed(Frames.tcp4(C, cport, S, 443, SYN, 1000, 0, new byte[0]))).isNull();
    assertThat(feed(Frames.tcp4(S, 443, C, cport, SYN | ACK, 5000, 1001, new byte[0]))).isNull();
    assertThat(feed(Frames.tcp4(C, cport, S, 443, ACK, 1001, 5001, new byte[0]))).isNull();
    assertThat(in.serverNamePending(in.lastFlow())).isTrue();
  }

  @Test
  void aClientHelloSplitOverThreeSegmentsNamesTheServerOnTheLast() {
    handshake(40001);
    byte[] hello = ClientHellos.clientHello("www.pirate-site.example");
    int a = 40, b = 150;
    assertThat(feed(Frames.tcp4(C, 40001, S, 443, ACK, 1001, 5001, Arrays.copyOfRange(hello, 0, a)))).isNull();
    assertThat(feed(Frames.tcp4(C, 40001, S, 443, ACK, 1001 + a, 5001, Arrays.copyOfRange(hello, a, b)))).isNull();
    int flow = in.lastFlow();
    assertThat(in.serverNamePending(flow)).isTrue();
    assertThat(feed(Frames.tcp4(C, 40001, S, 443, ACK | PSH, 1001 + b, 5001, Arrays.copyOfRange(hello, b, hello.length))))
        .isEqualTo("www.pirate-site.example");
    assertThat(in.serverNamePending(flow)).isFalse();
    // Reported once: the server's answer and later client bytes name nothing.
    assertThat(feed(Frames.tcp4(S, 443, C, 40001, ACK, 5001, 1001 + hello.length, new byte[] {0x16, 3, 3, 0, 2, 2, 0}))).isNull();
  }

  @Test
  void segmentsOutOfOrderAreReassembledFirst() {
    handshake(40002);
    byte[] req = "GET /file HTTP/1.1\r\nUser-Agent: curl/7.88\r\nHost: Mirror.Example:8080\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    int a = 30;
    assertThat(feed(Frames.tcp4(C, 40002, S, 443, ACK, 1001 + a, 5001, Arrays.copyOfRange(req, a, req.length)))).isNull();
    assertThat(feed(Frames.tcp4(C, 40002, S, 443, ACK, 1001, 5001, Arrays.copyOfRange(req, 0, a)))).isEqualTo("Mirror.Example");
  }

  @Test
  void aServerThatSpeaksFirstRulesTheNameOut() {
    handshake(40003);
    int flow = in.lastFlow();
    assertThat(feed(Frames.tcp4(S, 443, C, 40003, ACK | PSH, 5001, 1001, "SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII)))).isNull();
    assertThat(in.serverNamePending(flow)).isFalse();
    assertThat(feed(Frames.tcp4(C, 40003, S, 443, ACK, 1001, 5022, "GET / HTTP/1.1\r\nHost: late.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))).isNull();
  }

  @Test
  void otherProtocolsAndUdpAreNotPending() {
    handshake(40004);
    int flow = in.lastFlow();
    assertThat(feed(Frames.tcp4(C, 40004, S, 443, ACK | PSH, 1001, 5001, new byte[] {0, 0, 0, 12, 1, 2, 3}))).isNull();
    assertThat(in.serverNamePending(flow)).isFalse();
    assertThat(feed(Frames.udp4(C, 5353, S, 443, new byte[] {(byte) 0xc3, 0, 0, 0, 1}))).isNull();
    assertThat(in.serverNamePending(in.lastFlow())).isFalse();
  }

  @Test
  void offByDefault() {
    PacketInspector plain = new PacketInspector(EngineConfig.defaults(BitTorrentDetectors.all()).withMaxFlows(1024), FlowSink.NONE);
    byte[] syn = Frames.tcp4(C, 40005, S, 80, SYN, 1000, 0, new byte[0]);
    plain.process(syn, 0, syn.length, syn.length, LinkType.ETHERNET, 1);
    assertThat(plain.serverNamePending(plain.lastFlow())).isFalse();
    byte[] req = Frames.tcp4(C, 40005, S, 80, ACK, 1001, 1, "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    plain.process(req, 0, req.length, req.length, LinkType.ETHERNET, 2);
    assertThat(plain.lastServerName()).isEqualTo(-1);
  }
}
