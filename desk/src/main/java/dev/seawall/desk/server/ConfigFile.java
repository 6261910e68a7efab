package dev.seawall.desk.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code key = value} file: one setting per line, {@code #} starts a comment line, blank lines
 * are ignored. Remembers where each key was set, so that errors can name the line.
 */
public record ConfigFile(String name, Map<String, Entry> entries) {
  public record Entry(String value, int line) {}

  public static ConfigFile empty() {
    return new ConfigFile("(no file)", Map.of());
  }

  public static ConfigFile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("config " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("config " + file + ": cannot read: " + e.getMessage());
    }
    return parse(file.toString(), lines);
  }

  public static ConfigFile parse(String name, List<String> lines) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (l.isEmpty() || l.startsWith("#")) continue;
      int eq = l.indexOf('=');
      if (eq <= 0) throw new IllegalArgumentException(name + ":" + (i + 1) + ": expected 'key = value', got '" + l + "'");
      String key = l.substring(0, eq).strip();
      if (entries.containsKey(key)) {
        throw new IllegalArgumentException(name + ":" + (i + 1) + ": '" + key + "' is already set on line " + entries.get(key).line());
      }
      entries.put(key, new Entry(l.substring(eq + 1).strip(), i + 1));
    }
    return new ConfigFile(name, java.util.Collections.unmodifiableMap(entries));
  }

  /** "desk.conf:12" for a key set in the file. */
  public String where(String key) {
    Entry e = entries.get(key);
    return e == null ? name : name + ":" + e.line();
  }
}
