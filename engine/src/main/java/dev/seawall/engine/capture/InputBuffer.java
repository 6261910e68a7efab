package dev.seawall.engine.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A refillable window over a byte channel. Records are parsed in place in {@link #buf}; the
 * window grows only for a record larger than itself, up to a fixed ceiling.
 */
final class InputBuffer implements AutoCloseable {
  static final int INITIAL_SIZE = 1 << 20;

  private final ReadableByteChannel channel;
  private final int maxSize;
  byte[] buf;
  /** Next unread byte. */
  int pos;
  /** End of valid bytes. */
  int limit;
  /** Stream offset of {@code buf[0]}. */
  long base;
  private boolean eof;

  InputBuffer(ReadableByteChannel channel, int maxSize) {
    this.channel = channel;
    this.maxSize = maxSize;
    this.buf = new byte[INITIAL_SIZE];
  }

  long position() {
    return base + pos;
  }

  int available() {
    return limit - pos;
  }

  /** Makes at least {@code n} bytes available from {@link #pos}; false if the stream ends first. */
  boolean ensure(int n) throws IOException {
    if (limit - pos >= n) return true;
    if (n > buf.length) {
      if (n > maxSize) throw new IllegalArgumentException("request above ceiling: " + n);
      byte[] bigger = new byte[Math.min(maxSize, Math.max(n, buf.length * 2))];
      System.arraycopy(buf, pos, bigger, 0, limit - pos);
      base += pos;
      limit -= pos;
      pos = 0;
      buf = bigger;
    } else if (buf.length - pos < n) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      base += pos;
      limit -= pos;
      pos = 0;
    }
    while (limit - pos < n && !eof) {
      int read = channel.read(ByteBuffer.wrap(buf, limit, buf.length - limit));
      if (read < 0) eof = true;
      else limit += read;
    }
    return limit - pos >= n;
  }

  /** Skips {@code n} bytes, reading through them if they are not buffered; false at end. */
  boolean skip(long n) throws IOException {
    while (n > 0) {
      if (available() == 0 && !ensure(1)) return false;
      int step = (int) Math.min(n, available());
      pos += step;
      n -= step;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
