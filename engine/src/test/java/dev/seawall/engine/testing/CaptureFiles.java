package dev.seawall.engine.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Writes pcap and pcapng bytes for tests, in either byte order. */
public final class CaptureFiles {
  private CaptureFiles() {}

  /** One frame to write: captured bytes, wire length, time in nanoseconds, interface. */
  public record Frame(byte[] data, int wireLength, long timestampNanos, int iface) {
    public Frame(byte[] data, long timestampNanos) {
      this(data, data.length, timestampNanos, 0);
    }
  }

  public static byte[] pcap(ByteOrder order, boolean nanos, int linkType, List<Frame> frames) {
    ByteBuffer b = ByteBuffer.allocate(24 + frames.stream().mapToInt(f -> 16 + f.data().length).sum()).order(order);
    b.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(65535).putInt(linkType);
    for (Frame f : frames) {
      long sec = f.timestampNanos() / 1_000_000_000L;
      long frac = f.timestampNanos() % 1_000_000_000L;
      b.putInt((int) sec).putInt((int) (nanos ? frac : frac / 1000)).putInt(f.data().length).putInt(f.wireLength());
      b.put(f.data());
    }
    return b.array();
  }

  /** A pcapng section builder. */
  public static final class PcapNg {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    public PcapNg section(ByteOrder order) {
      this.order = order;
      ByteBuffer body = buf(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1);
      return block(0x0A0D0D0A, body.array());
    }

    /** Interface with a link type and optional if_tsresol (-1 = default microseconds). */
    public PcapNg iface(int linkType, int tsresol) {
      ByteBuffer body = buf(tsresol >= 0 ? 8 + 8 + 4 : 8);
      body.putShort((short) linkType).putShort((short) 0).putInt(65535);
      if (tsresol >= 0) {
        body.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
        body.putShort((short) 0).putShort((short) 0);
      }
      return block(1, body.array());
    }

    /** Enhanced packet block; the timestamp is in the interface's units. */
    public PcapNg epb(int iface, long units, byte[] data) {
      int padded = (data.length + 3) & ~3;
      ByteBuffer body = buf(20 + padded);
      body.putInt(iface).putInt((int) (units >>> 32)).putInt((int) units).putInt(data.length).putInt(data.length);
      body.put(data);
      return block(6, body.array());
    }

    public PcapNg spb(byte[] data) {
      int padded = (data.length + 3) & ~3;
      ByteBuffer body = buf(4 + padded).putInt(data.length);
      body.put(data);
      return block(3, body.array());
    }

    public PcapNg opb(int iface, long units, byte[] data) {
      int padded = (data.length + 3) & ~3;
      ByteBuffer body = buf(20 + padded);
      body.putShort((short) iface).putShort((short) 0).putInt((int) (units >>> 32)).putInt((int) units)
          .putInt(data.length).putInt(data.length);
      body.put(data);
      return block(2, body.array());
    }

    /** Any other block type (e.g. name resolution, statistics): readers must skip it. */
    public PcapNg other(int type, byte[] body) {
      return block(type, body);
    }

    private ByteBuffer buf(int n) {
      return ByteBuffer.allocate(n).order(order);
    }

    private PcapNg block(int type, byte[] body) {
      int length = 12 + body.length;
      ByteBuffer b = ByteBuffer.allocate(length).order(order);
      b.putInt(type).putInt(length).put(body).putInt(length);
      out.writeBytes(b.array());
      return this;
    }

    public byte[] bytes() {
      return out.toByteArray();
    }
  }
}
