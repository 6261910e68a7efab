package dev.seawall.firewall;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The firewall's configuration file: one {@code key = value} per line, keys being the long
 * options without their dashes ({@code queues = 0-3}), {@code #} comments, blank lines ignored.
 * Boolean options take {@code true} or {@code false}. See {@code packaging/firewall.conf}.
 */
public final class ConfigFile {
  private ConfigFile() {}

  /** One setting, with where it came from for error messages. */
  public record Entry(String key, String value, int line) {}

  /** Reads the file; throws with file:line for lines that are not {@code key = value}. */
  public static List<Entry> read(Path file) throws ConfigException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int eq = line.indexOf('=');
      if (eq <= 0) throw new ConfigException(file + ":" + (i + 1) + ": expected 'key = value', got '" + line + "'");
      String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(eq + 1).strip();
      int hash = value.indexOf(" #");
      if (hash >= 0) value = value.substring(0, hash).strip();
      if (!key.matches("[a-z0-9-]+")) throw new ConfigException(file + ":" + (i + 1) + ": bad key '" + key + "'");
      out.add(new Entry(key, value, i + 1));
    }
    return out;
  }

  /** A configuration file could not be used; the message names the file and line. */
  public static final class ConfigException extends Exception {
    public ConfigException(String message) {
      super(message);
    }
  }
}
