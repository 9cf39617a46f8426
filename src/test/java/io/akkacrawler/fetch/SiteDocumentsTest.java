package io.akkacrawler.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.Routes;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.demo.LoopbackServer;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.url.UrlNormalizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** robots.txt sent for the seeds' hosts before the crawl's actors ask for it. */
class SiteDocumentsTest {
  private final UrlNormalizer normalizer = new UrlNormalizer(2048);

  @Test
  void theSeedsHostsComeFirstInOrderAsManyAsTheFetchersTakeAtOnce() {
    CrawlSettings settings =
        TestCrawls.settings(
            "crawler.fetchers = 2",
            "http://Site.test/a",
            "http://site.test:80/b",
            "https://other.test/",
            "http://third.test/");
    assertEquals(
        List.of("http://site.test:80", "https://other.test:443"),
        SiteDocuments.robotsFirst(settings, normalizer));

    CrawlSettings oneAtATime =
        TestCrawls.settings(
            "crawler { fetchers = 2, max-in-flight = 1 }", "http://a.test/", "http://b.test/");
    assertEquals(List.of("http://a.test:80"), SiteDocuments.robotsFirst(oneAtATime, normalizer));
  }

  @Test
  void onlyTheSeedsTheCrawlAdmitsUnderItsPageLimit() {
    // The first two distinct seeds are admitted (the repeated one is no new page); the third
    // ends as over the limit without a request to its host.
    CrawlSettings settings =
        TestCrawls.settings(
            "crawler { fetchers = 4, max-pages = 2 }",
            "http://a.test/",
            "http://a.test/",
            "http://b.test/",
            "http://c.test/");
    assertEquals(
        List.of("http://a.test:80", "http://b.test:80"),
        SiteDocuments.robotsFirst(settings, normalizer));
  }

  @Test
  void noneWhenTheCrawlDoesNotReadRobotsTxt() {
    CrawlSettings settings =
        TestCrawls.settings("crawler.robots.enabled = false", "http://site.test/");
    assertEquals(List.of(), SiteDocuments.robotsFirst(settings, normalizer));
  }

  @Test
  void theRequestSentAtTheStartAnswersTheFirstAskAndOnlyThatOne() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    byte[] robots = "User-agent: *\nDisallow: /private\n".getBytes(StandardCharsets.UTF_8);
    try (LoopbackServer server =
        LoopbackServer.start(
            new Routes()
                .on(
                    "/robots.txt",
                    ex -> {
                      arrived.countDown();
                      LoopbackServer.send(ex, 200, "text/plain", robots);
                    }))) {
      CrawlSettings settings = TestCrawls.settings("", server.url("/"));
      String host = UrlNormalizer.hostKey(server.url("/"));
      try (HttpFetcher http = new HttpFetcher(settings.fetch())) {
        SiteDocuments documents = new SiteDocuments(http, normalizer, settings, List.of(host));
        // Sent before anything asked for it.
        assertTrue(arrived.await(30, TimeUnit.SECONDS), "robots.txt requested at the start");

        // The first ask gets that request's answer; no second request goes out.
        SiteDocuments.RobotsAnswer first = documents.fetchRobots(host).get(30, TimeUnit.SECONDS);
        assertEquals(1, server.requestCount("/robots.txt"));
        RobotsFetched rules = documents.robots(host, first);
        assertFalse(rules.unreachable());
        assertTrue(rules.rules().rules().stream().anyMatch(r -> r.prefix().equals("/private")));

        // A later ask (a refresh after the cache's TTL, a retry) is a request of its own.
        documents.fetchRobots(host).get(30, TimeUnit.SECONDS);
        assertEquals(2, server.requestCount("/robots.txt"));
      }
    }
  }
}
