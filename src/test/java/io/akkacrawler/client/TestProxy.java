package io.akkacrawler.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A forward HTTP proxy on 127.0.0.1 for tests: plain http requests in absolute form (forwarded with
 * {@code Via: 1.1 test-proxy}, one per connection) and CONNECT tunnels. It resolves host names
 * through its own table ({@code site.internal:80} → a loopback port) and nothing else, so a crawl
 * that reached such a host went through it. Records every request; may require Basic credentials
 * (407 otherwise).
 */
public final class TestProxy implements AutoCloseable {
  /** A request as the proxy got it. */
  public record Request(String method, String target, String proxyAuthorization) {}

  private final ServerSocket server;
  private final Map<String, Integer> hosts;
  private final String requiredAuthorization;
  private final ConcurrentLinkedQueue<Request> log = new ConcurrentLinkedQueue<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "test-proxy");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param hosts "name:port" → the loopback port it stands for
   * @param requiredAuthorization the {@code Proxy-Authorization} value asked for, or null
   */
  public TestProxy(Map<String, Integer> hosts, String requiredAuthorization) throws IOException {
    this.hosts = Map.copyOf(hosts);
    this.requiredAuthorization = requiredAuthorization;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** The proxy's URL, http://127.0.0.1:PORT. */
  public String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Requests so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(log);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    threads.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        open.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setSoTimeout(30_000);
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      List<String> head = readHead(in);
      if (head.isEmpty()) {
        return;
      }
      String[] line = head.get(0).split(" ");
      String auth = header(head, "proxy-authorization");
      log.add(new Request(line[0], line[1], auth));
      if (requiredAuthorization != null && !requiredAuthorization.equals(auth)) {
        write(
            out,
            "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic"
                + " realm=\"test\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
      if (line[0].equals("CONNECT")) {
        Integer port = hosts.get(line[1].toLowerCase(Locale.ROOT));
        if (port == null) {
          write(out, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
          return;
        }
        try (Socket origin = connect(port)) {
          write(out, "HTTP/1.1 200 Connection Established\r\n\r\n");
          threads.execute(() -> pipe(in, origin));
          pipe(origin.getInputStream(), client);
        }
      } else {
        forward(line, head, out);
      }
    } catch (IOException e) {
      // the client or the origin went away
    } finally {
      open.remove(client);
    }
  }

  /** A plain http request: sent on to the origin with Connection: close, answered the same way. */
  private void forward(String[] line, List<String> head, OutputStream out) throws IOException {
    URI uri = URI.create(line[1]);
    Integer port = hosts.get(uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort()));
    if (port == null) {
      write(out, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    StringBuilder request = new StringBuilder();
    request.append(line[0]).append(' ').append(uri.getRawPath());
    if (uri.getRawQuery() != null) {
      request.append('?').append(uri.getRawQuery());
    }
    request.append(" HTTP/1.1\r\n");
    for (String h : head.subList(1, head.size())) {
      String name = h.substring(0, h.indexOf(':')).toLowerCase(Locale.ROOT);
      if (!name.startsWith("proxy-") && !name.equals("connection")) {
        request.append(h).append("\r\n");
      }
    }
    request.append("Via: 1.1 test-proxy\r\nConnection: close\r\n\r\n");
    try (Socket origin = connect(port)) {
      write(origin.getOutputStream(), request.toString());
      InputStream answer = origin.getInputStream();
      StringBuilder response = new StringBuilder();
      for (String h : readHead(answer)) {
        if (!h.toLowerCase(Locale.ROOT).startsWith("connection:")) {
          response.append(h).append("\r\n");
        }
      }
      write(out, response.append("Connection: close\r\n\r\n").toString());
      answer.transferTo(out);
    }
  }

  private Socket connect(int port) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
    s.setSoTimeout(30_000);
    open.add(s);
    return s;
  }

  private static void pipe(InputStream from, Socket to) {
    try {
      from.transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed
    }
  }

  /** The request or status line and the header lines, up to the empty line. */
  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String s = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        if (s.isEmpty()) {
          return lines;
        }
        lines.add(s);
        line.reset();
      } else {
        line.write(b);
      }
    }
    return lines;
  }

  private static String header(List<String> head, String name) {
    for (String h : head.subList(1, head.size())) {
      int colon = h.indexOf(':');
      if (colon > 0 && h.substring(0, colon).equalsIgnoreCase(name)) {
        return h.substring(colon + 1).strip();
      }
    }
    return null;
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }
}
