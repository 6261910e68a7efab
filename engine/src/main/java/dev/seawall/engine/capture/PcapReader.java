package dev.seawall.engine.capture;

import dev.seawall.engine.packet.Bytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic libpcap files: either byte order, microsecond or nanosecond timestamps, any snap length,
 * and the "modified" (Kuznetzov) variant whose records carry 8 extra header bytes.
 */
public final class PcapReader implements CaptureReader {
  static final int MAGIC_MICROS = 0xA1B2C3D4;
  static final int MAGIC_NANOS = 0xA1B23C4D;
  static final int MAGIC_MODIFIED = 0xA1B2CD34;

  /** Larger records are corruption: no link layer frames anything near this. */
  static final int MAX_RECORD = 16 << 20;

  private final String source;
  private final InputBuffer in;
  private final boolean swapped;
  private final boolean nanos;
  private final int recordHeaderLength;
  private final int linkType;
  private final int snapLength;
  private final String format;
  private final List<String> warnings = new ArrayList<>();

  PcapReader(String source, InputBuffer in, String compression) throws IOException, CaptureException {
    this.source = source;
    this.in = in;
    if (!in.ensure(24)) throw new CaptureException(source, 0, "pcap file header cut short (need 24 bytes)");
    int magic = Bytes.i32(in.buf, in.pos);
    int native_ = magic;
    swapped = switch (magic) {
      case MAGIC_MICROS, MAGIC_NANOS, MAGIC_MODIFIED -> false;
      default -> {
        native_ = Integer.reverseBytes(magic);
        if (native_ != MAGIC_MICROS && native_ != MAGIC_NANOS && native_ != MAGIC_MODIFIED) {
          throw new CaptureException(source, 0, String.format("not a pcap file (magic %08x)", magic));
        }
        yield true;
      }
    };
    nanos = native_ == MAGIC_NANOS;
    recordHeaderLength = native_ == MAGIC_MODIFIED ? 24 : 16;
    snapLength = u32(in.pos + 16);
    linkType = u32(in.pos + 20) & 0xFFFF; // upper bits carry FCS information
    in.pos += 24;
    format = (nanos ? "pcap-ns" : "pcap") + compression;
  }

  private int u32(int at) {
    byte[] b = in.buf; // read here rather than through Bytes: four calls per record, and C1 does not inline two levels
    return swapped
        ? b[at + 3] << 24 | (b[at + 2] & 0xff) << 16 | (b[at + 1] & 0xff) << 8 | (b[at] & 0xff)
        : b[at] << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
  }

  public int linkType() {
    return linkType;
  }

  public int snapLength() {
    return snapLength;
  }

  @Override
  public boolean next(CaptureRecord r) throws CaptureException, IOException {
    long recordStart = in.position();
    if (!in.ensure(recordHeaderLength)) {
      if (in.available() > 0) truncated(recordStart, "record header");
      return false;
    }
    int at = in.pos;
    long seconds = u32(at) & 0xffff_ffffL;
    long fraction = u32(at + 4) & 0xffff_ffffL;
    int captured = u32(at + 8);
    int wire = u32(at + 12);
    if (captured < 0 || captured > MAX_RECORD) {
      throw new CaptureException(source, recordStart, "record claims " + Integer.toUnsignedString(captured)
          + " captured bytes (snap length " + Integer.toUnsignedString(snapLength) + "): corrupt record header");
    }
    if (!in.ensure(recordHeaderLength + captured)) {
      truncated(recordStart, "record of " + captured + " bytes");
      return false;
    }
    r.buffer = in.buf;
    r.offset = in.pos + recordHeaderLength;
    r.length = captured;
    r.wireLength = wire < captured ? captured : wire;
    r.timestampNanos = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
    r.linkType = linkType;
    r.interfaceId = 0;
    r.streamOffset = recordStart;
    in.pos += recordHeaderLength + captured;
    return true;
  }

  private void truncated(long offset, String what) {
    warnings.add(source + ": offset " + offset + ": " + what + " cut short by the end of the file (truncated final record)");
  }

  @Override
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public String format() {
    return format;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
