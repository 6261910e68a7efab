package dev.seawall.firewall.metrics;

import com.sun.net.httpserver.HttpExchange;
import dev.seawall.blocklist.BlocklistSource;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /health} (200 when every queue
 * worker is alive and the rules are in place, else 503; a one-line JSON body either way). The
 * JDK's own HTTP server, on one thread: scrapes are rare and must not compete with the workers.
 */
public final class MetricsServer implements AutoCloseable {

  /**
   * What {@code /health} reports.
   *
   * @param blocklist the court-order blocklist's state, or null when none is configured
   */
  public record Health(boolean ok, String status, BlocklistSource.Status blocklist) {
    public Health(boolean ok, String status) {
      this(ok, status, null);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;

  public MetricsServer(InetSocketAddress address, FirewallMetrics metrics, Supplier<Health> health) throws IOException {
    this.server = HttpServer.create(address, 16);
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "seawall-metrics");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.createContext("/health", ex -> {
      Health h = health.get();
      respond(ex, h.ok() ? 200 : 503, "application/json", json(h));
    });
    server.start();
  }

  /** The health as one line of JSON; the blocklist part names its source, never a flow. */
  static String json(Health h) {
    StringBuilder sb = new StringBuilder("{\"status\":\"").append(h.ok() ? "ok" : "failing").append("\",\"detail\":")
        .append(quote(h.status()));
    BlocklistSource.Status b = h.blocklist();
    if (b != null) {
      sb.append(",\"blocklist\":{\"source\":").append(quote(b.source())).append(",\"entries\":").append(b.entries())
          .append(",\"ageSeconds\":").append(b.ageSeconds(Instant.now()))
          .append(",\"loadedAt\":").append(quote(b.loadedAt() == null ? null : b.loadedAt().toString()))
          .append(",\"checkedAt\":").append(quote(b.checkedAt() == null ? null : b.checkedAt().toString()))
          .append(",\"loads\":").append(b.loads()).append(",\"failures\":").append(b.failures())
          .append(",\"lastError\":").append(quote(b.lastError()))
          .append(",\"skippedLines\":").append(b.problems().size()).append('}');
    }
    return sb.append("}\n").toString();
  }

  private static String quote(String s) {
    if (s == null) return "null";
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"').toString();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(code, ex.getRequestMethod().equals("HEAD") ? -1 : b.length);
      if (!ex.getRequestMethod().equals("HEAD")) {
        try (OutputStream o = ex.getResponseBody()) {
          o.write(b);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
