package dev.seawall.engine.detect.bittorrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UdpLookalikesTest {
  private static int identify(byte[] b) {
    return UdpLookalikes.identify(b, 0, b.length);
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void stunWithAndWithoutTheMagicCookie() {
    byte[] request = ByteBuffer.allocate(28).putShort((short) 0x0001).putShort((short) 8).putInt(0x2112A442)
        .put(new byte[12]).putInt(0x80220004).putInt(0).array();
    assertThat(identify(request)).isEqualTo(UdpLookalikes.STUN);
    // A classic (RFC 3489) binding response, type 0x0101: the same first byte as uTP DATA with a SACK.
    byte[] classic = ByteBuffer.allocate(32).putShort((short) 0x0101).putShort((short) 12).put(new byte[16]).putInt(1)
        .putInt(2).putInt(3).array();
    assertThat(identify(classic)).isEqualTo(UdpLookalikes.STUN);
  }

  @Test
  void otherProtocolsByTheirOwnInvariants() {
    assertThat(identify(hex("16 fefd 0000 0000 0000 0001 0010" + "00".repeat(16)))).isEqualTo(UdpLookalikes.DTLS);
    assertThat(identify(hex("80 60 1234 00000001 deadbeef" + "00".repeat(20)))).isEqualTo(UdpLookalikes.RTP);
    assertThat(identify(hex("81 c8 0006 deadbeef" + "00".repeat(20)))).isEqualTo(UdpLookalikes.RTP); // RTCP SR
    assertThat(identify(hex("c3 00000001 08 0102030405060708 00" + "00".repeat(30)))).isEqualTo(UdpLookalikes.QUIC);
    assertThat(identify(hex("cf 6b3343cf 08 0102030405060708 00" + "00".repeat(30)))).isEqualTo(UdpLookalikes.QUIC);
    // Probe 17: a 20-byte DNS query whose id 0x4100 makes it look like a uTP SYN.
    assertThat(identify(hex("4100 0100 0001 0000 0000 0000 02 6161 00 0001 0001"))).isEqualTo(UdpLookalikes.DNS);
    byte[] wgInit = new byte[148];
    wgInit[0] = 1;
    assertThat(identify(wgInit)).isEqualTo(UdpLookalikes.WIREGUARD);
    byte[] wgData = new byte[96];
    wgData[0] = 4;
    assertThat(identify(wgData)).isEqualTo(UdpLookalikes.WIREGUARD);
    assertThat(identify(hex("01000000 16 fefd 0000 0000 0000 0001 0010" + "00".repeat(16)))).isEqualTo(UdpLookalikes.CAPWAP);
    byte[] teredo = ByteBuffer.allocate(8 + 40 + 8).putShort((short) 0).putShort((short) 0x1234).putInt(0)
        .putInt(0x60000000).putShort((short) 8).put((byte) 58).put((byte) 64).put(new byte[32]).put(new byte[8]).array();
    assertThat(identify(teredo)).isEqualTo(UdpLookalikes.TEREDO);
  }

  @Test
  void realUtpHeadersAreNoneOfThem() {
    String[] lab = {
      "41008038fd3debd30000000000000000cdfb0000", // libtorrent SYN
      "21008038fd3dec5e0000002800100000407fcdfb", // its STATE
      "410286208e179adb00000000000400000d66000000080000000000000000", // transmission SYN
      "01008039fd3decb40000002200100000cdfc407e13426974546f7272656e742070726f746f636f6c",
      "11038039fd3f099c0000000f00100000ce3d4499000400000006", // FIN with close reason
    };
    for (String s : lab) assertThat(identify(hex(s))).as(s).isEqualTo(UdpLookalikes.NONE);
  }
}
