package io.akkacrawler.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.akkacrawler.CrawlRecord;
import io.akkacrawler.Outcome;
import io.akkacrawler.TestCrawls;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Crawls of an https site that speaks HTTP/2 and HTTP/1.1 (Jetty, chosen with ALPN). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Http2CrawlTest {
  private static final int PAGES = 20;
  private H2Site site;

  @AfterEach
  void stop() throws Exception {
    if (site != null) {
      site.close();
    }
  }

  private H2Site serve() throws Exception {
    Map<String, byte[]> pages = new HashMap<>();
    for (int i = 0; i < PAGES; i++) {
      String html =
          "<title>Page "
              + i
              + "</title><a href=\"/p"
              + (i + 1) % PAGES
              + "\">next</a>"
              + "<a href=\"/p"
              + (i * 7) % PAGES
              + "\">other</a>";
      pages.put("/p" + i, html.getBytes(StandardCharsets.UTF_8));
    }
    pages.put("/robots.txt", "User-agent: *\nAllow: /\n".getBytes(StandardCharsets.UTF_8));
    site = new H2Site(TestCertificates.get().good, pages, 0);
    return site;
  }

  private TestCrawls.Result crawl(String version, int perHost) {
    return crawl(version, perHost, "auto");
  }

  private TestCrawls.Result crawl(String version, int perHost, String clientThreads) {
    return TestCrawls.crawl(
        TestCrawls.settings(
            "crawler.fetch { client-threads = "
                + clientThreads
                + ", http-version = \""
                + version
                + "\", tls.ca-file = \""
                + TestCertificates.get().caPem
                + "\" }, crawler.politeness.max-per-host = "
                + perHost,
            site.url("/p0")));
  }

  private static void assertAllFetched(TestCrawls.Result result) {
    result.assertNoDuplicates();
    assertEquals(PAGES, result.records().size(), result.urls().toString());
    for (CrawlRecord r : result.records()) {
      assertEquals(Outcome.FETCHED, r.outcome(), r.toString());
      assertEquals(200, r.status(), r.toString());
    }
  }

  private Set<String> protocols() {
    return site.requests().stream().map(H2Site.Request::protocol).collect(Collectors.toSet());
  }

  @Test
  void autoCrawlsAnHttp2SiteOverHttp2() throws Exception {
    serve();
    assertAllFetched(crawl("auto", 1));
    assertEquals(Set.of("HTTP/2.0"), protocols(), "robots.txt and every page over h2");
    assertEquals(PAGES + 1, site.requests().stream().map(H2Site.Request::path).distinct().count());
  }

  @Test
  void http2CarriesSeveralRequestsOfAHostOnOneConnectionWhenPerHostAllowsThem() throws Exception {
    serve();
    assertAllFetched(crawl("2", 4));
    assertEquals(Set.of("HTTP/2.0"), protocols());
    assertEquals(1, site.requests().stream().map(H2Site.Request::connection).distinct().count());
  }

  @ParameterizedTest(name = "client-threads = {0}")
  @ValueSource(strings = {"0", "2"})
  void theClientsSelectorThreadAloneOrAPoolCarryTlsOverBothVersions(String threads)
      throws Exception {
    serve();
    assertAllFetched(crawl("2", 4, threads));
    assertEquals(Set.of("HTTP/2.0"), protocols());
    site.close();
    serve();
    assertAllFetched(crawl("1.1", 4, threads));
    assertEquals(Set.of("HTTP/1.1"), protocols());
  }

  @Test
  void version11StaysOnHttp11() throws Exception {
    serve();
    assertAllFetched(crawl("1.1", 1));
    assertEquals(Set.of("HTTP/1.1"), protocols());
    assertEquals(
        List.of("/robots.txt"),
        site.requests().stream().limit(1).map(H2Site.Request::path).toList());
  }
}
