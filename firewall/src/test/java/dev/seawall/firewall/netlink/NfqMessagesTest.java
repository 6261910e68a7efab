package dev.seawall.firewall.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Byte-exact checks against the layouts in linux/netfilter/nfnetlink_queue.h (x86-64, little-endian host). */
class NfqMessagesTest {

  private static String hex(MemorySegment s, long len) {
    return HexFormat.of().formatHex(s.asSlice(0, len).toArray(ValueLayout.JAVA_BYTE));
  }

  @Test
  void verdictWithMark() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment b = a.allocate(64);
      long len = NfqMessages.verdict(b, 0, 3, 0x01020304, Nfq.NF_REPEAT, true, 0x40000000);
      assertThat(len).isEqualTo(NfqMessages.VERDICT_WITH_MARK_SIZE);
      assertThat(hex(b, len)).isEqualTo(
          "28000000" + "0103" + "0100" + "00000000" + "00000000" // nlmsghdr: len 40, type 0x301, REQUEST
              + "00" + "00" + "0003" // nfgenmsg: AF_UNSPEC, v0, queue 3 big-endian
              + "0c00" + "0200" + "00000004" + "01020304" // NFQA_VERDICT_HDR {verdict, id} big-endian
              + "0800" + "0300" + "40000000"); // NFQA_MARK big-endian
    }
  }

  @Test
  void configMessagesAskForAcknowledgement() {
    try (Arena a = Arena.ofConfined()) {
      MemorySegment b = a.allocate(64);
      long len = NfqMessages.command(b, 0, 9, 5, Nfq.CMD_BIND);
      assertThat(hex(b, len)).isEqualTo("1c000000" + "0203" + "0500" + "09000000" + "00000000"
          + "00000005" + "0800" + "0100" + "01" + "00" + "0002");
      len = NfqMessages.copyPackets(b, 0, 10, 5, 4096);
      assertThat(hex(b, len)).isEqualTo("20000000" + "0203" + "0500" + "0a000000" + "00000000"
          + "00000005" + "0900" + "0200" + "00001000" + "02" + "000000");
      len = NfqMessages.flags(b, 0, 11, 5, Nfq.CFG_F_FAIL_OPEN | Nfq.CFG_F_GSO, Nfq.CFG_F_GSO);
      assertThat(hex(b, len)).isEqualTo("24000000" + "0203" + "0500" + "0b000000" + "00000000"
          + "00000005" + "0800" + "0400" + "00000005" + "0800" + "0500" + "00000004");
    }
  }
}
