package dev.seawall.proxy.policy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the blocklist comes from (a file or an http(s) URL) and its current contents. {@link
 * #refresh} re-reads it when it changed (file time and size; HTTP ETag / Last-Modified); a failed
 * read keeps the list in force and is reported in {@link #status()}. Thread-safe: the list is
 * swapped atomically, so connections always see a whole list.
 */
public final class BlocklistSource {
  /** What health and metrics report. */
  public record Status(String source, int entries, Instant loadedAt, long loads, long failures, String lastError) {}

  private final String location;
  private final Path file;
  private final URI uri;
  private final HttpClient http;
  private volatile Blocklist current = Blocklist.EMPTY;
  private volatile Status status;
  private FileTime fileTime;
  private long fileSize = -1;
  private String etag;
  private String lastModified;
  private long loads, failures;

  public BlocklistSource(String location) {
    this.location = location;
    if (location.startsWith("http://") || location.startsWith("https://")) {
      this.uri = URI.create(location);
      this.file = null;
      this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
    } else {
      this.file = Path.of(location);
      this.uri = null;
      this.http = null;
    }
    this.status = new Status(location, 0, null, 0, 0, null);
  }

  public Blocklist current() {
    return current;
  }

  public Status status() {
    return status;
  }

  /**
   * Loads the list if it changed. Returns the problems of the new list's lines, if a new list was
   * loaded. Throws nothing: failures end up in the status.
   */
  public synchronized Optional<Blocklist> refresh() {
    try {
      Optional<String> text = file != null ? readFile() : readUrl();
      if (text.isEmpty()) return Optional.empty();
      Blocklist b = Blocklist.parse(text.get(), location);
      current = b;
      loads++;
      status = new Status(location, b.size(), Instant.now(), loads, failures, null);
      return Optional.of(b);
    } catch (IOException | RuntimeException e) {
      failures++;
      status = new Status(location, current.size(), status.loadedAt(), loads, failures,
          e.getClass().getSimpleName() + ": " + e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Optional<String> readFile() throws IOException {
    FileTime t = Files.getLastModifiedTime(file);
    long size = Files.size(file);
    if (t.equals(fileTime) && size == fileSize) return Optional.empty();
    String text = Files.readString(file, StandardCharsets.UTF_8);
    fileTime = t;
    fileSize = size;
    return Optional.of(text);
  }

  private Optional<String> readUrl() throws IOException, InterruptedException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    if (etag != null) rb.header("If-None-Match", etag);
    if (lastModified != null) rb.header("If-Modified-Since", lastModified);
    HttpResponse<String> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (r.statusCode() == 304) return Optional.empty();
    if (r.statusCode() != 200) throw new IOException("HTTP status " + r.statusCode() + " from " + uri);
    etag = r.headers().firstValue("ETag").orElse(null);
    lastModified = r.headers().firstValue("Last-Modified").orElse(null);
    return Optional.of(r.body());
  }
}
