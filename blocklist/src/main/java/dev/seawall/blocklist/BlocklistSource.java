package dev.seawall.blocklist;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where the blocklist comes from (a file or an http(s) URL, such as the desk's {@code
 * /api/blocklist}) and its current contents. {@link #refresh} re-reads it when it
 * changed (file time and size; HTTP {@code ETag}/{@code If-None-Match} and {@code
 * Last-Modified}); a failed read keeps the last good list in force and is reported in {@link
 * #status()}. Thread-safe: the list is swapped atomically, so a flow always sees one whole list.
 */
public final class BlocklistSource {
  /** Largest list accepted (a desk serving something else must not exhaust the heap). */
  public static final int MAX_BYTES = 64 << 20;

  /**
   * What health endpoints and metrics report.
   *
   * @param loadedAt when the list in force was read, null before the first success
   * @param checkedAt the last attempt (successful, unchanged or failed), null before the first
   * @param lastError why the last attempt failed, null when it did not
   * @param problems lines of the list in force that were skipped ({@code source:line: why})
   */
  public record Status(String source, int entries, Instant loadedAt, long loads, long failures, String lastError,
      Instant checkedAt, List<String> problems) {
    public Status {
      problems = List.copyOf(problems);
    }

    /** Seconds since the list in force was read, or -1 before the first success. */
    public long ageSeconds(Instant now) {
      return loadedAt == null ? -1 : Math.max(0, Duration.between(loadedAt, now).toSeconds());
    }
  }

  private final String location;
  private final Path file;
  private final URI uri;
  private final HttpClient http;
  private final Clock clock;
  private volatile Blocklist current = Blocklist.EMPTY;
  private volatile Status status;
  private FileTime fileTime;
  private long fileSize = -1;
  private String etag;
  private String lastModified;
  private long loads, failures;

  public BlocklistSource(String location) {
    this(location, Clock.systemUTC());
  }

  /** @throws IllegalArgumentException when {@code location} is neither a path nor an http(s) URL */
  public BlocklistSource(String location, Clock clock) {
    this.location = location;
    this.clock = clock;
    this.uri = checkLocation(location);
    if (uri != null) {
      this.file = null;
      this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
    } else {
      this.file = Path.of(location);
      this.http = null;
    }
    this.status = new Status(location, 0, null, 0, 0, null, null, List.of());
  }

  /**
   * Checks that {@code location} is a file path or an http(s) URL with a host; returns the URL,
   * or null for a path. Throws naming what is wrong (for configuration errors before start).
   */
  public static URI checkLocation(String location) {
    if (location.startsWith("http://") || location.startsWith("https://")) {
      URI u;
      try {
        u = URI.create(location);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("blocklist URL '" + location + "' is not valid: " + e.getMessage());
      }
      if (u.getHost() == null) throw new IllegalArgumentException("blocklist URL '" + location + "' has no host");
      return u;
    }
    if (location.contains("://")) {
      throw new IllegalArgumentException("blocklist '" + location + "': only files and http(s) URLs are supported");
    }
    if (location.isBlank()) throw new IllegalArgumentException("blocklist location is empty");
    return null;
  }

  public String location() {
    return location;
  }

  public Blocklist current() {
    return current;
  }

  public Status status() {
    return status;
  }

  /**
   * Loads the list if it changed; returns the new list when one was loaded. Throws nothing:
   * failures end up in the status and the previous list stays in force.
   */
  public synchronized Optional<Blocklist> refresh() {
    Instant now = clock.instant();
    try {
      Optional<String> text = file != null ? readFile() : readUrl();
      if (text.isEmpty()) {
        Status s = status;
        status = new Status(location, s.entries(), s.loadedAt(), loads, failures, null, now, s.problems());
        return Optional.empty();
      }
      Blocklist b = Blocklist.parse(text.get(), location);
      current = b;
      loads++;
      status = new Status(location, b.size(), now, loads, failures, null, now, b.problems());
      return Optional.of(b);
    } catch (IOException | RuntimeException e) {
      failures++;
      Status s = status;
      status = new Status(location, current.size(), s.loadedAt(), loads, failures, describe(e), now, s.problems());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private String describe(Exception e) {
    String m = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) return location + ": no such file";
    if (e instanceof java.net.ConnectException) return location + ": cannot connect" + (m == null ? "" : " (" + m + ")");
    if (e instanceof java.net.http.HttpTimeoutException) return location + ": timed out";
    return m != null && m.startsWith(location) ? m : location + ": " + e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /**
   * Calls {@link #refresh} every {@code every} on a daemon thread until the returned handle is
   * closed (the caller loads the first list itself, to fail at start-up when there is none).
   */
  public AutoCloseable refreshEvery(Duration every) {
    return refreshEvery(every, loaded -> {});
  }

  /** As {@link #refreshEvery(Duration)}, telling {@code after} what each refresh loaded (empty: nothing new). */
  public AutoCloseable refreshEvery(Duration every, java.util.function.Consumer<Optional<Blocklist>> after) {
    if (every.isNegative() || every.isZero()) throw new IllegalArgumentException("refresh interval must be positive");
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "seawall-blocklist");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(1, every.toMillis());
    s.scheduleWithFixedDelay(() -> {
      try {
        after.accept(refresh());
      } catch (RuntimeException e) {
        // A listener's bug must not stop the polling (a scheduled task that throws is never run again).
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
    return s::shutdownNow;
  }

  private Optional<String> readFile() throws IOException {
    FileTime t = Files.getLastModifiedTime(file);
    long size = Files.size(file);
    if (t.equals(fileTime) && size == fileSize) return Optional.empty();
    if (size > MAX_BYTES) throw new IOException(location + ": " + size + " bytes, more than the " + MAX_BYTES + " accepted");
    String text = decode(Files.readAllBytes(file));
    fileTime = t;
    fileSize = size;
    return Optional.of(text);
  }

  private Optional<String> readUrl() throws IOException, InterruptedException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
    if (etag != null) rb.header("If-None-Match", etag);
    if (lastModified != null) rb.header("If-Modified-Since", lastModified);
    HttpResponse<InputStream> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() == 304) return Optional.empty();
      if (r.statusCode() != 200) throw new IOException(location + ": HTTP status " + r.statusCode());
      byte[] body = in.readNBytes(MAX_BYTES + 1);
      if (body.length > MAX_BYTES) throw new IOException(location + ": more than " + MAX_BYTES + " bytes");
      String text = decode(body);
      etag = r.headers().firstValue("ETag").orElse(null);
      lastModified = r.headers().firstValue("Last-Modified").orElse(null);
      return Optional.of(text);
    }
  }

  private String decode(byte[] b) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException(location + ": not UTF-8 text");
    }
  }
}
