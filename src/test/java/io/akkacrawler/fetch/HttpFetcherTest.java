package io.akkacrawler.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.Routes;
import io.akkacrawler.config.FetchSettings;
import io.akkacrawler.config.ProxySettings;
import io.akkacrawler.config.TlsSettings;
import io.akkacrawler.demo.LoopbackServer;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpFetcherTest {
  private static final FetchSettings SETTINGS =
      new FetchSettings(
          "test-agent/1.0",
          Duration.ofSeconds(1),
          Duration.ofMillis(800),
          5,
          16 * 1024,
          64 * 1024,
          Map.of(),
          FetchSettings.HttpVersion.AUTO,
          true,
          new ProxySettings(null, List.of(), "", ""),
          new TlsSettings(false, null),
          -1);

  private final HttpFetcher fetcher = new HttpFetcher(SETTINGS, Map.of());
  private LoopbackServer server;

  @AfterEach
  void close() {
    fetcher.close();
    if (server != null) {
      server.close();
    }
  }

  private HttpResult get(String path) throws Exception {
    return fetcher.fetch(server.url(path)).get(10, TimeUnit.SECONDS);
  }

  @Test
  void readsAnHtmlBodyAndSendsTheUserAgent() throws Exception {
    AtomicReference<String> agent = new AtomicReference<>(); // set on the server's thread
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/",
                    ex -> {
                      agent.set(ex.getRequestHeaders().getFirst("User-Agent"));
                      LoopbackServer.html(ex, "<title>hi</title>");
                    }));
    HttpResult r = get("/");
    assertEquals(200, r.status());
    assertEquals(HttpResult.BodyMode.KEPT, r.mode());
    assertEquals("<title>hi</title>", new String(r.body(), 0, r.length(), StandardCharsets.UTF_8));
    assertEquals("test-agent/1.0", agent.get());
  }

  @Test
  void doesNotFollowRedirects() throws Exception {
    server =
        LoopbackServer.start(new Routes().on("/", ex -> LoopbackServer.redirect(ex, 301, "/x")));
    HttpResult r = get("/");
    assertEquals(301, r.status());
    assertEquals("/x", r.location());
  }

  @Test
  void cutsOffABodyAtTheSizeCap() throws Exception {
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/",
                    ex -> {
                      ex.getResponseHeaders().set("Content-Type", "text/html");
                      ex.sendResponseHeaders(200, 0);
                      try (OutputStream out = ex.getResponseBody()) {
                        out.write(new byte[100_000]);
                      }
                    }));
    HttpResult r = get("/");
    assertTrue(r.truncated());
    assertEquals(16 * 1024, r.length());
  }

  @Test
  void readsRepeatedContentTypeHeadersJoinedAsBrowsersDo() throws Exception {
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/",
                    ex -> {
                      ex.getResponseHeaders().add("Content-Type", "text/plain");
                      ex.getResponseHeaders().add("Content-Type", "text/html; charset=koi8-r");
                      ex.sendResponseHeaders(200, 0);
                      try (OutputStream out = ex.getResponseBody()) {
                        out.write("<title>hi</title>".getBytes(StandardCharsets.US_ASCII));
                      }
                    }));
    HttpResult r = get("/");
    assertEquals(HttpResult.BodyMode.KEPT, r.mode());
    assertEquals("text/plain, text/html; charset=koi8-r", r.contentType());
  }

  @Test
  void doesNotReadNonHtmlOrDeclaredOversizedBodies() throws Exception {
    server =
        LoopbackServer.start(
            new Routes()
                .on("/pdf", ex -> LoopbackServer.send(ex, 200, "application/pdf", new byte[50_000]))
                .on("/big", ex -> LoopbackServer.send(ex, 200, "text/html", new byte[50_000])));
    HttpResult pdf = get("/pdf");
    assertEquals(HttpResult.BodyMode.NOT_HTML, pdf.mode());
    assertEquals(0, pdf.length());
    HttpResult big = get("/big");
    assertEquals(HttpResult.BodyMode.TOO_LARGE, big.mode());
    assertEquals(50_000, big.contentLength());
  }

  @Test
  void enforcesTheDeadlineOnATrickledBody() throws Exception {
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/",
                    ex -> {
                      ex.getResponseHeaders().set("Content-Type", "text/html");
                      ex.sendResponseHeaders(200, 0);
                      OutputStream out = ex.getResponseBody();
                      for (int i = 0; i < 50; i++) {
                        out.write('x');
                        out.flush();
                        sleep(100);
                      }
                    }));
    // A byte every 100 ms for 5 s: only a deadline on the whole request (800 ms) ends it early.
    ExecutionException e = assertThrows(ExecutionException.class, () -> get("/"));
    assertInstanceOf(RequestDeadlineException.class, e.getCause());
    // The host answered: the record keeps its status, and its breaker does not count the timeout.
    FetchResult r = PageProcessor.failure(e.getCause(), 0);
    assertEquals(Reason.TIMEOUT, r.reason());
    assertEquals(200, r.response().status());
    assertEquals(Feedback.Signal.FAILED, Feedback.of(r).signal());
  }

  @Test
  void timesOutWaitingForHeaders() throws Exception {
    server = LoopbackServer.start(new Routes().on("/", ex -> sleep(3_000)));
    ExecutionException e = assertThrows(ExecutionException.class, () -> get("/"));
    assertInstanceOf(IOException.class, e.getCause());
    FetchResult r = PageProcessor.failure(e.getCause(), 0);
    assertEquals(Reason.TIMEOUT, r.reason());
    assertInstanceOf(FetchResult.Retry.class, r);
    assertEquals(0, r.response().status());
    assertEquals(Feedback.Signal.UNREACHABLE, Feedback.of(r).signal());
  }

  @Test
  void readsOnlyTheStartOfAnErrorBody() throws Exception {
    server =
        LoopbackServer.start(
            new Routes()
                .on("/", ex -> LoopbackServer.send(ex, 404, "text/html", new byte[200_000])));
    HttpResult r = get("/");
    assertEquals(404, r.status());
    assertEquals(HttpResult.BodyMode.DISCARDED, r.mode());
    assertFalse(r.length() > BodyCollector.DISCARD_CAP);
  }

  @Test
  void keepsEachExchangeAsReceivedForWarcFiles() throws Exception {
    byte[] gzipped = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/page",
                    ex -> {
                      ex.getResponseHeaders().set("Content-Encoding", "gzip");
                      ex.getResponseHeaders().set("X-Custom", "yes");
                      LoopbackServer.send(ex, 200, "text/html", gzipped);
                    })
                .on("/gone", ex -> LoopbackServer.send(ex, 410, "text/plain", new byte[70_000])));
    try (HttpFetcher keeping = new HttpFetcher(SETTINGS, true)) {
      HttpResult page = keeping.fetch(server.url("/page?q=1")).get(10, TimeUnit.SECONDS);
      var x = page.exchange();
      assertEquals(server.url("/page?q=1"), x.uri());
      assertEquals("127.0.0.1", x.ip().getHostAddress());
      assertEquals(java.util.List.of("test-agent/1.0"), x.requestHeaders().get("User-Agent"));
      assertEquals(200, x.status());
      assertEquals(java.util.List.of("yes"), x.responseHeaders().get("x-custom"));
      assertEquals(java.util.List.of("gzip"), x.responseHeaders().get("content-encoding"));
      assertEquals(
          java.util.Arrays.toString(gzipped),
          java.util.Arrays.toString(java.util.Arrays.copyOf(x.body(), x.length())),
          "the body as sent, still encoded");
      assertEquals(org.netpreserve.jwarc.WarcTruncationReason.NOT_TRUNCATED, x.truncation());

      // An error status's body is kept whole (up to max-body) for the WARC file only.
      HttpResult gone = keeping.fetch(server.url("/gone")).get(10, TimeUnit.SECONDS);
      assertEquals(0, gone.length());
      assertEquals(16 * 1024, gone.exchange().length());
      assertEquals(org.netpreserve.jwarc.WarcTruncationReason.LENGTH, gone.exchange().truncation());
    }
    assertEquals(null, get("/page").exchange(), "kept only when asked");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
