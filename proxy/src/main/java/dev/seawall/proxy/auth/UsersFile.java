package dev.seawall.proxy.auth;

import dev.seawall.passwords.PasswordHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy's users: one {@code user:HASH} line each ({@link PasswordHash} text form), {@code #}
 * comments and blank lines ignored. Only hashes are stored, never passwords.
 */
public final class UsersFile {
  private UsersFile() {}

  /** Users and the problems found, each naming its line. Bad lines are skipped, not fatal. */
  public record Loaded(Map<String, PasswordHash> users, List<String> problems) {}

  public static Loaded load(Path file) throws IOException {
    Map<String, PasswordHash> users = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int colon = line.indexOf(':');
      String where = file + ":" + (i + 1) + ": ";
      if (colon <= 0) {
        problems.add(where + "expected user:hash");
        continue;
      }
      String user = line.substring(0, colon);
      if (user.getBytes(StandardCharsets.UTF_8).length > 255) {
        problems.add(where + "user name longer than 255 bytes");
        continue;
      }
      try {
        users.put(user, PasswordHash.parse(line.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        problems.add(where + e.getMessage());
      }
    }
    return new Loaded(Map.copyOf(users), List.copyOf(problems));
  }

  /** Adds or replaces one user's entry, keeping every other line; writes atomically, mode 600. */
  public static void put(Path file, String user, PasswordHash hash) throws IOException {
    if (user.isEmpty() || user.indexOf(':') >= 0 || user.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("user name must be non-empty without ':' or newline");
    }
    if (user.getBytes(StandardCharsets.UTF_8).length > 255) {
      throw new IllegalArgumentException("user name longer than 255 bytes (RFC 1929 limit)");
    }
    List<String> out = new ArrayList<>();
    boolean replaced = false;
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith(user + ":")) {
          if (!replaced) out.add(user + ":" + hash.format());
          replaced = true;
        } else {
          out.add(line);
        }
      }
    }
    if (!replaced) out.add(user + ":" + hash.format());
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".users", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system
      }
      Files.write(tmp, out, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
