package dev.seawall.desk.workflow;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in for the operator's billing panel: a real HTTP server on loopback that records each POST. */
public final class PanelServer implements AutoCloseable {
  public record Post(String body, Map<String, List<String>> headers) {
    public String header(String name) {
      for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().getFirst();
      return null;
    }
  }

  private final HttpServer server;
  public final List<Post> posts = new CopyOnWriteArrayList<>();
  /** The status the next answers carry (tests make the panel fail for a while). */
  public final AtomicInteger status = new AtomicInteger(200);

  public PanelServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/panel/seawall", ex -> {
      posts.add(new Post(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), Map.copyOf(ex.getRequestHeaders())));
      byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status.get(), answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/panel/seawall";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
