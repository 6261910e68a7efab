package dev.seawall.netctl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The persisted list of active null-routes. The file is the source of truth shared by the CLI and a
 * running daemon: every change happens under an exclusive lock (an OS file lock, so two processes
 * never interleave) and is written atomically (temporary file, fsync, rename, fsync of the folder), so
 * a crash leaves either the old or the new list, never half of one.
 */
public final class StateFile {
  private static final int VERSION = 1;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  // A JVM may not hold two OS locks on one file: threads of one process queue here first.
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path file;
  private final Path lockFile;

  public StateFile(Path file) {
    this.file = file.toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
  }

  public Path path() {
    return file;
  }

  /** Runs {@code action} holding the state lock (across threads and processes). */
  public <T> T locked(Supplier<T> action) {
    ReentrantLock local = IN_PROCESS.computeIfAbsent(file, p -> new ReentrantLock());
    local.lock();
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        return action.get();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("state " + file + ": cannot take the lock " + lockFile + ": " + e.getMessage(), e);
    } finally {
      local.unlock();
    }
  }

  /** The recorded routes; an absent file is an empty list. A damaged file is an error, never "empty". */
  public List<NullRoute> load() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("state " + file + ": cannot read: " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JacksonException e) {
      throw new IllegalStateException("state " + file + " is not valid JSON (" + e.getOriginalMessage()
          + "); fix or move it aside: refusing to guess which routes are active");
    }
    try {
      JsonFields top = new JsonFields(file.toString(), root);
      int version = top.integer("version", -1);
      if (version != VERSION) throw new IllegalArgumentException(file + ": version " + version + " is not " + VERSION);
      List<NullRoute> routes = new ArrayList<>();
      for (JsonFields r : top.objects("routes")) {
        try {
          routes.add(new NullRoute(r.prefix("prefix"), r.string("reason"), r.strings("notices"),
              r.string("requestedBy", "unknown"), r.instant("added"), r.instant("expires")));
        } catch (IllegalArgumentException | NullPointerException e) {
          throw new IllegalArgumentException(r.where() + ": " + e.getMessage());
        }
      }
      return List.copyOf(routes);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("state " + e.getMessage() + "; fix or move the file aside");
    }
  }

  public void save(List<NullRoute> routes) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ArrayNode list = root.putArray("routes");
    routes.stream().sorted(Comparator.comparing(NullRoute::prefix)).forEach(r -> {
      ObjectNode o = list.addObject();
      o.put("prefix", r.prefix().toString());
      o.put("reason", r.reason());
      ArrayNode n = o.putArray("notices");
      r.notices().forEach(n::add);
      o.put("requestedBy", r.requestedBy());
      o.put("added", r.added().toString());
      o.put("expires", r.expires().toString());
    });
    byte[] bytes = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) ch.write(b);
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + file + " cannot rename atomically", e);
      }
      try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        dir.force(true); // makes the rename itself durable
      } catch (IOException ignored) {
        // some file systems refuse to open a folder; the rename is still atomic
      }
    } catch (IOException e) {
      throw new UncheckedIOException("state " + file + ": cannot write: " + e.getMessage(), e);
    }
  }
}
