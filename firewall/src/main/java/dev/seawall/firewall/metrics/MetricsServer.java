package dev.seawall.firewall.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /health} (200 when every queue
 * worker is alive and the rules are in place, else 503; a one-line JSON body either way). The
 * JDK's own HTTP server, on one thread: scrapes are rare and must not compete with the workers.
 */
public final class MetricsServer implements AutoCloseable {

  /** What {@code /health} reports. */
  public record Health(boolean ok, String status) {}

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
      respond(ex, h.ok() ? 200 : 503, "application/json",
          "{\"status\":\"" + (h.ok() ? "ok" : "failing") + "\",\"detail\":\"" + h.status() + "\"}\n");
    });
    server.start();
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
