package dev.seawall.desk.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits an mbox file into messages without loading it whole: a message starts at a line
 * beginning with "From " at the start of the file or after an empty line; "&gt;From " quoting
 * (mboxrd) is undone.
 */
public final class MboxReader implements AutoCloseable {
  private final InputStream in;
  private final String name;
  private final byte[] buf = new byte[1 << 16];
  private int pos, len;
  private boolean eof;
  private byte[] pendingLine;
  private int index;
  private long consumed;

  public MboxReader(InputStream in, String name) {
    this.in = in;
    this.name = name;
  }

  /** Bytes read so far (for progress). */
  public long consumed() {
    return consumed;
  }

  /** True when the stream's first line is an mbox separator. */
  public static boolean looksLikeMbox(byte[] head) {
    return head.length >= 5 && head[0] == 'F' && head[1] == 'r' && head[2] == 'o' && head[3] == 'm' && head[4] == ' ';
  }

  /** The next message (without its "From " line), or null at the end. */
  public RawNotice next() throws IOException {
    byte[] line = pendingLine != null ? pendingLine : readLine();
    pendingLine = null;
    while (line != null && !isSeparator(line)) line = readLine(); // skip anything before the first separator
    if (line == null) return null;
    ByteArrayOutputStream msg = new ByteArrayOutputStream(8192);
    boolean previousBlank = true;
    while ((line = readLine()) != null) {
      if (previousBlank && isSeparator(line)) {
        pendingLine = line;
        break;
      }
      previousBlank = line.length == 1 || (line.length == 2 && line[0] == '\r');
      int skip = quotedFrom(line) ? 1 : 0;
      msg.write(line, skip, line.length - skip);
    }
    byte[] bytes = msg.toByteArray();
    // the blank line that ends each message (before the next separator or the end of the file)
    // belongs to the mbox, not the message: the same message re-sent must have the same bytes
    int end = bytes.length;
    boolean endsBlank = end >= 2 && bytes[end - 1] == '\n' && (bytes[end - 2] == '\n' || (end >= 3 && bytes[end - 2] == '\r' && bytes[end - 3] == '\n'));
    if ((pendingLine != null || endsBlank) && end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') end--;
    }
    index++;
    return new RawNotice(name + "#" + index, end == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, end));
  }

  private static boolean isSeparator(byte[] line) {
    return line.length > 5 && line[0] == 'F' && line[1] == 'r' && line[2] == 'o' && line[3] == 'm' && line[4] == ' ';
  }

  private static boolean quotedFrom(byte[] line) {
    int i = 0;
    while (i < line.length && line[i] == '>') i++;
    return i > 0 && line.length >= i + 5 && line[i] == 'F' && line[i + 1] == 'r' && line[i + 2] == 'o' && line[i + 3] == 'm'
        && line[i + 4] == ' ';
  }

  /** One line including its '\n', or null at the end. */
  private byte[] readLine() throws IOException {
    ByteArrayOutputStream out = null;
    while (true) {
      if (pos == len) {
        if (eof) break;
        len = in.read(buf);
        pos = 0;
        if (len <= 0) {
          len = 0;
          eof = true;
          break;
        }
      }
      int start = pos;
      while (pos < len && buf[pos] != '\n') pos++;
      boolean nl = pos < len;
      if (nl) pos++;
      if (out == null && nl) {
        consumed += pos - start;
        return java.util.Arrays.copyOfRange(buf, start, pos);
      }
      if (out == null) out = new ByteArrayOutputStream(256);
      out.write(buf, start, pos - start);
      consumed += pos - start;
      if (nl) return out.toByteArray();
    }
    return out == null || out.size() == 0 ? null : out.toByteArray();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
