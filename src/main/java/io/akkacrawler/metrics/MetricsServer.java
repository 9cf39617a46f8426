package io.akkacrawler.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.akkacrawler.config.SettingsException;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

/**
 * The HTTP endpoint of one process: Prometheus text format at {@code /metrics} (the Prometheus
 * client's own server, on the JDK's {@code com.sun.net.httpserver}), the dashboard page at {@code
 * /} and its data at {@code /api/status}. Its threads only read: the registry's metrics and the
 * dashboard's last rendered status.
 */
final class MetricsServer implements AutoCloseable {
  private static final byte[] PAGE = page();

  private final HTTPServer server;
  private final String host;

  private MetricsServer(HTTPServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /**
   * Listens on {@code bind:port} (0: any free port). Fails with one line when it cannot: the port
   * is taken, the address is not this machine's, the name is unknown.
   */
  static MetricsServer start(
      String bind, int port, PrometheusRegistry registry, Supplier<byte[]> status) {
    String where = bind + ":" + port;
    try {
      HTTPServer server =
          HTTPServer.builder()
              .inetAddress(InetAddress.getByName(bind))
              .port(port)
              .registry(registry)
              .defaultHandler(exchange -> serve(exchange, status))
              .buildAndStart();
      return new MetricsServer(server, bind);
    } catch (UnknownHostException e) {
      throw new SettingsException("cannot serve metrics on " + where + ": unknown host " + bind);
    } catch (BindException e) {
      throw new SettingsException(
          "cannot serve metrics on "
              + where
              + ": "
              + (String.valueOf(e.getMessage()).contains("in use")
                  ? "the port is in use (choose another --metrics-port)"
                  : e.getMessage() + " (is --metrics-bind this machine's address?)"));
    } catch (IOException | RuntimeException e) {
      throw new SettingsException("cannot serve metrics on " + where + ": " + e.getMessage());
    }
  }

  /** The port it listens on. */
  int port() {
    return server.getPort();
  }

  /** The dashboard's address. */
  String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port() + "/";
  }

  @Override
  public void close() {
    server.close();
  }

  private static void serve(HttpExchange exchange, Supplier<byte[]> status) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes());
      } else if ("/".equals(path) || "/index.html".equals(path)) {
        send(exchange, 200, "text/html; charset=utf-8", PAGE);
      } else if ("/api/status".equals(path)) {
        send(exchange, 200, "application/json", status.get());
      } else {
        send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes());
      }
    }
  }

  private static void send(HttpExchange exchange, int code, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(code, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] page() {
    try (InputStream in = MetricsServer.class.getResourceAsStream("dashboard.html")) {
      if (in == null) {
        throw new IllegalStateException("dashboard.html is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
