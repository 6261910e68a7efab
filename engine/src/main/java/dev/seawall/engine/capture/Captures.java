package dev.seawall.engine.capture;

import dev.seawall.engine.packet.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/** Opens a capture by its content, not its name: pcap or pcapng, optionally gzip-compressed. */
public final class Captures {
  private Captures() {}

  public static CaptureReader open(Path file) throws IOException, CaptureException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return open(file.toString(), channel);
    } catch (IOException | CaptureException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Reads from a stream such as standard input; {@code name} appears in messages. */
  public static CaptureReader open(String name, InputStream stream) throws IOException, CaptureException {
    return open(name, Channels.newChannel(stream));
  }

  private static CaptureReader open(String name, ReadableByteChannel channel) throws IOException, CaptureException {
    InputBuffer probe = new InputBuffer(channel, maxBuffer());
    String compression = "";
    InputBuffer in = probe;
    if (probe.ensure(2) && Bytes.u8(probe.buf, 0) == 0x1f && Bytes.u8(probe.buf, 1) == 0x8b) {
      // Hand the bytes already read back to the decompressor, then read through it.
      PushbackInputStream raw = new PushbackInputStream(Channels.newInputStream(channel), probe.available());
      raw.unread(probe.buf, probe.pos, probe.available());
      in = new InputBuffer(Channels.newChannel(new GZIPInputStream(raw, 1 << 16)), maxBuffer());
      compression = "+gzip";
    }
    if (!in.ensure(4)) {
      throw new CaptureException(name, 0, in.available() == 0 ? "empty file" : "too short to be a capture");
    }
    int magic = Bytes.i32(in.buf, in.pos);
    if (magic == PcapNgReader.SHB) return new PcapNgReader(name, in, compression);
    return new PcapReader(name, in, compression);
  }

  private static int maxBuffer() {
    return Math.max(PcapReader.MAX_RECORD, PcapNgReader.MAX_BLOCK) + 64;
  }
}
