package io.akkacrawler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.demo.LoopbackServer;
import io.akkacrawler.state.CrawlStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * robots.txt, per-host delays and concurrency, throttling, the breaker and sitemaps, end to end.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PolitenessTest {
  private final List<LoopbackServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(LoopbackServer::close);
  }

  private LoopbackServer serve(String address, LoopbackServer.Handler handler) throws IOException {
    LoopbackServer s = LoopbackServer.start(InetAddress.getByName(address), handler);
    servers.add(s);
    return s;
  }

  private LoopbackServer serve(LoopbackServer.Handler handler) throws IOException {
    return serve("127.0.0.1", handler);
  }

  /** A site of pages /0 .. /(n-1), page i linking to i+1. */
  private static Routes chain(int n, long sleepMs) {
    Routes routes = new Routes();
    for (int i = 0; i < n; i++) {
      String next = i + 1 < n ? "<a href=/" + (i + 1) + ">next</a>" : "";
      String html = "<title>" + i + "</title>" + next;
      routes.on(
          "/" + i,
          ex -> {
            sleep(sleepMs);
            LoopbackServer.html(ex, html);
          });
    }
    return routes;
  }

  private static List<Long> arrivalsMs(LoopbackServer server) {
    return CrawlerTest.pageRequests(server).stream()
        .map(r -> TimeUnit.NANOSECONDS.toMillis(r.arrivedNanos()))
        .toList();
  }

  private static long minGap(List<Long> times) {
    long min = Long.MAX_VALUE;
    for (int i = 1; i < times.size(); i++) {
      min = Math.min(min, times.get(i) - times.get(i - 1));
    }
    return min;
  }

  @Test
  void spacesRequestsToEachHostWhileHostsAreCrawledInParallel() throws IOException {
    LoopbackServer a = serve("127.0.0.1", chain(6, 0));
    LoopbackServer b = serve("127.0.0.2", chain(6, 0));
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.politeness { delay = 300ms, max-per-host = 1, delay-factor = 0 }",
                a.url("/0"),
                b.url("/0")));
    assertEquals(12, r.records().size());
    for (LoopbackServer s : List.of(a, b)) {
      List<Long> times = arrivalsMs(s);
      assertEquals(6, times.size());
      assertTrue(minGap(times) >= 300, "gaps on " + s.url("/") + ": " + minGap(times) + " ms");
    }
    // In parallel, not one host after the other: each host got a request before the other's last.
    List<Long> ta = arrivalsMs(a);
    List<Long> tb = arrivalsMs(b);
    assertTrue(
        tb.get(0) < ta.get(ta.size() - 1) && ta.get(0) < tb.get(tb.size() - 1),
        "hosts crawled in parallel: " + ta + " and " + tb);
  }

  @Test
  void aSlowHostDoesNotHoldUpAFastOne() throws IOException {
    LoopbackServer slow = serve("127.0.0.1", chain(4, 1_000));
    LoopbackServer fast = serve("127.0.0.2", chain(10, 0));
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.politeness { delay = 0, max-per-host = 1 }",
                slow.url("/0"),
                fast.url("/0")));
    assertEquals(14, r.records().size());
    List<Long> s = arrivalsMs(slow);
    List<Long> f = arrivalsMs(fast);
    assertTrue(
        f.get(f.size() - 1) < s.get(1), "the fast host was done before the slow one's second page");
  }

  @Test
  void obeysTheRobotsGroupOfItsOwnAgent() throws IOException {
    LoopbackServer s =
        serve(
            new Routes()
                .on(
                    "/robots.txt",
                    ex ->
                        LoopbackServer.send(
                            ex,
                            200,
                            "text/plain",
                            bytes(
                                "User-agent: *\nDisallow: /private\n\n"
                                    + "User-agent: akka-crawler\nDisallow: /secret\nAllow: /\n")))
                .page("/", "<a href=/private/a>p</a><a href=/secret/b>s</a><a href=/open>o</a>")
                .page("/private/a", "p")
                .page("/secret/b", "s")
                .page("/open", "o"));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", s.url("/")));
    assertEquals(Outcome.FETCHED, r.only(s.url("/private/a")).outcome(), "not our group");
    CrawlRecord secret = r.only(s.url("/secret/b"));
    assertEquals(Outcome.SKIPPED, secret.outcome());
    assertEquals("robots", secret.reason());
    assertEquals(0, s.requestCount("/secret/b"));
    assertEquals(0, secret.attempts(), "no request was made");
    assertEquals(1, s.requestCount("/robots.txt"));
    assertTrue(r.summary().politeness().robotsObeyed());
  }

  @Test
  void aResumedCrawlAsksForRobotsTxtOnlyWhenItsFrontierDoes() throws Exception {
    // A fresh crawl sends its seed's robots.txt as it starts; a resumed one (here, one with
    // nothing left to do) sends none.
    LoopbackServer s =
        serve(
            new Routes()
                .on(
                    "/robots.txt",
                    ex -> LoopbackServer.send(ex, 200, "text/plain", bytes("User-agent: *\n")))
                .page("/", "<a href=/a>a</a>")
                .page("/a", "a"));
    CrawlSettings settings = TestCrawls.settings("", s.url("/"));
    try (CrawlStore store = CrawlStore.inMemory()) {
      TestCrawls.ListSink first = new TestCrawls.ListSink();
      Crawler.of(settings)
          .store(store)
          .sink(first)
          .start()
          .completion()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      assertEquals(2, first.records().size());
      assertEquals(1, s.requestCount("/robots.txt"));

      TestCrawls.ListSink again = new TestCrawls.ListSink();
      Crawler.of(settings)
          .store(store)
          .sink(again)
          .start()
          .completion()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
      assertEquals(List.of(), again.records());
      assertEquals(1, s.requestCount("/robots.txt"));
    }
  }

  @Test
  void ignoreRobotsFetchesDisallowedPagesAndSaysSo() throws IOException {
    LoopbackServer s =
        serve(
            new Routes()
                .on(
                    "/robots.txt",
                    ex ->
                        LoopbackServer.send(
                            ex, 200, "text/plain", bytes("User-agent: *\nDisallow: /\n")))
                .page("/", "<title>home</title>"));
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.robots.enabled = false", s.url("/")));
    assertEquals(Outcome.FETCHED, r.only(s.url("/")).outcome());
    assertEquals(0, s.requestCount("/robots.txt"));
    assertFalse(r.summary().politeness().robotsObeyed());
  }

  @Test
  void followsARedirectingRobotsTxt() throws IOException {
    LoopbackServer s =
        serve(
            new Routes()
                .on("/robots.txt", ex -> LoopbackServer.redirect(ex, 301, "/real-robots.txt"))
                .on(
                    "/real-robots.txt",
                    ex ->
                        LoopbackServer.send(
                            ex, 200, "text/plain", bytes("User-agent: *\nDisallow: /x\n")))
                .page("/", "<a href=/x>x</a><a href=/y>y</a>")
                .page("/x", "x")
                .page("/y", "y"));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", s.url("/")));
    assertEquals("robots", r.only(s.url("/x")).reason());
    assertEquals(Outcome.FETCHED, r.only(s.url("/y")).outcome());
  }

  @Test
  void readsOnlyTheFirst500KibOfAHugeRobotsTxt() throws IOException {
    StringBuilder huge = new StringBuilder("User-agent: *\nDisallow: /early\n");
    while (huge.length() < 2_000_000) {
      huge.append("# padding padding padding padding padding padding padding padding\n");
    }
    huge.append("Disallow: /late\n");
    byte[] robots = bytes(huge.toString());
    LoopbackServer s =
        serve(
            new Routes()
                .on("/robots.txt", ex -> LoopbackServer.send(ex, 200, "text/plain", robots))
                .page("/", "<a href=/early>e</a><a href=/late>l</a>")
                .page("/early", "e")
                .page("/late", "l"));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", s.url("/")));
    assertEquals("robots", r.only(s.url("/early")).reason());
    assertEquals(Outcome.FETCHED, r.only(s.url("/late")).outcome(), "beyond the size cap");
  }

  @Test
  void aMissingRobotsTxtAllowsEverything() throws IOException {
    LoopbackServer s = serve(new Routes().page("/", "<a href=/a>a</a>").page("/a", "a"));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", s.url("/")));
    assertEquals(Outcome.FETCHED, r.only(s.url("/a")).outcome());
  }

  @Test
  void aFailingRobotsTxtDefersTheHostThenSkipsItsUrls() throws IOException {
    LoopbackServer s =
        serve(
            new Routes()
                .on("/robots.txt", ex -> LoopbackServer.send(ex, 500, "text/plain", bytes("oops")))
                .page("/", "<title>home</title>"));
    long start = System.nanoTime();
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler.robots { retry-pause = 200ms, max-attempts = 3 }", s.url("/")));
    CrawlRecord rec = r.only(s.url("/"));
    assertEquals(Outcome.SKIPPED, rec.outcome());
    assertEquals("robots-unavailable", rec.reason());
    assertEquals(3, s.requestCount("/robots.txt"));
    assertEquals(0, s.requestCount("/"));
    // Deferred 200 ms, then 400 ms, between the three attempts.
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 600);
  }

  @Test
  void honoursCrawlDelayUpToTheCap() throws IOException {
    LoopbackServer polite =
        serve(
            "127.0.0.1",
            chain(3, 0)
                .on(
                    "/robots.txt",
                    ex ->
                        LoopbackServer.send(
                            ex, 200, "text/plain", bytes("User-agent: *\nCrawl-delay: 1\n"))));
    LoopbackServer greedy =
        serve(
            "127.0.0.2",
            chain(3, 0)
                .on(
                    "/robots.txt",
                    ex ->
                        LoopbackServer.send(
                            ex, 200, "text/plain", bytes("User-agent: *\nCrawl-delay: 3600\n"))));
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler { politeness.max-per-host = 1, robots.max-crawl-delay = 400ms }",
                polite.url("/0"),
                greedy.url("/0")));
    assertEquals(6, r.records().size(), r.records().toString());
    assertTrue(minGap(arrivalsMs(polite)) >= 400, "capped at 400 ms on the first host too");
    List<Long> capped = arrivalsMs(greedy);
    // Uncapped, the next request would wait an hour: six records prove the cap.
    assertTrue(minGap(capped) >= 400, "gaps on the capped host: " + capped);
    assertEquals(2, r.summary().politeness().crawlDelayCapped().size());

    LoopbackServer oneSecond =
        serve(
            "127.0.0.3",
            chain(3, 0)
                .on(
                    "/robots.txt",
                    ex ->
                        LoopbackServer.send(
                            ex, 200, "text/plain", bytes("User-agent: *\nCrawl-delay: 1\n"))));
    TestCrawls.Result slow =
        TestCrawls.crawl(
            TestCrawls.settings("crawler.politeness.max-per-host = 1", oneSecond.url("/0")));
    assertEquals(3, slow.records().size());
    assertTrue(minGap(arrivalsMs(oneSecond)) >= 1_000);
    assertTrue(slow.summary().politeness().crawlDelayCapped().isEmpty());
  }

  @Test
  void pausesTheHostForRetryAfterSecondsOrDate() throws IOException {
    for (boolean asDate : new boolean[] {false, true}) {
      AtomicInteger calls = new AtomicInteger();
      Routes routes =
          chain(4, 0)
              .on(
                  "/1",
                  ex -> {
                    if (calls.incrementAndGet() == 1) {
                      ex.getResponseHeaders()
                          .set(
                              "Retry-After",
                              asDate
                                  ? DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                      ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2))
                                  : "1");
                      LoopbackServer.send(ex, 429, "text/plain", bytes("slow down"));
                    } else {
                      LoopbackServer.html(ex, "<a href=/2>2</a><a href=/3>3</a>");
                    }
                  });
      LoopbackServer s = serve(routes);
      TestCrawls.Result r =
          TestCrawls.crawl(
              TestCrawls.settings(
                  "crawler.politeness { max-per-host = 2, delay = 0 }", s.url("/0")));
      assertEquals(4, r.records().size());
      assertEquals(2, r.only(s.url("/1")).attempts());
      List<LoopbackServer.Request> requests = CrawlerTest.pageRequests(s);
      long throttledAt = requests.get(1).arrivedNanos();
      for (LoopbackServer.Request next : requests.subList(2, requests.size())) {
        long gap = TimeUnit.NANOSECONDS.toMillis(next.arrivedNanos() - throttledAt);
        assertTrue(gap >= 1_000, "nothing asked of the paused host before Retry-After: " + gap);
      }
      assertEquals(1, r.summary().politeness().failingHosts().get(0).pauses());
    }
  }

  @Test
  void backsOffAHostAnswering503WithoutRetryAfter() throws IOException {
    AtomicInteger calls = new AtomicInteger();
    LoopbackServer s =
        serve(
            chain(2, 0)
                .on(
                    "/0",
                    ex -> {
                      if (calls.incrementAndGet() <= 2) {
                        LoopbackServer.send(ex, 503, "text/plain", bytes("busy"));
                      } else {
                        LoopbackServer.html(ex, "<a href=/1>1</a>");
                      }
                    }));
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings("crawler.politeness.throttle-pause = 300ms", s.url("/0")));
    assertEquals(3, r.only(s.url("/0")).attempts());
    List<Long> t = arrivalsMs(s);
    assertTrue(t.get(1) - t.get(0) >= 300, "first pause");
    assertTrue(t.get(2) - t.get(1) >= 600, "the pause doubles");
  }

  @Test
  void givesUpADeadHostWithoutHangingTheCrawl() throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = socket.getLocalPort();
    }
    String dead = "http://127.0.0.1:" + deadPort;
    StringBuilder links = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      links.append("<a href=").append(dead).append("/p").append(i).append(">d</a>");
    }
    LoopbackServer live = serve(new Routes().page("/", links.toString()));
    TestCrawls.Result r =
        TestCrawls.crawl(
            TestCrawls.settings(
                "crawler { scope = any, robots.enabled = false, politeness { max-per-host = 2,"
                    + " breaker-failures = 3, breaker-pause = 200ms, breaker-max-trips = 2 } }",
                live.url("/")));
    r.assertNoDuplicates();
    assertEquals(21, r.records().size());
    long unreachable =
        r.records().stream().filter(rec -> "host-unreachable".equals(rec.reason())).count();
    assertTrue(unreachable > 0, "the breaker gave the host up");
    assertTrue(
        r.records().stream()
            .filter(rec -> rec.url().startsWith(dead))
            .allMatch(rec -> rec.outcome() == Outcome.FAILED));
    assertEquals("unreachable", r.summary().politeness().failingHosts().get(0).state());
  }

  @Test
  void responsesThatBreakAfterTheirStatusDoNotTripTheBreaker() throws Exception {
    // A raw server: its /bad pages answer 200 and then a broken chunked body, its /ok pages well.
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> serveRaw(server, false), "raw-server");
      serving.setDaemon(true);
      serving.start();
      String site = "http://127.0.0.1:" + server.getLocalPort();
      TestCrawls.Result r =
          TestCrawls.crawl(
              TestCrawls.settings(
                  "crawler { robots.enabled = false, retry.max-attempts = 2, politeness {"
                      + " max-per-host = 1, breaker-failures = 2, breaker-pause = 200ms,"
                      + " breaker-max-trips = 1 } }",
                  site + "/"));
      r.assertNoDuplicates();
      assertEquals(10, r.records().size());
      for (var rec : r.records()) {
        if (rec.url().contains("/bad")) {
          assertEquals("io-error", rec.reason(), rec.url());
          assertEquals(200, rec.status(), "the status the host answered with: " + rec.url());
        } else {
          assertEquals(Outcome.FETCHED, rec.outcome(), rec.url() + ": " + rec.reason());
        }
      }
    }
  }

  @Test
  void aRobotsTxtWhoseBodyBreaksMakesItUnavailableNotTheHostUnreachable() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> serveRaw(server, true), "raw-server");
      serving.setDaemon(true);
      serving.start();
      TestCrawls.Result r =
          TestCrawls.crawl(
              TestCrawls.settings(
                  "crawler.robots { max-attempts = 2, retry-pause = 100ms }",
                  "http://127.0.0.1:" + server.getLocalPort() + "/"));
      assertEquals(1, r.records().size());
      assertEquals("robots-unavailable", r.records().get(0).reason());
    }
  }

  /**
   * Answers each connection once: {@code /bad...} (and with {@code brokenRobots} {@code
   * /robots.txt}) with a broken chunked body, else a page.
   */
  private static void serveRaw(ServerSocket server, boolean brokenRobots) {
    String links =
        "<a href=/bad1>b</a><a href=/bad2>b</a><a href=/bad3>b</a><a href=/bad4>b</a>"
            + "<a href=/bad5>b</a><a href=/bad6>b</a><a href=/ok1>o</a><a href=/ok2>o</a>"
            + "<a href=/ok3>o</a>";
    while (!server.isClosed()) {
      try (var socket = server.accept()) {
        var in =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        String requestLine = in.readLine();
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          // the headers
        }
        String path = requestLine == null ? "/" : requestLine.split(" ")[1];
        String response;
        if (path.startsWith("/bad") || (brokenRobots && path.equals("/robots.txt"))) {
          response =
              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
                  + "Connection: close\r\n\r\nZZ\r\nnot a chunk\r\n";
        } else {
          String body = path.equals("/") ? links : "<title>fine</title>";
          response =
              "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
                  + "Content-Length: "
                  + body.length()
                  + "\r\n\r\n"
                  + body;
        }
        socket.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        // the next connection (or the server was closed)
      }
    }
  }

  @Test
  void readsSitemapIndexesGzipAndTextSitemaps() throws IOException {
    AtomicInteger port = new AtomicInteger();
    // Handlers run at request time, when the port is known.
    java.util.function.Function<String, String> at =
        path -> "http://127.0.0.1:" + port.get() + path;
    LoopbackServer site =
        serve(
            new Routes()
                .on(
                    "/robots.txt",
                    ex ->
                        LoopbackServer.send(
                            ex,
                            200,
                            "text/plain",
                            bytes(
                                "User-agent: *\nSitemap: "
                                    + at.apply("/sitemap_index.xml")
                                    + "\n")))
                .on(
                    "/sitemap_index.xml",
                    ex ->
                        LoopbackServer.send(
                            ex,
                            200,
                            "application/xml",
                            bytes(
                                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sitemapindex"
                                    + " xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                                    + "<sitemap><loc>"
                                    + at.apply("/sm1.xml.gz")
                                    + "</loc></sitemap>"
                                    + "<sitemap><loc>"
                                    + at.apply("/sm2.txt")
                                    + "</loc></sitemap>"
                                    + "<sitemap><loc>"
                                    + at.apply("/gone.xml")
                                    + "</loc></sitemap>"
                                    + "</sitemapindex>")))
                .on(
                    "/sm1.xml.gz",
                    ex ->
                        LoopbackServer.send(
                            ex,
                            200,
                            "application/gzip",
                            gzip(
                                bytes(
                                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset"
                                        + " xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                                        + "<url><loc>"
                                        + at.apply("/from-xml")
                                        + "</loc></url></urlset>"))))
                .on(
                    "/sm2.txt",
                    ex ->
                        LoopbackServer.send(
                            ex,
                            200,
                            "text/plain",
                            bytes(at.apply("/from-text") + "\nhttp://elsewhere.test/x\n")))
                .page("/", "<title>home</title>")
                .page("/from-xml", "<title>xml</title>")
                .page("/from-text", "<title>text</title>"));
    port.set(site.port());

    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.sitemaps.enabled = true", site.url("/")));
    r.assertNoDuplicates();
    for (String path : List.of("/from-xml", "/from-text")) {
      CrawlRecord rec = r.only(site.url(path));
      assertEquals(Outcome.FETCHED, rec.outcome(), path);
      assertEquals(0, rec.depth(), "sitemap URLs start at depth 0");
    }
    assertFalse(r.byUrl().containsKey("http://elsewhere.test/x"), "out of scope");
    CrawlSummary.Politeness p = r.summary().politeness();
    assertEquals(4, p.sitemapFiles());
    assertEquals(2, p.sitemapUrls());
    assertEquals(Long.valueOf(1), p.sitemapErrors().get("http-404"));
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void ignoresSitemapLinesThatAreNotHttpUrls() throws IOException {
    LoopbackServer s =
        serve(
            new Routes()
                .on(
                    "/robots.txt",
                    ex ->
                        LoopbackServer.send(
                            ex,
                            200,
                            "text/plain",
                            bytes(
                                "User-agent: *\nSitemap: ftp://files.example/sitemap.xml\n"
                                    + "Sitemap: not a url at all\n")))
                .page("/", "<title>home</title>"));
    TestCrawls.Result r =
        TestCrawls.crawl(TestCrawls.settings("crawler.sitemaps.enabled = true", s.url("/")));
    assertEquals(Outcome.FETCHED, r.only(s.url("/")).outcome());
    assertEquals(0, r.summary().politeness().sitemapFiles());
  }

  @Test
  void honoursNofollowHeadersAndRelNofollowLinks() throws IOException {
    LoopbackServer s =
        serve(
            new Routes()
                .page(
                    "/",
                    "<a href=/tagged>t</a><a href=/plain>p</a><a rel=nofollow"
                        + " href=/sponsored>s</a>")
                .on(
                    "/tagged",
                    ex -> {
                      ex.getResponseHeaders().add("X-Robots-Tag", "otherbot: noindex");
                      ex.getResponseHeaders().add("X-Robots-Tag", "nofollow");
                      LoopbackServer.html(ex, "<a href=/hidden>h</a>");
                    })
                .page("/plain", "p")
                .page("/sponsored", "s")
                .page("/hidden", "h"));
    TestCrawls.Result r = TestCrawls.crawl(TestCrawls.settings("", s.url("/")));
    CrawlRecord tagged = r.only(s.url("/tagged"));
    assertTrue(tagged.nofollow());
    assertFalse(tagged.noindex(), "scoped to another agent");
    assertFalse(r.byUrl().containsKey(s.url("/hidden")));
    assertFalse(r.byUrl().containsKey(s.url("/sponsored")));
    assertTrue(r.only(s.url("/")).links().contains(s.url("/sponsored")), "still listed");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
