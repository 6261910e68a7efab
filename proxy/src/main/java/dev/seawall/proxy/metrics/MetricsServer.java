package dev.seawall.proxy.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** {@code GET /metrics} (Prometheus text) and {@code GET /health} (JSON) on an operator address. */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "seawall-proxy-metrics");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param health JSON body for /health; {@code healthy} decides between 200 and 503
   */
  public MetricsServer(InetSocketAddress address, ProxyMetrics metrics, Supplier<String> health,
      Supplier<Boolean> healthy) throws IOException {
    server = HttpServer.create(address, 16);
    server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
        metrics.scrape()));
    server.createContext("/health", ex -> respond(ex, healthy.get() ? 200 : 503, "application/json", health.get()));
    server.setExecutor(executor);
    server.start();
  }

  public InetSocketAddress address() {
    return server.getAddress();
  }

  private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
