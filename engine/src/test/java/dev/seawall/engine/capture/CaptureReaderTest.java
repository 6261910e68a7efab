package dev.seawall.engine.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seawall.engine.packet.LinkType;
import dev.seawall.engine.testing.CaptureFiles;
import dev.seawall.engine.testing.CaptureFiles.Frame;
import dev.seawall.engine.testing.CaptureFiles.PcapNg;
import dev.seawall.engine.testing.Frames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {
  @TempDir Path dir;

  private static final long T0 = 1_700_000_000_123_456_789L;

  private static List<Frame> frames(int n) {
    List<Frame> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] data = Frames.udp4("10.0.0.1", 1000 + i, "10.0.0.2", 53, new byte[i * 7]);
      out.add(new Frame(data, T0 + i * 1_000_000_000L + i));
    }
    return out;
  }

  private record Read(List<byte[]> data, List<Long> times, List<Integer> linkTypes, CaptureReader reader) {}

  private Read read(byte[] file) throws Exception {
    Path p = dir.resolve("c" + System.nanoTime());
    Files.write(p, file);
    return readPath(p);
  }

  private static Read readPath(Path p) throws Exception {
    List<byte[]> data = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    List<Integer> links = new ArrayList<>();
    CaptureReader reader = Captures.open(p);
    try (reader) {
      CaptureRecord r = new CaptureRecord();
      while (reader.next(r)) {
        data.add(Arrays.copyOfRange(r.buffer, r.offset, r.offset + r.length));
        times.add(r.timestampNanos);
        links.add(r.linkType);
      }
    }
    return new Read(data, times, links, reader);
  }

  @Test
  void pcapInBothByteOrdersWithMicroAndNanoseconds() throws Exception {
    List<Frame> frames = frames(5);
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      for (boolean nanos : new boolean[] {false, true}) {
        Read r = read(CaptureFiles.pcap(order, nanos, LinkType.ETHERNET, frames));
        assertThat(r.reader.format()).isEqualTo(nanos ? "pcap-ns" : "pcap");
        assertThat(r.data).hasSize(5);
        for (int i = 0; i < 5; i++) {
          assertThat(r.data.get(i)).isEqualTo(frames.get(i).data());
          long expected = frames.get(i).timestampNanos();
          assertThat(r.times.get(i)).isEqualTo(nanos ? expected : expected / 1000 * 1000);
        }
        assertThat(r.linkTypes).containsOnly(LinkType.ETHERNET);
        assertThat(r.reader.warnings()).isEmpty();
      }
    }
  }

  @Test
  void pcapWithSmallSnapLengthReportsWireLength() throws Exception {
    byte[] data = Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, new byte[100]);
    byte[] cut = Arrays.copyOf(data, 60);
    byte[] file = CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(new Frame(cut, data.length, T0, 0)));
    Path p = dir.resolve("snap.pcap");
    Files.write(p, file);
    try (CaptureReader reader = Captures.open(p)) {
      CaptureRecord r = new CaptureRecord();
      assertThat(reader.next(r)).isTrue();
      assertThat(r.length).isEqualTo(60);
      assertThat(r.wireLength).isEqualTo(data.length);
    }
  }

  @Test
  void gzipCompressedCapturesAreReadTransparently() throws Exception {
    List<Frame> frames = frames(50);
    byte[] plain = CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, frames);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(plain);
    }
    Read r = read(gz.toByteArray());
    assertThat(r.reader.format()).isEqualTo("pcap+gzip");
    assertThat(r.data).hasSize(50);
    assertThat(r.data.get(49)).isEqualTo(frames.get(49).data());
  }

  @Test
  void truncatedFinalRecordIsAWarningNotAnError() throws Exception {
    byte[] file = CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, frames(3));
    for (int cut = 1; cut < 16 + 20; cut++) {
      Read r = read(Arrays.copyOf(file, file.length - cut));
      assertThat(r.data).hasSize(2);
      assertThat(r.reader.warnings()).singleElement().asString().contains("truncated final record").contains("offset");
    }
  }

  @Test
  void corruptRecordHeaderStopsWithTheOffset() throws Exception {
    byte[] file = CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, frames(3));
    int second = 24 + 16 + frames(1).get(0).data().length;
    file[second + 8 + 3] = 0x7f; // captured length ~2 GB
    Path p = dir.resolve("corrupt.pcap");
    Files.write(p, file);
    List<byte[]> before = new ArrayList<>();
    try (CaptureReader reader = Captures.open(p)) {
      CaptureRecord r = new CaptureRecord();
      assertThatThrownBy(() -> {
        while (reader.next(r)) before.add(r.buffer.clone());
      }).isInstanceOf(CaptureException.class)
          .hasMessageContaining(p.toString())
          .hasMessageContaining("offset " + second)
          .hasMessageContaining("corrupt record header");
    }
    assertThat(before).as("the good record before the corruption was delivered").hasSize(1);
  }

  @Test
  void notACaptureAndEmptyFilesAreNamed() throws Exception {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "this is not a capture file");
    assertThatThrownBy(() -> Captures.open(text)).isInstanceOf(CaptureException.class)
        .hasMessageContaining("notes.txt").hasMessageContaining("not a pcap file");
    Path empty = dir.resolve("empty.pcap");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> Captures.open(empty)).isInstanceOf(CaptureException.class).hasMessageContaining("empty file");
  }

  @Test
  void pcapngWithSeveralInterfacesLinkTypesResolutionsAndBlockKinds() throws Exception {
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      byte[] eth = Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, new byte[3]);
      byte[] raw = Arrays.copyOfRange(eth, 14, eth.length);
      PcapNg ng = new PcapNg().section(order)
          .iface(LinkType.ETHERNET, -1) // microseconds
          .iface(LinkType.RAW, 9) // nanoseconds
          .iface(LinkType.LINUX_SLL, 0x80 | 20) // 2^-20 s
          .other(4, new byte[8]) // name resolution block: skipped
          .epb(0, 1_700_000_000_000_001L, eth)
          .epb(1, 1_700_000_000_000_000_002L, raw)
          .opb(0, 1_700_000_000_000_003L, eth)
          .spb(eth)
          .epb(2, (1_700_000_000L << 20) | (1 << 19), eth);
      Read r = read(ng.bytes());
      assertThat(r.reader.format()).isEqualTo("pcapng");
      assertThat(r.data).hasSize(5);
      assertThat(r.linkTypes).containsExactly(LinkType.ETHERNET, LinkType.RAW, LinkType.ETHERNET, LinkType.ETHERNET,
          LinkType.LINUX_SLL);
      assertThat(r.data.get(1)).isEqualTo(raw);
      assertThat(r.times.get(0)).isEqualTo(1_700_000_000_000_001_000L);
      assertThat(r.times.get(1)).isEqualTo(1_700_000_000_000_000_002L);
      assertThat(r.times.get(3)).as("SPB keeps the previous time").isEqualTo(r.times.get(2));
      assertThat(r.times.get(4)).isEqualTo(1_700_000_000_500_000_000L);
    }
  }

  @Test
  void pcapngSectionsMayChangeByteOrderAndInterfaces() throws Exception {
    byte[] eth = Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, new byte[1]);
    byte[] raw = Arrays.copyOfRange(eth, 14, eth.length);
    byte[] first = new PcapNg().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, -1).epb(0, 1, eth).bytes();
    byte[] second = new PcapNg().section(ByteOrder.BIG_ENDIAN).iface(LinkType.RAW, -1).epb(0, 2, raw).bytes();
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    Read r = read(both);
    assertThat(r.linkTypes).containsExactly(LinkType.ETHERNET, LinkType.RAW);
  }

  @Test
  void pcapngPacketOnUndefinedInterfaceIsSkippedWithAWarning() throws Exception {
    byte[] eth = Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, new byte[1]);
    byte[] file = new PcapNg().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, -1)
        .epb(5, 1, eth).epb(0, 2, eth).bytes();
    Read r = read(file);
    assertThat(r.data).hasSize(1);
    assertThat(r.reader.warnings()).singleElement().asString().contains("undefined interface 5");
  }

  @Test
  void pcapngCorruptAndTruncatedBlocks() throws Exception {
    byte[] eth = Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, new byte[1]);
    byte[] file = new PcapNg().section(ByteOrder.LITTLE_ENDIAN).iface(LinkType.ETHERNET, -1).epb(0, 1, eth).epb(0, 2, eth)
        .bytes();
    Read truncated = read(Arrays.copyOf(file, file.length - 5));
    assertThat(truncated.data).hasSize(1);
    assertThat(truncated.reader.warnings()).singleElement().asString().contains("truncated final record");

    byte[] corrupt = file.clone();
    int secondEpb = file.length - (12 + 20 + ((eth.length + 3) & ~3));
    corrupt[secondEpb + 4] = 7; // block length not a multiple of 4
    Path p = dir.resolve("corrupt.pcapng");
    Files.write(p, corrupt);
    try (CaptureReader reader = Captures.open(p)) {
      CaptureRecord r = new CaptureRecord();
      assertThat(reader.next(r)).isTrue();
      assertThatThrownBy(() -> reader.next(r)).isInstanceOf(CaptureException.class)
          .hasMessageContaining("offset " + secondEpb);
    }
  }

  @Test
  void largeFilesStreamInConstantMemory() throws Exception {
    // 40 MB of frames through a 1 MiB window: the reader's buffer never grows.
    Path p = dir.resolve("big.pcap");
    byte[] frame = Frames.udp4("10.0.0.1", 1, "10.0.0.2", 2, new byte[1400]);
    try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(p), 1 << 16)) {
      out.write(CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of()));
      byte[] header = new byte[16];
      java.nio.ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(0).putInt(frame.length).putInt(frame.length);
      for (int i = 0; i < 28_000; i++) {
        out.write(header);
        out.write(frame);
      }
    }
    long count = 0;
    try (CaptureReader reader = Captures.open(p)) {
      CaptureRecord r = new CaptureRecord();
      while (reader.next(r)) {
        count++;
        assertThat(r.buffer.length).isEqualTo(InputBuffer.INITIAL_SIZE);
      }
    }
    assertThat(count).isEqualTo(28_000);
  }

  @Test
  void recordsLargerThanTheWindowStillRead() throws Exception {
    byte[] jumbo = new byte[3 << 20];
    jumbo[jumbo.length - 1] = 42;
    Read r = read(CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, List.of(new Frame(jumbo, T0))));
    assertThat(r.data).hasSize(1);
    assertThat(r.data.get(0)[jumbo.length - 1]).isEqualTo((byte) 42);
  }

  @Test
  void readsFromAStream() throws IOException, CaptureException {
    byte[] file = CaptureFiles.pcap(ByteOrder.LITTLE_ENDIAN, false, 1, frames(4));
    try (CaptureReader reader = Captures.open("stdin", new java.io.ByteArrayInputStream(file))) {
      CaptureRecord r = new CaptureRecord();
      int n = 0;
      while (reader.next(r)) n++;
      assertThat(n).isEqualTo(4);
    }
  }
}
