package dev.seawall.desk.intake;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns the paths given to {@code notices import} into notices: files, folders (recursively, in
 * name order) and mbox files (one notice per message), read lazily so that a million-message mbox
 * does not need a million messages of memory.
 */
public final class Sources implements AutoCloseable {
  private final Deque<Path> files = new ArrayDeque<>();
  private final List<String> problems = new ArrayList<>();
  private final long totalBytes;
  private MboxReader mbox;
  private long doneBytes;

  public Sources(List<Path> paths) throws IOException {
    long total = 0;
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
            files.add(f);
            total += Files.size(f);
          }
        }
      } else if (Files.isRegularFile(p)) {
        files.add(p);
        total += Files.size(p);
      } else {
        problems.add(p + ": no such file or folder");
      }
    }
    this.totalBytes = total;
  }

  public long totalBytes() {
    return totalBytes;
  }

  public long doneBytes() {
    return doneBytes + (mbox == null ? 0 : mbox.consumed());
  }

  /** Paths that could not be read, with why. */
  public List<String> problems() {
    return problems;
  }

  /** The next notice, or null when every path is read. */
  public RawNotice next() throws IOException {
    while (true) {
      if (mbox != null) {
        RawNotice n = mbox.next();
        if (n != null) return n;
        doneBytes += mbox.consumed();
        mbox.close();
        mbox = null;
      }
      Path f = files.poll();
      if (f == null) return null;
      try {
        InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16);
        in.mark(8);
        byte[] head = in.readNBytes(5);
        in.reset();
        if (MboxReader.looksLikeMbox(head)) {
          mbox = new MboxReader(in, f.toString());
          continue;
        }
        byte[] bytes;
        try (in) {
          bytes = in.readAllBytes();
        }
        doneBytes += bytes.length;
        return new RawNotice(f.toString(), bytes);
      } catch (IOException e) {
        problems.add(f + ": " + e.getMessage());
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (mbox != null) mbox.close();
  }
}
