package dev.seawall.engine.capture;

import dev.seawall.engine.packet.Bytes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * pcapng files: section header, interface description, enhanced, simple and obsolete packet
 * blocks; several sections and interfaces, each interface with its own link type and timestamp
 * resolution; either byte order per section. Other block types are skipped.
 */
public final class PcapNgReader implements CaptureReader {
  static final int SHB = 0x0A0D0D0A;
  private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
  private static final int IDB = 1;
  private static final int OPB = 2;
  private static final int SPB = 3;
  private static final int EPB = 6;

  private static final int OPT_END = 0;
  private static final int OPT_IF_TSRESOL = 9;
  private static final int OPT_IF_TSOFFSET = 14;

  static final int MAX_BLOCK = 64 << 20;

  private final String source;
  private final InputBuffer in;
  private final String format;
  private final List<String> warnings = new ArrayList<>();

  private boolean swapped;
  private int interfaces;
  private int[] linkTypes = new int[4];
  private int[] snapLengths = new int[4];
  /** Timestamp units per second as (multiplier, divisor) to nanoseconds, per interface. */
  private long[] tsMultiply = new long[4];
  private long[] tsDivide = new long[4];
  private long[] tsOffsetNanos = new long[4];
  private long lastTimestamp;
  private int undefinedInterfaceWarnings;

  PcapNgReader(String source, InputBuffer in, String compression) throws IOException, CaptureException {
    this.source = source;
    this.in = in;
    this.format = "pcapng" + compression;
    if (!in.ensure(12) || Bytes.i32(in.buf, in.pos) != SHB) {
      throw new CaptureException(source, 0, "not a pcapng file (no section header block)");
    }
  }

  private int u32(int at) {
    return swapped ? Bytes.i32le(in.buf, at) : Bytes.i32(in.buf, at);
  }

  private int u16(int at) {
    return swapped ? Bytes.u16le(in.buf, at) : Bytes.u16(in.buf, at);
  }

  @Override
  public boolean next(CaptureRecord r) throws CaptureException, IOException {
    while (true) {
      long blockStart = in.position();
      if (!in.ensure(12)) {
        if (in.available() > 0) truncated(blockStart, "block header");
        return false;
      }
      int type = Bytes.i32(in.buf, in.pos); // SHB's type is a palindrome: byte order does not matter
      if (type == SHB) {
        int bom = Bytes.i32(in.buf, in.pos + 8);
        if (bom == BYTE_ORDER_MAGIC) swapped = false;
        else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) swapped = true;
        else throw new CaptureException(source, blockStart, String.format("section header with bad byte-order magic %08x", bom));
        interfaces = 0;
      } else {
        type = u32(in.pos);
      }
      int length = u32(in.pos + 4);
      if (length < 12 || length > MAX_BLOCK || (length & 3) != 0) {
        throw new CaptureException(source, blockStart, "block of type " + Integer.toUnsignedString(type)
            + " claims length " + Integer.toUnsignedString(length) + ": corrupt block header");
      }
      if (!in.ensure(length)) {
        truncated(blockStart, "block of " + length + " bytes");
        return false;
      }
      int body = in.pos + 8;
      int bodyEnd = in.pos + length - 4;
      if (u32(bodyEnd) != length) {
        throw new CaptureException(source, blockStart, "block length " + length
            + " does not match its trailing copy " + Integer.toUnsignedString(u32(bodyEnd)));
      }
      boolean packet = switch (type) {
        case SHB -> false;
        case IDB -> {
          defineInterface(body, bodyEnd, blockStart);
          yield false;
        }
        case EPB -> enhanced(r, body, bodyEnd, blockStart);
        case OPB -> obsolete(r, body, bodyEnd, blockStart);
        case SPB -> simple(r, body, bodyEnd, blockStart);
        default -> false;
      };
      in.pos += length;
      if (packet) return true;
    }
  }

  private void defineInterface(int body, int end, long blockStart) throws CaptureException {
    if (end - body < 8) throw new CaptureException(source, blockStart, "interface description block too short");
    if (interfaces == linkTypes.length) {
      int n = interfaces * 2;
      linkTypes = Arrays.copyOf(linkTypes, n);
      snapLengths = Arrays.copyOf(snapLengths, n);
      tsMultiply = Arrays.copyOf(tsMultiply, n);
      tsDivide = Arrays.copyOf(tsDivide, n);
      tsOffsetNanos = Arrays.copyOf(tsOffsetNanos, n);
    }
    int i = interfaces++;
    linkTypes[i] = u16(body);
    snapLengths[i] = u32(body + 4);
    tsMultiply[i] = 1000; // default resolution: microseconds
    tsDivide[i] = 1;
    tsOffsetNanos[i] = 0;
    for (int at = body + 8; at + 4 <= end; ) {
      int code = u16(at);
      int optionLength = u16(at + 2);
      int value = at + 4;
      if (code == OPT_END || value + optionLength > end) break;
      if (code == OPT_IF_TSRESOL && optionLength >= 1) {
        int resolution = Bytes.u8(in.buf, value);
        int exponent = resolution & 0x7f;
        if ((resolution & 0x80) == 0) { // 10^-exponent seconds
          if (exponent <= 9) {
            tsMultiply[i] = pow10(9 - exponent);
            tsDivide[i] = 1;
          } else {
            tsMultiply[i] = 1;
            tsDivide[i] = pow10(Math.min(18, exponent - 9));
          }
        } else { // 2^-exponent seconds: multiply by 1e9, divide by 2^exponent (kept as a shift marker)
          tsMultiply[i] = 1_000_000_000L;
          tsDivide[i] = -Math.min(exponent, 62);
        }
      } else if (code == OPT_IF_TSOFFSET && optionLength >= 8) {
        long hi = u32(value) & 0xffff_ffffL;
        long lo = u32(value + 4) & 0xffff_ffffL;
        tsOffsetNanos[i] = ((hi << 32) | lo) * 1_000_000_000L;
      }
      at = value + ((optionLength + 3) & ~3);
    }
  }

  private static long pow10(int n) {
    long v = 1;
    for (int k = 0; k < n; k++) v *= 10;
    return v;
  }

  private long timestamp(int iface, long high, long low) {
    long units = (high << 32) | low;
    long divide = tsDivide[iface];
    long nanos;
    if (divide > 0) {
      nanos = tsMultiply[iface] == 1 ? units / divide : units * tsMultiply[iface];
    } else {
      int shift = (int) -divide;
      long whole = units >>> shift;
      long fraction = units & ((1L << shift) - 1);
      nanos = whole * 1_000_000_000L + Math.unsignedMultiplyHigh(fraction << (64 - shift), 1_000_000_000L);
    }
    return nanos + tsOffsetNanos[iface];
  }

  private boolean interfaceKnown(int iface, long blockStart) {
    if (iface >= 0 && iface < interfaces) return true;
    if (undefinedInterfaceWarnings++ < 10) {
      warnings.add(source + ": offset " + blockStart + ": packet on undefined interface " + iface + " skipped");
    }
    return false;
  }

  private boolean enhanced(CaptureRecord r, int body, int end, long blockStart) throws CaptureException {
    if (end - body < 20) throw new CaptureException(source, blockStart, "enhanced packet block too short");
    int iface = u32(body);
    if (!interfaceKnown(iface, blockStart)) return false;
    int captured = u32(body + 12);
    if (captured < 0 || captured > end - body - 20) {
      throw new CaptureException(source, blockStart, "enhanced packet block claims " + Integer.toUnsignedString(captured)
          + " captured bytes but holds " + (end - body - 20));
    }
    fill(r, iface, timestamp(iface, u32(body + 4) & 0xffff_ffffL, u32(body + 8) & 0xffff_ffffL),
        body + 20, captured, u32(body + 16), blockStart);
    return true;
  }

  private boolean obsolete(CaptureRecord r, int body, int end, long blockStart) throws CaptureException {
    if (end - body < 20) throw new CaptureException(source, blockStart, "packet block too short");
    int iface = u16(body);
    if (!interfaceKnown(iface, blockStart)) return false;
    int captured = u32(body + 12);
    if (captured < 0 || captured > end - body - 20) {
      throw new CaptureException(source, blockStart, "packet block claims " + Integer.toUnsignedString(captured)
          + " captured bytes but holds " + (end - body - 20));
    }
    fill(r, iface, timestamp(iface, u32(body + 4) & 0xffff_ffffL, u32(body + 8) & 0xffff_ffffL),
        body + 20, captured, u32(body + 16), blockStart);
    return true;
  }

  private boolean simple(CaptureRecord r, int body, int end, long blockStart) throws CaptureException {
    if (end - body < 4) throw new CaptureException(source, blockStart, "simple packet block too short");
    if (!interfaceKnown(0, blockStart)) return false;
    int wire = u32(body);
    int captured = Math.min(end - body - 4, wire < 0 ? Integer.MAX_VALUE : wire);
    if (snapLengths[0] > 0) captured = Math.min(captured, snapLengths[0]);
    // A simple packet block has no timestamp: keep the clock where the previous packet left it.
    fill(r, 0, lastTimestamp, body + 4, captured, wire, blockStart);
    return true;
  }

  private void fill(CaptureRecord r, int iface, long timestamp, int data, int captured, int wire, long blockStart) {
    r.buffer = in.buf;
    r.offset = data;
    r.length = captured;
    r.wireLength = wire < captured ? captured : wire;
    r.timestampNanos = timestamp;
    r.linkType = linkTypes[iface];
    r.interfaceId = iface;
    r.streamOffset = blockStart;
    lastTimestamp = timestamp;
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
