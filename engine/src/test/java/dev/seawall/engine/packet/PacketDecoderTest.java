package dev.seawall.engine.packet;

import static dev.seawall.engine.testing.Frames.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.testing.Frames;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketDecoderTest {
  private final PacketDecoder decoder = new PacketDecoder();
  private final Packet p = new Packet();

  private static final byte[] PAYLOAD = Bytes.ascii("hello");

  private DecodeStatus decode(byte[] frame, int linkType) {
    return decoder.decode(frame, 0, frame.length, linkType, p);
  }

  /** An IPv4/UDP datagram 10.0.0.1:1111 -> 10.0.0.2:2222 carrying "hello", no link header. */
  private static Frames ipv4Udp(Frames f) {
    return f.ipv4("10.0.0.1", "10.0.0.2", 17).udp(1111, 2222).bytes(PAYLOAD);
  }

  private void assertV4Udp() {
    assertThat(p.ipVersion).isEqualTo(4);
    assertThat(Addresses.format(p.srcHi, p.srcLo)).isEqualTo("10.0.0.1");
    assertThat(Addresses.format(p.dstHi, p.dstLo)).isEqualTo("10.0.0.2");
    assertThat(p.protocol).isEqualTo(17);
    assertThat(p.srcPort).isEqualTo(1111);
    assertThat(p.dstPort).isEqualTo(2222);
    assertThat(p.payloadLength).isEqualTo(5);
    assertThat(new String(p.data, p.payloadOffset, p.payloadLength)).isEqualTo("hello");
  }

  @Test
  void ethernetIpv4Tcp() {
    byte[] f = Frames.tcp4("192.0.2.1", 40000, "198.51.100.2", 6881, Packet.TCP_PSH | Packet.TCP_ACK, 1000, 2000, PAYLOAD);
    assertThat(decode(f, LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertThat(p.isTcp()).isTrue();
    assertThat(p.srcPort).isEqualTo(40000);
    assertThat(p.dstPort).isEqualTo(6881);
    assertThat(p.tcpSeq).isEqualTo(1000);
    assertThat(p.tcpAck).isEqualTo(2000);
    assertThat(p.tcpFlags).isEqualTo(Packet.TCP_PSH | Packet.TCP_ACK);
    assertThat(p.payloadLength).isEqualTo(5);
  }

  @Test
  void ethernetPaddingIsNotPayload() {
    byte[] f = ipv4Udp(frame().ethernet(0x0800)).bytes(0, 0, 0, 0, 0, 0, 0, 0).build();
    // build() patched the IP length including the padding; restore the real datagram length.
    int ipTotal = 20 + 8 + 5;
    f[14 + 2] = 0;
    f[14 + 3] = (byte) ipTotal;
    f[14 + 20 + 4] = 0;
    f[14 + 20 + 5] = 13;
    assertThat(decode(f, LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
  }

  @Test
  void vlanAndQinQ() {
    assertThat(decode(ipv4Udp(frame().ethernet(0x8100).vlan(10, 0x0800)).build(), LinkType.ETHERNET))
        .isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    assertThat(decode(ipv4Udp(frame().ethernet(0x88A8).vlan(10, 0x8100).vlan(20, 0x0800)).build(), LinkType.ETHERNET))
        .isEqualTo(DecodeStatus.OK);
    assertV4Udp();
  }

  @Test
  void linuxCookedV1AndV2() {
    Frames sll = frame().u16(0).u16(1).u16(6).bytes(0, 1, 2, 3, 4, 5, 0, 0).u16(0x0800);
    assertThat(decode(ipv4Udp(sll).build(), LinkType.LINUX_SLL)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    Frames sll2 = frame().u16(0x0800).u16(0).u32(3).u16(1).bytes(0, 6).bytes(0, 1, 2, 3, 4, 5, 0, 0);
    assertThat(decode(ipv4Udp(sll2).build(), LinkType.LINUX_SLL2)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
  }

  @Test
  void rawIpAllNumberings() {
    for (int lt : new int[] {LinkType.RAW, LinkType.RAW_BSD12, LinkType.RAW_BSD14, LinkType.IPV4}) {
      assertThat(decode(ipv4Udp(frame()).build(), lt)).as("link type %d", lt).isEqualTo(DecodeStatus.OK);
      assertV4Udp();
    }
    byte[] v6 = frame().ipv6("2001:db8::1", "2001:db8::2", 17).udp(1111, 2222).bytes(PAYLOAD).build();
    assertThat(decode(v6, LinkType.IPV6)).isEqualTo(DecodeStatus.OK);
    assertThat(decode(v6, LinkType.RAW)).isEqualTo(DecodeStatus.OK);
    assertThat(Addresses.format(p.srcHi, p.srcLo)).isEqualTo("2001:db8::1");
  }

  @Test
  void bsdLoopbackBothByteOrders() {
    assertThat(decode(ipv4Udp(frame().bytes(2, 0, 0, 0)).build(), LinkType.NULL)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    assertThat(decode(ipv4Udp(frame().bytes(0, 0, 0, 2)).build(), LinkType.NULL)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    assertThat(decode(ipv4Udp(frame().bytes(0, 0, 0, 2)).build(), LinkType.LOOP)).isEqualTo(DecodeStatus.OK);
    for (int family : new int[] {10, 24, 28, 30}) {
      byte[] f = frame().bytes(family, 0, 0, 0).ipv6("::1", "::1", 17).udp(1, 2).build();
      assertThat(decode(f, LinkType.NULL)).as("AF_INET6 = %d", family).isEqualTo(DecodeStatus.OK);
    }
    assertThat(decode(frame().bytes(99, 0, 0, 0, 1, 2, 3).build(), LinkType.NULL)).isEqualTo(DecodeStatus.NOT_IP);
  }

  @Test
  void pppHdlcPppoeAndCiscoHdlc() {
    assertThat(decode(ipv4Udp(frame().bytes(0xFF, 0x03).u16(0x0021)).build(), LinkType.PPP)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    assertThat(decode(ipv4Udp(frame().u16(0x0021)).build(), LinkType.PPP)).isEqualTo(DecodeStatus.OK);
    assertThat(decode(ipv4Udp(frame().bytes(0x21)).build(), LinkType.PPP)).as("compressed protocol field")
        .isEqualTo(DecodeStatus.OK);
    assertThat(decode(ipv4Udp(frame().bytes(0x0F, 0x00).u16(0x0800)).build(), LinkType.C_HDLC)).isEqualTo(DecodeStatus.OK);
    assertThat(decode(ipv4Udp(frame().bytes(0x0F, 0x00).u16(0x0800)).build(), LinkType.PPP))
        .as("Cisco HDLC in a file labelled PPP").isEqualTo(DecodeStatus.OK);
    Frames pppoe = frame().ethernet(0x8864).bytes(0x11, 0x00).u16(1).u16(0).u16(0x0021);
    assertThat(decode(ipv4Udp(pppoe).build(), LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
  }

  @Test
  void mplsAndLlcSnap() {
    Frames mpls = frame().ethernet(0x8847).bytes(0, 0x01, 0x00, 64).bytes(0, 0x02, 0x01, 64);
    assertThat(decode(ipv4Udp(mpls).build(), LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    Frames snap = frame().bytes(2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2).u16(50).bytes(0xAA, 0xAA, 0x03, 0, 0, 0).u16(0x0800);
    assertThat(decode(ipv4Udp(snap).build(), LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
  }

  @Test
  void ppiWrapsAnotherLinkType() {
    Frames ppi = frame().bytes(0, 0).bytes(8, 0).bytes(1, 0, 0, 0).ethernet(0x0800);
    assertThat(decode(ipv4Udp(ppi).build(), LinkType.PPI)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
  }

  @Test
  void ipv4OptionsAreSkipped() {
    byte[] f = frame().ethernet(0x0800).ipv4("10.0.0.1", "10.0.0.2", 17, 7, 0, new byte[] {(byte) 0x94, 4, 0, 0, 1, 1, 1, 0})
        .udp(1111, 2222).bytes(PAYLOAD).build();
    assertThat(decode(f, LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
  }

  @Test
  void ipv6ExtensionHeadersAreWalked() {
    byte[] f = frame().ethernet(0x86DD).ipv6("2001:db8::1", "2001:db8::2", 0)
        .bytes(60, 0, 1, 4, 0, 0, 0, 0) // hop-by-hop -> destination options
        .bytes(43, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0) // destination (16 bytes) -> routing
        .bytes(51, 0, 0, 0, 0, 0, 0, 0) // routing -> AH
        .bytes(6, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1) // AH (12 bytes) -> TCP
        .tcp(5000, 80, Packet.TCP_SYN, 1, 0).build();
    assertThat(decode(f, LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertThat(p.protocol).isEqualTo(6);
    assertThat(p.dstPort).isEqualTo(80);
    assertThat(p.tcpFlags).isEqualTo(Packet.TCP_SYN);
  }

  @Test
  void ipv4FragmentsFirstCarriesPortsLaterDoNot() {
    byte[] first = frame().ethernet(0x0800).ipv4("10.0.0.1", "10.0.0.2", 17, 0x4242, 0x2000, new byte[0])
        .udp(1111, 2222).bytes(PAYLOAD).build();
    assertThat(decode(first, LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertThat(p.fragment).isTrue();
    assertThat(p.firstFragment).isTrue();
    assertThat(p.fragmentId).isEqualTo(0x4242);
    assertThat(p.srcPort).isEqualTo(1111);

    byte[] later = frame().ethernet(0x0800).ipv4("10.0.0.1", "10.0.0.2", 17, 0x4242, 185, new byte[0])
        .bytes(PAYLOAD).build();
    assertThat(decode(later, LinkType.ETHERNET)).isEqualTo(DecodeStatus.FRAGMENT);
    assertThat(p.fragmentId).isEqualTo(0x4242);
    assertThat(p.protocol).isEqualTo(17);
    assertThat(p.hasPorts()).isFalse();
  }

  @Test
  void ipv6FragmentsFirstCarriesPortsLaterDoNot() {
    byte[] first = frame().ipv6("2001:db8::1", "2001:db8::2", 44).bytes(17, 0, 0, 1, 0, 0, 0x12, 0x34)
        .udp(1111, 2222).bytes(PAYLOAD).build();
    assertThat(decode(first, LinkType.RAW)).isEqualTo(DecodeStatus.OK);
    assertThat(p.firstFragment).isTrue();
    assertThat(p.fragmentId).isEqualTo(0x1234);
    assertThat(p.dstPort).isEqualTo(2222);

    byte[] later = frame().ipv6("2001:db8::1", "2001:db8::2", 44).bytes(17, 0, 0, 0x10, 0, 0, 0x12, 0x34)
        .bytes(PAYLOAD).build();
    assertThat(decode(later, LinkType.RAW)).isEqualTo(DecodeStatus.FRAGMENT);
    assertThat(p.fragmentId).isEqualTo(0x1234);

    byte[] atomic = frame().ipv6("2001:db8::1", "2001:db8::2", 44).bytes(17, 0, 0, 0, 0, 0, 0, 1)
        .udp(1111, 2222).bytes(PAYLOAD).build();
    assertThat(decode(atomic, LinkType.RAW)).isEqualTo(DecodeStatus.OK);
    assertThat(p.fragment).as("atomic fragment is a whole datagram").isFalse();
  }

  @Test
  void tunnelsAreUnwrappedToTheInnerFlow() {
    // IP-in-IP, 6in4, 4in6, 6in6
    assertThat(decode(ipv4Udp(frame().ethernet(0x0800).ipv4("1.1.1.1", "2.2.2.2", 4)).build(), LinkType.ETHERNET))
        .isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    assertThat(p.tunnelDepth).isEqualTo(1);
    byte[] sixInFour = frame().ethernet(0x0800).ipv4("1.1.1.1", "2.2.2.2", 41).ipv6("2001:db8::1", "2001:db8::2", 17)
        .udp(1, 2).build();
    assertThat(decode(sixInFour, LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertThat(p.ipVersion).isEqualTo(6);
    assertThat(decode(ipv4Udp(frame().ethernet(0x86DD).ipv6("2001:db8::a", "2001:db8::b", 4)).build(), LinkType.ETHERNET))
        .isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    // GRE with key and sequence, carrying IPv4; and transparent Ethernet bridging
    Frames gre = frame().ethernet(0x0800).ipv4("1.1.1.1", "2.2.2.2", 47).u16(0x3000).u16(0x0800).u32(7).u32(1);
    assertThat(decode(ipv4Udp(gre).build(), LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    Frames teb = frame().ethernet(0x0800).ipv4("1.1.1.1", "2.2.2.2", 47).u16(0).u16(0x6558).ethernet(0x0800);
    assertThat(decode(ipv4Udp(teb).build(), LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    // VXLAN and GTP-U
    Frames vxlan = frame().ethernet(0x0800).ipv4("1.1.1.1", "2.2.2.2", 17).udp(50000, 4789)
        .bytes(0x08, 0, 0, 0, 0, 0, 1, 0).ethernet(0x0800);
    assertThat(decode(ipv4Udp(vxlan).build(), LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
    byte[] inner = ipv4Udp(frame()).build();
    byte[] gtp = frame().ethernet(0x0800).ipv4("1.1.1.1", "2.2.2.2", 17).udp(2152, 2152)
        .bytes(0x30, 0xFF).u16(inner.length).u32(1).bytes(inner).build();
    assertThat(decode(gtp, LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertV4Udp();
  }

  @Test
  void ordinaryDatagramOnTunnelPortStaysItself() {
    byte[] f = Frames.udp4("10.0.0.1", 50000, "10.0.0.2", 4789, Bytes.ascii("not a vxlan header at all"));
    assertThat(decode(f, LinkType.ETHERNET)).isEqualTo(DecodeStatus.OK);
    assertThat(p.dstPort).isEqualTo(4789);
    assertThat(p.tunnelDepth).isZero();
  }

  @Test
  void nonIpAndOtherTransports() {
    assertThat(decode(frame().ethernet(0x0806).bytes(new byte[28]).build(), LinkType.ETHERNET)).isEqualTo(DecodeStatus.NOT_IP);
    assertThat(decode(frame().ethernet(0x0800).ipv4("1.1.1.1", "2.2.2.2", 1).bytes(8, 0, 0, 0).build(), LinkType.ETHERNET))
        .isEqualTo(DecodeStatus.OTHER_TRANSPORT);
    assertThat(decode(new byte[20], 147)).isEqualTo(DecodeStatus.UNSUPPORTED_LINK_TYPE);
  }

  @Test
  void malformedHeadersAreNamed() {
    byte[] good = Frames.tcp4("10.0.0.1", 1, "10.0.0.2", 2, Packet.TCP_ACK, 0, 0, PAYLOAD);
    byte[] badVersion = good.clone();
    badVersion[14] = 0x55;
    assertThat(decode(badVersion, LinkType.ETHERNET)).isEqualTo(DecodeStatus.BAD_IP_HEADER);
    byte[] badIhl = good.clone();
    badIhl[14] = 0x42;
    assertThat(decode(badIhl, LinkType.ETHERNET)).isEqualTo(DecodeStatus.BAD_IP_HEADER);
    byte[] badDataOffset = good.clone();
    badDataOffset[14 + 20 + 12] = 0x20;
    assertThat(decode(badDataOffset, LinkType.ETHERNET)).isEqualTo(DecodeStatus.BAD_TRANSPORT_HEADER);
    assertThat(decode(java.util.Arrays.copyOf(good, 10), LinkType.ETHERNET)).isEqualTo(DecodeStatus.TRUNCATED_LINK_HEADER);
    assertThat(decode(java.util.Arrays.copyOf(good, 30), LinkType.ETHERNET)).isEqualTo(DecodeStatus.TRUNCATED_IP_HEADER);
    assertThat(decode(java.util.Arrays.copyOf(good, 40), LinkType.ETHERNET)).isEqualTo(DecodeStatus.TRUNCATED_TRANSPORT_HEADER);
  }

  @ParameterizedTest
  @ValueSource(ints = {LinkType.ETHERNET, LinkType.RAW, LinkType.NULL, LinkType.LINUX_SLL, LinkType.LINUX_SLL2,
      LinkType.PPP, LinkType.PPI, LinkType.C_HDLC, LinkType.IPV6})
  void everyTruncationAndRandomMutationIsAnsweredNotThrown(int linkType) {
    byte[] seed = frame().ethernet(0x8100).vlan(1, 0x0800).ipv4("1.1.1.1", "2.2.2.2", 47).u16(0x3000).u16(0x86DD).u32(1).u32(2)
        .ipv6("2001:db8::1", "2001:db8::2", 44).bytes(17, 0, 0, 1, 0, 0, 0, 9).udp(2152, 2152).bytes(new byte[64]).build();
    for (int n = 0; n <= seed.length; n++) decoder.decode(seed, 0, n, linkType, p);
    Random random = new Random(linkType);
    byte[] buf = new byte[seed.length + 16];
    for (int i = 0; i < 20_000; i++) {
      System.arraycopy(seed, 0, buf, 8, seed.length);
      for (int k = random.nextInt(6); k >= 0; k--) buf[8 + random.nextInt(seed.length)] = (byte) random.nextInt();
      int length = random.nextInt(seed.length + 1);
      DecodeStatus s = decoder.decode(buf, 8, length, linkType, p);
      assertThat(s).isNotNull();
      if (s == DecodeStatus.OK) { // the payload never reaches outside the frame
        assertThat(p.payloadLength).isNotNegative();
        assertThat(p.payloadOffset).isBetween(8, 8 + length);
        assertThat(p.payloadOffset + p.payloadLength).isLessThanOrEqualTo(8 + length);
      }
    }
  }
}
