package dev.seawall.firewall.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seawall.engine.packet.DecodeStatus;
import dev.seawall.engine.packet.LinkType;
import dev.seawall.engine.packet.Packet;
import dev.seawall.engine.packet.PacketDecoder;
import org.junit.jupiter.api.Test;

class TcpResetTest {
  private final PacketDecoder decoder = new PacketDecoder();

  private Packet decode(byte[] b, int len) {
    Packet p = new Packet();
    assertThat(decoder.decode(b, 0, len, LinkType.RAW, p)).isEqualTo(DecodeStatus.OK);
    return p;
  }

  /** One's-complement sum over the pseudo-header and segment: 0xffff when the checksum is right. */
  private static int verify(byte[] b, boolean v4, int ipLen, int segLen) {
    long sum = 0;
    int from = v4 ? 12 : 8, to = v4 ? 20 : 40;
    for (int i = from; i < to; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    sum += 6 + segLen;
    for (int i = 0; i < segLen; i += 2) sum += ((b[ipLen + i] & 0xff) << 8) | (b[ipLen + i + 1] & 0xff);
    while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
    return (int) sum;
  }

  @Test
  void ipv4ResetGoesFromSenderToReceiverWithTheDroppedSequence() {
    byte[] pkt = new byte[200];
    int n = SyntheticPackets.tcp(pkt, 0x0a000001, 40000, 0x0a000002, 6881, 0x11223344, 0x55667788,
        SyntheticPackets.ACK | SyntheticPackets.PSH, new byte[68]);
    Packet p = decode(pkt, n);
    byte[] out = new byte[TcpReset.IPV6_LENGTH];
    int len = TcpReset.toReceiver(p, out);
    assertThat(len).isEqualTo(40);
    Packet r = decode(out, len);
    assertThat(r.srcLo).isEqualTo(p.srcLo);
    assertThat(r.dstLo).isEqualTo(p.dstLo);
    assertThat(r.srcPort).isEqualTo(40000);
    assertThat(r.dstPort).isEqualTo(6881);
    assertThat(r.tcpSeq).isEqualTo(0x11223344);
    assertThat(r.tcpAck).isEqualTo(0x55667788);
    assertThat(r.tcpFlags).isEqualTo(Packet.TCP_RST | Packet.TCP_ACK);
    assertThat(r.payloadLength).isZero();
    assertThat(verify(out, true, 20, 20)).isEqualTo(0xffff);
  }

  @Test
  void ipv6Reset() {
    byte[] pkt = new byte[120];
    pkt[0] = 0x60;
    pkt[5] = 20; // payload length
    pkt[6] = 6;
    pkt[7] = 64;
    for (int i = 8; i < 40; i++) pkt[i] = (byte) (i < 24 ? 0x20 + i : 0x40 + i);
    // TCP header: ports, seq, ack, offset 5, SYN|ACK
    pkt[40] = (byte) 0xc3; pkt[41] = 0x50; pkt[42] = 0x1a; pkt[43] = (byte) 0xe1;
    pkt[44] = 1; pkt[45] = 2; pkt[46] = 3; pkt[47] = 4;
    pkt[48] = 9; pkt[49] = 8; pkt[50] = 7; pkt[51] = 6;
    pkt[52] = 0x50; pkt[53] = 0x12;
    Packet p = decode(pkt, 60);
    byte[] out = new byte[TcpReset.IPV6_LENGTH];
    int len = TcpReset.toReceiver(p, out);
    assertThat(len).isEqualTo(60);
    Packet r = decode(out, len);
    assertThat(r.ipVersion).isEqualTo(6);
    assertThat(r.srcHi).isEqualTo(p.srcHi);
    assertThat(r.dstLo).isEqualTo(p.dstLo);
    assertThat(r.tcpSeq).isEqualTo(0x01020305); // a SYN counts one
    assertThat(verify(out, false, 40, 20)).isEqualTo(0xffff);
  }

  @Test
  void noResetForAPureSynOrAReset() {
    byte[] pkt = new byte[100];
    byte[] out = new byte[TcpReset.IPV6_LENGTH];
    int n = SyntheticPackets.tcp(pkt, 1, 2, 3, 4, 5, 0, SyntheticPackets.SYN, null);
    assertThat(TcpReset.toReceiver(decode(pkt, n), out)).isZero();
    n = SyntheticPackets.tcp(pkt, 1, 2, 3, 4, 5, 0, SyntheticPackets.RST | SyntheticPackets.ACK, null);
    assertThat(TcpReset.toReceiver(decode(pkt, n), out)).isZero();
    n = SyntheticPackets.udp(pkt, 1, 2, 3, 4, new byte[8]);
    assertThat(TcpReset.toReceiver(decode(pkt, n), out)).isZero();
  }
}
