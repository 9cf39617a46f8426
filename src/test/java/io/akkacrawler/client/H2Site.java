package io.akkacrawler.client;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An https site on 127.0.0.1 served by Jetty, which speaks HTTP/2 (h2) and HTTP/1.1 and lets the
 * client choose with ALPN; it records the protocol of every request. For the tests and, run as a
 * program, for measuring HTTP/1.1 against HTTP/2: {@code H2Site DIR [PORT]} serves a directory
 * (with the test CA's certificate) and prints its port and the CA's PEM file.
 */
public final class H2Site implements AutoCloseable {
  /**
   * A request as the site saw it: its path, the protocol it came over (HTTP/2.0, HTTP/1.1) and the
   * id of its connection.
   */
  public record Request(String path, String protocol, String connection) {}

  private final Server server;
  private final ServerConnector connector;
  private final ConcurrentLinkedQueue<Request> log = new ConcurrentLinkedQueue<>();

  /** Serves {@code pages} (path → HTML) with the certificate of {@code keyStore}. */
  public H2Site(KeyStore keyStore, Map<String, byte[]> pages, int port) throws Exception {
    QueuedThreadPool pool = new QueuedThreadPool(32, 4);
    pool.setDaemon(true);
    pool.setName("h2-site");
    server = new Server(pool);
    HttpConfiguration config = new HttpConfiguration();
    config.addCustomizer(new SecureRequestCustomizer(false));
    HttpConnectionFactory http11 = new HttpConnectionFactory(config);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol(http11.getProtocol());
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(keyStore);
    tls.setKeyStorePassword(TestCertificates.PASSWORD);
    tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
    connector =
        new ServerConnector(
            server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn, h2, http11);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    Map<String, byte[]> served = Map.copyOf(pages);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(
              org.eclipse.jetty.server.Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            var meta = request.getConnectionMetaData();
            log.add(new Request(path, meta.getProtocol(), meta.getId()));
            byte[] body = served.get(path);
            if (body == null) {
              response.setStatus(404);
              response.write(true, ByteBuffer.wrap("not found".getBytes()), callback);
            } else {
              response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
              response.write(true, ByteBuffer.wrap(body), callback);
            }
            return true;
          }
        });
    server.start();
  }

  public String url(String path) {
    return "https://127.0.0.1:" + connector.getLocalPort() + path;
  }

  /** Requests so far, in arrival order. */
  public List<Request> requests() {
    return List.copyOf(log);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** Serves DIR (index.html for "/") on PORT (default: any) until killed. */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Map<String, byte[]> pages = new HashMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String path = "/" + root.relativize(p).toString().replace('\\', '/');
        pages.put(path, Files.readAllBytes(p));
        if (path.endsWith("/index.html")) {
          pages.put(path.substring(0, path.length() - "index.html".length()), pages.get(path));
        }
      }
    }
    TestCertificates certs = TestCertificates.get();
    H2Site site = new H2Site(certs.good, pages, args.length > 1 ? Integer.parseInt(args[1]) : 0);
    System.out.println("serving " + pages.size() + " files at " + site.url("/"));
    System.out.println("CA certificate: " + certs.caPem);
    Thread.currentThread().join();
  }
}
