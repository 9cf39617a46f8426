package io.akkacrawler.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP (or HTTPS) server on a loopback address and an ephemeral port, for the offline demo
 * and the tests: every request goes to one handler and is logged with its arrival time.
 */
public final class LoopbackServer implements AutoCloseable {
  /** Answers one request. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  /** A request as the server saw it: path with query, and when it arrived (System.nanoTime). */
  public record Request(String pathAndQuery, long arrivedNanos) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final ConcurrentLinkedQueue<Request> log = new ConcurrentLinkedQueue<>();

  private LoopbackServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts an HTTPS server on 127.0.0.1 with an ephemeral port and this TLS context. */
  public static LoopbackServer startHttps(SSLContext tls, Handler handler) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true"); // see start(InetAddress, Handler)
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    return start(https, handler);
  }

  /** Starts a server on 127.0.0.1 with an ephemeral port. */
  public static LoopbackServer start(Handler handler) throws IOException {
    return start(InetAddress.getLoopbackAddress(), handler);
  }

  /** Starts a server on the given loopback address (127.0.0.2, ...) with an ephemeral port. */
  public static LoopbackServer start(InetAddress address, Handler handler) throws IOException {
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException("not a loopback address: " + address);
    }
    // Without TCP_NODELAY, headers and body in separate writes meet the client's delayed ACK:
    // every response would take 40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    return start(HttpServer.create(new InetSocketAddress(address, 0), 256), handler);
  }

  private static LoopbackServer start(HttpServer server, Handler handler) {
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "loopback-server");
              t.setDaemon(true);
              return t;
            });
    LoopbackServer s = new LoopbackServer(server, executor);
    server.createContext(
        "/",
        exchange -> {
          s.log.add(
              new Request(
                  exchange.getRequestURI().getRawPath()
                      + (exchange.getRequestURI().getRawQuery() == null
                          ? ""
                          : "?" + exchange.getRequestURI().getRawQuery()),
                  System.nanoTime()));
          try (exchange) {
            handler.handle(exchange);
          } catch (IOException e) {
            // The client went away: nothing to answer.
          }
        });
    server.setExecutor(executor);
    server.start();
    return s;
  }

  /** The absolute URL of {@code path} on this server. */
  public String url(String path) {
    return (server instanceof HttpsServer ? "https://" : "http://")
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + port()
        + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Requests received so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(log);
  }

  /** How many requests asked for exactly this path (with query). */
  public long requestCount(String pathAndQuery) {
    return log.stream().filter(r -> r.pathAndQuery().equals(pathAndQuery)).count();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Sends a complete response. */
  public static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Sends an HTML page with status 200. */
  public static void html(HttpExchange exchange, String html) throws IOException {
    send(exchange, 200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a redirect to {@code location} with the given 3xx status. */
  public static void redirect(HttpExchange exchange, int status, String location)
      throws IOException {
    exchange.getResponseHeaders().set("Location", location);
    send(exchange, status, null, new byte[0]);
  }
}
