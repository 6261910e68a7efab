package dev.seawall.desk.forward;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mail texts. Each template is a file {@code NAME.txt}: a {@code Subject:} line, a blank line, the
 * body; {@code {{name}}} is replaced by a value (missing values are an error, never silently
 * empty). Built-in templates live next to this class; a folder given in the configuration
 * overrides them file by file.
 */
public final class Templates {
  private static final Pattern VAR = Pattern.compile("\\{\\{([a-zA-Z][a-zA-Z0-9_]*)}}");

  private final Path overrides;

  public Templates(Path overrides) {
    this.overrides = overrides;
  }

  /** A rendered subject and body. */
  public record Text(String subject, String body) {}

  public Text render(String name, Map<String, String> values) {
    String raw = load(name);
    int nl = raw.indexOf('\n');
    if (!raw.startsWith("Subject:") || nl < 0) throw new IllegalStateException("template " + name + " does not start with a Subject: line");
    String subject = fill(name, raw.substring("Subject:".length(), nl).strip(), values);
    String body = raw.substring(nl + 1);
    if (body.startsWith("\n")) body = body.substring(1);
    return new Text(subject.replaceAll("[\\r\\n]+", " "), fill(name, body, values));
  }

  private String load(String name) {
    if (!name.matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("template name '" + name + "'");
    try {
      if (overrides != null) {
        Path p = overrides.resolve(name + ".txt");
        if (Files.isRegularFile(p)) return Files.readString(p).replace("\r\n", "\n");
      }
      try (InputStream in = Templates.class.getResourceAsStream("templates/" + name + ".txt")) {
        if (in == null) throw new IllegalStateException("no template '" + name + "'");
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new IllegalStateException("template " + name + ": " + e.getMessage(), e);
    }
  }

  private static String fill(String name, String text, Map<String, String> values) {
    Matcher m = VAR.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) throw new IllegalStateException("template " + name + " uses {{" + m.group(1) + "}} but no value was given");
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
