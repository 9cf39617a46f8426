package io.akkacrawler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.demo.LoopbackServer;
import io.akkacrawler.fetch.FetchInterceptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** End-to-end crawls through the public API against servers on 127.0.0.1. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CrawlerTest {
  private LoopbackServer server;
  private LoopbackServer other;

  @AfterEach
  void stopServers() {
    if (server != null) {
      server.close();
    }
    if (other != null) {
      other.close();
    }
  }

  private String url(String path) {
    return server.url(path);
  }

  @Test
  void crawlsEveryPageOfASiteExactlyOnce() throws IOException {
    SiteFixture site = new SiteFixture(300);
    server = LoopbackServer.start(site::handle);
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url(SiteFixture.path(0))));

    r.assertNoDuplicates();
    assertEquals(new HashSet<>(site.urls(server)), new HashSet<>(r.urls()));
    for (CrawlRecord rec : r.records()) {
      assertEquals(Outcome.FETCHED, rec.outcome());
      assertEquals(200, rec.status());
      String n = rec.url().replaceAll(".*/p/(\\d+)\\.html", "$1");
      assertEquals(List.of("b" + n), rec.buttonIds());
      assertEquals("Page " + n, rec.title());
    }
    for (int i = 0; i < 300; i++) {
      assertEquals(1, server.requestCount(SiteFixture.path(i)), "requests for page " + i);
    }
    assertEquals(300, r.summary().fetched());
    assertTrue(r.sinkClosed());
  }

  @Test
  void maxDepthZeroFetchesExactlyTheGivenList() throws IOException {
    SiteFixture site = new SiteFixture(50);
    server = LoopbackServer.start(site::handle);
    List<String> seeds = site.urls(server).subList(10, 15);
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings("crawler.max-depth = 0", seeds.toArray(String[]::new)));

    assertEquals(new HashSet<>(seeds), new HashSet<>(r.urls()));
    assertEquals(5, pageRequests(server).size());
    CrawlRecord first = r.only(seeds.get(0));
    assertEquals(List.of("b10"), first.buttonIds());
    assertTrue(first.links().contains(url("/p/21.html")), "links are listed: " + first.links());
  }

  @Test
  void followsLinksUpToMaxDepth() throws IOException {
    SiteFixture site = new SiteFixture(1000);
    server = LoopbackServer.start(site::handle);
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.max-depth = 1", url("/p/0.html")));
    r.assertNoDuplicates();
    assertEquals(0, r.only(url("/p/0.html")).depth());
    assertTrue(r.records().size() > 1);
    assertTrue(r.records().stream().allMatch(rec -> rec.depth() <= 1));
    assertTrue(
        r.records().stream()
            .filter(rec -> rec.depth() == 1)
            .allMatch(rec -> url("/p/0.html").equals(rec.parent())));
  }

  @Test
  void stopsAdmittingAtMaxPages() throws IOException {
    server = LoopbackServer.start(new SiteFixture(200)::handle);
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.max-pages = 25", url("/p/0.html")));
    r.assertNoDuplicates();
    assertEquals(25, r.records().size());
    assertEquals(25, pageRequests(server).size());
  }

  @Test
  void aShiftJisQueryIsRequestedWithThePagesBytes() throws IOException {
    // 表 is 0x95 0x5C in Shift_JIS: a browser's URL has a raw '\\' there, which java.net.URI
    // refuses; the request carries it percent-encoded, the same bytes for the server.
    byte[] page = "<a href='?q=表'>t</a>".getBytes(java.nio.charset.Charset.forName("Shift_JIS"));
    server =
        LoopbackServer.start(
            new Routes()
                .on("/", ex -> LoopbackServer.send(ex, 200, "text/html; charset=shift_jis", page)));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    CrawlRecord rec = r.only(url("/?q=%95\\"));
    assertEquals(Outcome.FETCHED, rec.outcome(), rec.reason() + " " + rec.error());
    assertTrue(
        server.requests().stream().anyMatch(q -> q.pathAndQuery().equals("/?q=%95%5C")),
        server.requests().toString());
  }

  @Test
  void aUrlThatUsesUpItsAttemptsCountsOneRetryFewer() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/",
                    ex ->
                        LoopbackServer.send(
                            ex, 500, "text/plain", "down".getBytes(StandardCharsets.UTF_8))));
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.retry.max-attempts = 3", url("/")));
    CrawlRecord rec = r.only(url("/"));
    assertEquals(Outcome.FAILED, rec.outcome());
    assertEquals(3, rec.attempts());
    assertEquals(3, server.requestCount("/"));
    assertEquals(2, r.summary().retries(), "the third attempt's failure is not a retry");
  }

  @Test
  void retriesServiceUnavailableWithBackoffUntilItSucceeds() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/",
                    ex -> {
                      if (calls.incrementAndGet() <= 2) {
                        LoopbackServer.send(
                            ex, 503, "text/plain", "busy".getBytes(StandardCharsets.UTF_8));
                      } else {
                        LoopbackServer.html(ex, "<title>ok</title><button id=x>x</button>");
                      }
                    }));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    CrawlRecord rec = r.only(url("/"));
    assertEquals(Outcome.FETCHED, rec.outcome());
    assertEquals(200, rec.status());
    assertEquals(3, rec.attempts());
    assertEquals(2, r.summary().retries());
  }

  @Test
  void failsWithTheLastStatusWhenRetriesAreUsedUp() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/",
                    ex ->
                        LoopbackServer.send(
                            ex,
                            502,
                            "text/plain",
                            "bad gateway".getBytes(StandardCharsets.UTF_8))));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    CrawlRecord rec = r.only(url("/"));
    assertEquals(Outcome.FAILED, rec.outcome());
    assertEquals("http-502", rec.reason());
    assertEquals(502, rec.status());
    assertEquals(3, server.requestCount("/"));
  }

  @Test
  void honoursRetryAfterSeconds() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/",
                    ex -> {
                      if (calls.incrementAndGet() == 1) {
                        ex.getResponseHeaders().set("Retry-After", "1");
                        LoopbackServer.send(
                            ex, 429, "text/plain", "slow down".getBytes(StandardCharsets.UTF_8));
                      } else {
                        LoopbackServer.html(ex, "<title>ok</title>");
                      }
                    }));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    assertEquals(Outcome.FETCHED, r.only(url("/")).outcome());
    assertGapAtLeast(pageRequests(server), 1000);
  }

  @Test
  void honoursRetryAfterHttpDate() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/",
                    ex -> {
                      if (calls.incrementAndGet() == 1) {
                        // HTTP dates have whole seconds: two seconds ahead is at least one second
                        // away.
                        String date =
                            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
                        ex.getResponseHeaders().set("Retry-After", date);
                        LoopbackServer.send(
                            ex, 503, "text/plain", "maintenance".getBytes(StandardCharsets.UTF_8));
                      } else {
                        LoopbackServer.html(ex, "<title>ok</title>");
                      }
                    }));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    assertEquals(Outcome.FETCHED, r.only(url("/")).outcome());
    assertGapAtLeast(pageRequests(server), 1000);
  }

  /** Requests for anything but robots.txt. */
  static List<LoopbackServer.Request> pageRequests(LoopbackServer server) {
    return server.requests().stream().filter(r -> !r.pathAndQuery().equals("/robots.txt")).toList();
  }

  private static void assertGapAtLeast(List<LoopbackServer.Request> requests, long millis) {
    assertEquals(2, requests.size());
    long gap =
        TimeUnit.NANOSECONDS.toMillis(
            requests.get(1).arrivedNanos() - requests.get(0).arrivedNanos());
    assertTrue(gap >= millis, "second request after " + gap + " ms");
  }

  @Test
  void givesUpAHostThatRefusesEveryConnectionAfterTwoAttempts() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String seed = "http://127.0.0.1:" + port + "/";
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.robots.enabled = false", seed));
    CrawlRecord rec = r.only(seed);
    assertEquals(Outcome.FAILED, rec.outcome());
    assertEquals("host-unreachable", rec.reason());
    assertEquals("connection refused (2 attempts)", rec.error());
    assertNull(rec.status());

    // With robots.txt on, its fetch is the first to fail: the host is found unreachable.
    TestCrawls.Result withRobots = TestCrawls.crawl(TestCrawls.settings("", seed));
    assertEquals("host-unreachable", withRobots.only(seed).reason());
    assertEquals(Outcome.FAILED, withRobots.only(seed).outcome());
  }

  @Test
  void aResponseThatIsNotValidHttpFailsAsBadResponseNotBadUrl() throws Exception {
    try (ServerSocket raw = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread answers =
          new Thread(
              () -> {
                while (!raw.isClosed()) {
                  try (var socket = raw.accept()) {
                    socket.getInputStream().read(new byte[4096]);
                    socket
                        .getOutputStream()
                        .write(
                            ("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                                    + "Content-Length: abc\r\n\r\n<title>x</title>")
                                .getBytes(StandardCharsets.US_ASCII));
                  } catch (IOException e) {
                    return; // closed
                  }
                }
              });
      answers.setDaemon(true);
      answers.start();
      String seed = "http://127.0.0.1:" + raw.getLocalPort() + "/page";
      TestCrawls.Result r =
          TestCrawls.crawl(TestCrawls.settings("crawler.robots.enabled = false", seed));
      CrawlRecord rec = r.only(seed);
      assertEquals(Outcome.FAILED, rec.outcome());
      assertEquals("bad-response", rec.reason());
      assertEquals(1, rec.attempts());
    }
  }

  @Test
  void cutsOffAResponseThatIsTooSlow() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .on("/slow", ex -> sleep(5_000))
                .on(
                    "/trickle",
                    ex -> {
                      ex.getResponseHeaders().set("Content-Type", "text/html");
                      ex.sendResponseHeaders(200, 0);
                      OutputStream out = ex.getResponseBody();
                      for (int i = 0; i < 100; i++) {
                        out.write('x');
                        out.flush();
                        sleep(100);
                      }
                    })
                .page("/", "<a href=/slow>slow</a><a href=/trickle>trickle</a>"));
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler { fetch.request-timeout = 1s, retry.max-attempts = 1 }", url("/")));
    // The trickle never pauses long enough for an idle timeout, and a body that came whole would
    // be fetched: a timeout proves that the deadline bounds the whole request.
    for (String path : List.of("/slow", "/trickle")) {
      CrawlRecord rec = r.only(url(path));
      assertEquals(Outcome.FAILED, rec.outcome(), path);
      assertEquals("timeout", rec.reason(), path + ": " + rec.error());
    }
  }

  @Test
  void aLocationInRawUtf8IsReadAsUtf8AsBrowsersDo() throws IOException {
    // The server writes "/té" as the bytes C3 A9 (what many application servers send); the test
    // server writes each char of a header as one byte, so the header is given byte by byte.
    String raw = new String("/té".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    server =
        LoopbackServer.start(
            new Routes()
                .on("/moved", ex -> LoopbackServer.redirect(ex, 302, raw))
                .page("/té", "<title>accented</title>")); // the path as decoded
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/moved")));
    CrawlRecord rec = r.only(url("/moved"));
    assertEquals(url("/t%C3%A9"), rec.finalUrl(), "not /t%C3%83%C2%A9");
    assertEquals("accented", rec.title());
  }

  @Test
  void detectsARedirectLoop() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .on("/a", ex -> LoopbackServer.redirect(ex, 302, "/b"))
                .on("/b", ex -> LoopbackServer.redirect(ex, 301, url("/a"))));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/a")));
    CrawlRecord rec = r.only(url("/a"));
    assertEquals(Outcome.FAILED, rec.outcome());
    assertEquals("redirect-loop", rec.reason());
    assertEquals(1, r.records().size());
  }

  @Test
  void followsRedirectsCheckingScopeAndDuplicates() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .page(
                    "/",
                    "<a href=/old>old</a><a href=/moved-to-seen>x</a><a href=/away>away</a>"
                        + "<a href=/target>target</a><a href=/long>long</a>")
                .on("/old", ex -> LoopbackServer.redirect(ex, 301, "/step"))
                .on("/step", ex -> LoopbackServer.redirect(ex, 308, "/new"))
                .page("/new", "<title>new</title>")
                .page("/target", "<title>target</title>")
                .on("/moved-to-seen", ex -> LoopbackServer.redirect(ex, 302, "/target"))
                .on("/away", ex -> LoopbackServer.redirect(ex, 302, "http://example.invalid/"))
                .on("/long", ex -> LoopbackServer.redirect(ex, 302, "/long1"))
                .on("/long1", ex -> LoopbackServer.redirect(ex, 302, "/long2"))
                .on("/long2", ex -> LoopbackServer.redirect(ex, 302, "/long3")));
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.fetch.max-redirects = 2", url("/")));
    r.assertNoDuplicates();

    CrawlRecord old = r.only(url("/old"));
    assertEquals(Outcome.FETCHED, old.outcome());
    assertEquals(url("/new"), old.finalUrl());
    assertEquals(List.of(url("/step"), url("/new")), old.redirects());
    assertEquals("new", old.title());

    CrawlRecord seen = r.only(url("/moved-to-seen"));
    assertEquals(Outcome.SKIPPED, seen.outcome());
    assertEquals("duplicate-redirect-target", seen.reason());
    assertEquals(Outcome.FETCHED, r.only(url("/target")).outcome());

    CrawlRecord away = r.only(url("/away"));
    assertEquals(Outcome.SKIPPED, away.outcome());
    assertEquals("out-of-scope", away.reason());

    assertEquals("too-many-redirects", r.only(url("/long")).reason());
    assertEquals(1, server.requestCount("/target"));
  }

  @Test
  void truncatesAnOversizedBodyAndSkipsADeclaredOne() throws IOException {
    byte[] big =
        ("<html><title>big</title><a href=/x>x</a>" + "y".repeat(300_000))
            .getBytes(StandardCharsets.UTF_8);
    server =
        LoopbackServer.start(
            new Routes()
                .page("/", "<a href=/chunked>a</a><a href=/declared>b</a>")
                .on(
                    "/chunked",
                    ex -> {
                      ex.getResponseHeaders().set("Content-Type", "text/html");
                      ex.sendResponseHeaders(200, 0); // chunked: the size is unknown until the end
                      try (OutputStream out = ex.getResponseBody()) {
                        out.write(big);
                      }
                    })
                .on("/declared", ex -> LoopbackServer.send(ex, 200, "text/html", big)));
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.fetch.max-body = 64KiB", url("/")));
    CrawlRecord chunked = r.only(url("/chunked"));
    assertEquals(Outcome.FETCHED, chunked.outcome());
    assertTrue(chunked.truncated());
    assertEquals(64 * 1024, chunked.bytes());
    assertEquals("big", chunked.title());
    CrawlRecord declared = r.only(url("/declared"));
    assertEquals(Outcome.SKIPPED, declared.outcome());
    assertEquals("too-large", declared.reason());
    assertEquals(0, declared.bytes(), "the body was not downloaded");
    assertEquals("declared Content-Length: " + big.length, declared.error());
    assertTrue(r.summary().bytes() < 2 * 64 * 1024, "the summary counts what was received");
  }

  @Test
  void anErrorPagesBodyIsCountedAsReceived() throws IOException {
    byte[] missing = "<html><title>Not here</title>".repeat(20).getBytes(StandardCharsets.UTF_8);
    byte[] moved = "<a href=/>moved</a>".getBytes(StandardCharsets.UTF_8);
    server =
        LoopbackServer.start(
            new Routes()
                .page("/", "<a href=/missing>a</a><a href=/moved>b</a>")
                .on("/missing", ex -> LoopbackServer.send(ex, 404, "text/html", missing))
                .on(
                    "/moved",
                    ex -> {
                      ex.getResponseHeaders().set("Location", "/");
                      LoopbackServer.send(ex, 301, "text/html", moved);
                    }));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    CrawlRecord notFound = r.only(url("/missing"));
    assertEquals(404, notFound.status());
    assertEquals(missing.length, notFound.bytes(), "its body was read, though not parsed");
    long pages = r.records().stream().mapToLong(CrawlRecord::bytes).sum();
    assertEquals(pages, r.summary().bytes(), "the summary counts the same bytes");
  }

  @Test
  void capsTheDecodedSizeOfAGzipBomb() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("<html><title>bomb</title><body>".getBytes(StandardCharsets.UTF_8));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 200; i++) {
        out.write(zeros); // 200 MiB once inflated
      }
    }
    byte[] bomb = gz.toByteArray();
    server =
        LoopbackServer.start(
            new Routes()
                .page("/", "<a href=/bomb>bomb</a><a href=/after>after</a>")
                .page("/after", "<title>after</title>")
                .on(
                    "/bomb",
                    ex -> {
                      ex.getResponseHeaders().set("Content-Encoding", "gzip");
                      LoopbackServer.send(ex, 200, "text/html", bomb);
                    }));
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.fetch.max-decoded-body = 1MiB", url("/")));
    CrawlRecord rec = r.only(url("/bomb"));
    assertEquals(Outcome.FETCHED, rec.outcome());
    assertTrue(rec.truncated());
    assertEquals("bomb", rec.title());
    assertEquals(bomb.length, rec.bytes());
    assertEquals(Outcome.FETCHED, r.only(url("/after")).outcome());
  }

  @Test
  void recordsNonHtmlWithoutParsingIt() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .page("/", "<a href=/doc.pdf>pdf</a><a href=/data>data</a>")
                .on(
                    "/doc.pdf",
                    ex ->
                        LoopbackServer.send(
                            ex,
                            200,
                            "application/pdf",
                            "%PDF-1.4 <a href=/hidden>".getBytes(StandardCharsets.UTF_8)))
                .on(
                    "/data",
                    ex ->
                        LoopbackServer.send(
                            ex, 200, null, new byte[] {0x1f, (byte) 0x8b, 0, 1, 2, 3})));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    CrawlRecord pdf = r.only(url("/doc.pdf"));
    assertEquals(Outcome.SKIPPED, pdf.outcome());
    assertEquals("non-html", pdf.reason());
    assertEquals("application/pdf", pdf.contentType());
    assertEquals(200, pdf.status());
    assertEquals("non-html", r.only(url("/data")).reason(), "sniffed when there is no type");
    assertEquals(3, r.records().size());
  }

  @Test
  void extractsLinksFromMalformedHtml() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .page(
                    "/",
                    "<html><title>bad</title><table><tr><td><a href=/one>1<a href='/two'>2"
                        + "</span></div><button id=b1>x<a href=\"/three\"</body>")
                .page("/one", "ok")
                .page("/two", "ok")
                .page("/three", "ok"));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    CrawlRecord rec = r.only(url("/"));
    assertTrue(rec.links().containsAll(List.of(url("/one"), url("/two"))), rec.links().toString());
    assertEquals(List.of("b1"), rec.buttonIds());
    assertEquals(Outcome.FETCHED, r.only(url("/two")).outcome());
  }

  @Test
  void keepsToTheSeedHostUnlessTheScopeSaysOtherwise() throws IOException {
    other =
        LoopbackServer.start(
            InetAddress.getByName("127.0.0.2"), new Routes().page("/", "<title>other</title>"));
    server = LoopbackServer.start(new Routes().page("/", "<a href=" + other.url("/") + ">o</a>"));
    TestCrawls.Result hostScope = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    assertEquals(List.of(url("/")), hostScope.urls());
    assertEquals(0, other.requests().size());

    TestCrawls.Result anyScope =
        TestCrawls.crawl(TestCrawls.settings("crawler.scope = any", url("/")));
    assertEquals(Outcome.FETCHED, anyScope.only(other.url("/")).outcome());
  }

  @Test
  void appliesIncludeAndExcludePatterns() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .page(
                    "/", "<a href=/docs/a>a</a><a href=/docs/private/b>b</a><a href=/blog/c>c</a>")
                .page("/docs/a", "a")
                .page("/docs/private/b", "b")
                .page("/blog/c", "c"));
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler { \"include\" = [\"/docs/\"], exclude = [\"private\"] }", url("/docs/a")));
    assertEquals(List.of(url("/docs/a")), r.urls());
  }

  @Test
  void followsAMetaRefreshToWhereABrowserWouldGo() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .page("/", "<meta http-equiv=refresh content='0; url=/docs/'>Moved to the docs")
                .page("/docs/", "<title>Docs</title><a href=intro.html>intro</a>")
                .page("/docs/intro.html", "<title>Intro</title>"));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    assertEquals(Set.of(url("/"), url("/docs/"), url("/docs/intro.html")), Set.copyOf(r.urls()));
    assertEquals(List.of(url("/docs/")), r.only(url("/")).links());
  }

  @Test
  void followsARefreshHeaderAsABrowserWould() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/",
                    ex -> {
                      ex.getResponseHeaders().set("Refresh", "0;URL=/new/");
                      LoopbackServer.html(ex, "<title>Moved</title>");
                    })
                .page("/new/", "<title>New</title>"));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/")));
    assertEquals(Set.of(url("/"), url("/new/")), Set.copyOf(r.urls()));
  }

  /** A catch-all route: every path under /docs/ answers the same page with one relative link. */
  private static LoopbackServer catchAll(String relativeLink) throws IOException {
    return LoopbackServer.start(
        ex -> {
          if (ex.getRequestURI().getPath().startsWith("/docs/")) {
            LoopbackServer.html(ex, "<title>any</title><a href=\"" + relativeLink + "\">more</a>");
          } else {
            LoopbackServer.send(ex, 404, "text/plain", new byte[0]);
          }
        });
  }

  @Test
  void aCatchAllRouteWithRelativeLinksIsNotASpiderTrap() throws IOException {
    server = catchAll("x/y/");
    // The path rule alone (the echoes of the page, below, would stop it sooner).
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.follow-echoes = true", url("/docs/")));
    assertEquals(
        Set.of(url("/docs/"), url("/docs/x/y/"), url("/docs/x/y/x/y/")), Set.copyOf(r.urls()));
    assertEquals(3, r.summary().fetched());
  }

  @Test
  void aCatchAllRouteWithSeveralRelativeLinksEndsAfterItsFirstEchoes() throws IOException {
    server = catchAll("p/\"></a><a href=\"x/y/");
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.fetchers = 1", url("/docs/")));
    assertEquals(Set.of(url("/docs/"), url("/docs/p/"), url("/docs/x/y/")), Set.copyOf(r.urls()));
    // With links followed from echoes too, the same site has no end: stopped at the page limit.
    TestCrawls.Result all =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler { fetchers = 1, follow-echoes = true, max-pages = 200 }", url("/docs/")));
    assertEquals(200, all.urls().size());
  }

  @Test
  void howManyRepeatsOfAPathAreFollowedIsASetting() throws IOException {
    server = catchAll("a/");
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler { max-path-repeats = 4, follow-echoes = true }", url("/docs/")));
    assertEquals(
        Set.of(
            url("/docs/"),
            url("/docs/a/"),
            url("/docs/a/a/"),
            url("/docs/a/a/a/"),
            url("/docs/a/a/a/a/")),
        Set.copyOf(r.urls()));
  }

  @Test
  void extractsUserFieldsWithCssRules() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .page(
                    "/",
                    "<h1> Shop </h1><span class=price>9.99</span><span class=price>19.99</span>"
                        + "<img src=/a.png><img src=b.png>"));
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.parse.extract { heading = h1, prices { selector = \".price\", all = true"
                    + " }, images { selector = \"img\", attribute = src, all = true }, missing ="
                    + " \"table\" }",
                url("/")));
    Map<String, Object> fields = r.only(url("/")).fields();
    assertEquals("Shop", fields.get("heading"));
    assertEquals(List.of("9.99", "19.99"), fields.get("prices"));
    assertEquals(List.of(url("/a.png"), url("/b.png")), fields.get("images"));
    assertTrue(fields.containsKey("missing"));
    assertNull(fields.get("missing"));
  }

  @Test
  void loosesNoUrlWhenFetchersCrashMidCrawl() throws IOException {
    SiteFixture site = new SiteFixture(200);
    server = LoopbackServer.start(site::handle);
    Set<String> crashedOnce = ConcurrentHashMap.newKeySet();
    FetchInterceptor crashing =
        u -> {
          if (u.matches(".*/p/\\d*[37]\\.html") && crashedOnce.add(u)) {
            throw new IllegalStateException("injected crash at " + u);
          }
          return FetchInterceptor.Action.PROCEED;
        };
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", url("/p/0.html")), crashing);
    r.assertNoDuplicates();
    Set<String> missing = new HashSet<>(site.urls(server));
    r.urls().forEach(missing::remove);
    assertEquals(Set.of(), missing, "URLs without a record");
    assertTrue(crashedOnce.size() >= 30, "crashes injected: " + crashedOnce.size());
    assertEquals(
        List.of(), r.records().stream().filter(rec -> rec.outcome() != Outcome.FETCHED).toList());
  }

  @Test
  void redispatchesAUrlWhoseAnswerNeverComesThenGivesUp() throws IOException {
    server =
        LoopbackServer.start(
            new Routes()
                .page("/", "<a href=/lost-once>1</a><a href=/lost-always>2</a>")
                .page("/lost-once", "<title>found</title>")
                .page("/lost-always", "never"));
    Set<String> dropped = ConcurrentHashMap.newKeySet();
    FetchInterceptor dropping =
        u -> {
          if (u.endsWith("/lost-always") || (u.endsWith("/lost-once") && dropped.add(u))) {
            return FetchInterceptor.Action.DROP;
          }
          return FetchInterceptor.Action.PROCEED;
        };
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler { fetch.request-timeout = 1s, dispatch-deadline = 1500ms, max-redispatches"
                    + " = 1 }",
                url("/")),
            dropping);
    r.assertNoDuplicates();
    assertEquals("found", r.only(url("/lost-once")).title());
    CrawlRecord lost = r.only(url("/lost-always"));
    assertEquals(Outcome.FAILED, lost.outcome());
    assertEquals("fetcher-crashed", lost.reason());
  }

  @Test
  void stopFinishesInFlightRequestsAndFlushesTheOutput() throws Exception {
    SiteFixture site = new SiteFixture(2000);
    // Pages served: each one was in flight, so it has a record once the stop is handled.
    CountDownLatch pagesServed = new CountDownLatch(20);
    server =
        LoopbackServer.start(
            ex -> {
              sleep(20);
              if (ex.getRequestURI().getPath().startsWith("/p/")) {
                pagesServed.countDown();
              }
              site.handle(ex);
            });
    TestCrawls.ListSink sink = new TestCrawls.ListSink();
    Crawler.CrawlHandle handle =
        Crawler.of(TestCrawls.settings("", url("/p/0.html"))).sink(sink).start();
    assertTrue(pagesServed.await(30, TimeUnit.SECONDS), "the crawl is under way");
    handle.stop();
    CrawlSummary summary = handle.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertTrue(summary.interrupted());
    assertTrue(summary.notCrawled() > 0);
    assertTrue(sink.closed);
    assertEquals(summary.records(), sink.records.size());
    assertEquals(
        sink.records.size(),
        new HashSet<>(sink.records.stream().map(CrawlRecord::url).toList()).size());
    assertTrue(sink.records.size() < 2000);
    assertFalse(sink.records.isEmpty());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
