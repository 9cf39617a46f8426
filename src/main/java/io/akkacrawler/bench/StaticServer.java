package io.akkacrawler.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The benchmark's web server, run as its own process so that its CPU is not the crawler's. It
 * serves a directory from memory on 127.0.0.1 with responses built once (status line, headers and
 * body in one array, so a request costs one read and one write), HTTP/1.1 keep-alive, one thread
 * per connection, queries ignored. The JDK's HttpServer spent several times more CPU per request,
 * and on a 2-core machine the server's CPU is taken from the crawler being measured. Prints its
 * port and runs until killed. Only GET and HEAD; anything else is answered 405. Arguments: DIR
 * [PORT [LATENCY_MS]].
 */
public final class StaticServer {
  private static final byte[] NOT_FOUND =
      response(404, "Not Found", "text/plain", "not found\n".getBytes(StandardCharsets.US_ASCII));
  private static final byte[] NOT_ALLOWED =
      response(405, "Method Not Allowed", "text/plain", new byte[0]);

  private final Map<String, byte[]> responses;
  private final long delayMs;

  private StaticServer(Map<String, byte[]> responses, long delayMs) {
    this.responses = responses;
    this.delayMs = delayMs;
  }

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    // An optional latency per response, to stand for a remote server (cluster scaling figures).
    long delayMs = args.length > 2 ? Long.parseLong(args[2]) : 0;
    Map<String, byte[]> responses = new HashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String path = "/" + root.relativize(p).toString().replace('\\', '/');
        byte[] r = response(200, "OK", type(path), Files.readAllBytes(p));
        responses.put(path, r);
        if (path.endsWith("/index.html")) {
          responses.put(path.substring(0, path.length() - "index.html".length()), r);
        }
      }
    }
    ServerSocket server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress());
    System.out.println("serving " + responses.size() + " files on port " + server.getLocalPort());
    System.out.flush();
    new StaticServer(responses, delayMs).serve(server);
  }

  private void serve(ServerSocket server) throws IOException {
    while (true) {
      Socket socket = server.accept();
      Thread t = new Thread(() -> connection(socket), "connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private void connection(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
      OutputStream out = socket.getOutputStream();
      StringBuilder line = new StringBuilder(256);
      while (true) {
        String requestLine = readLine(in, line);
        if (requestLine == null) {
          return;
        }
        boolean close = false;
        for (String header = readLine(in, line);
            header != null && !header.isEmpty();
            header = readLine(in, line)) {
          if (header.regionMatches(true, 0, "connection:", 0, 11)
              && header.toLowerCase(Locale.ROOT).contains("close")) {
            close = true;
          }
        }
        String[] parts = requestLine.split(" ");
        byte[] response;
        if (parts.length < 2) {
          return;
        } else if (!parts[0].equals("GET") && !parts[0].equals("HEAD")) {
          response = NOT_ALLOWED;
        } else {
          String target = parts[1];
          int query = target.indexOf('?');
          response =
              responses.getOrDefault(query < 0 ? target : target.substring(0, query), NOT_FOUND);
        }
        if (delayMs > 0) {
          try {
            Thread.sleep(delayMs);
          } catch (InterruptedException e) {
            return;
          }
        }
        out.write(response);
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (IOException e) {
      // The client went away.
    }
  }

  /** A line up to CRLF (or LF) as ASCII, or null at the end of the stream. */
  private static String readLine(InputStream in, StringBuilder line) throws IOException {
    line.setLength(0);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int n = line.length();
        return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }

  private static byte[] response(int status, String reason, String type, byte[] body) {
    byte[] head =
        ("HTTP/1.1 "
                + status
                + " "
                + reason
                + "\r\nContent-Type: "
                + type
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }

  private static String type(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".html") || p.endsWith(".htm")) {
      return "text/html; charset=utf-8";
    }
    if (p.endsWith(".txt")) {
      return "text/plain; charset=utf-8";
    }
    if (p.endsWith(".pdf")) {
      return "application/pdf";
    }
    if (p.endsWith(".png")) {
      return "image/png";
    }
    if (p.endsWith(".css")) {
      return "text/css";
    }
    if (p.endsWith(".js")) {
      return "application/javascript";
    }
    return "application/octet-stream";
  }
}
