package io.akkacrawler.frontier;

import static io.akkacrawler.frontier.FrontierFixture.OK;
import static io.akkacrawler.frontier.FrontierFixture.page;
import static io.akkacrawler.frontier.FrontierFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.Feedback.Signal;
import io.akkacrawler.job.Reason;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.robots.RobotsRules;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** robots.txt per host (rules, Crawl-delay, deferral, giving up) and the sitemaps it names. */
class FrontierRobotsTest {
  private final FrontierFixture fixture = new FrontierFixture();

  @AfterEach
  void closeStores() {
    fixture.close();
  }

  private Frontier frontier(String hocon) {
    return fixture.frontier(hocon);
  }

  // ---- robots.txt ----

  private static RobotsFetched rules(long crawlDelayMs, RobotsRules.Rule... rules) {
    return new RobotsFetched(
        new RobotsRules(RobotsRules.Mode.ALLOW_SOME, List.of(rules), crawlDelayMs, List.of()),
        200,
        null,
        5);
  }

  @Test
  void fetchesRobotsBeforeTheFirstPageOfEachHost() {
    Frontier f = frontier("crawler.robots.enabled = true");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    f.admit("http://b.test/1", 0, null);
    Frontier.FetchRobots a = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    assertEquals("http://a.test:80", a.host());
    Frontier.FetchRobots b = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    assertEquals("http://b.test:80", b.host());
    assertNull(f.poll(0), "no page before the host's rules are known");

    f.robotsFetched(a.dispatchId(), new RobotsFetched(RobotsRules.ALLOW_ALL, 404, null, 3), 10);
    assertEquals("http://a.test/1", url(f.poll(10)));
    assertEquals("http://a.test/2", url(f.poll(10)));
    assertNull(f.poll(10));
    assertEquals(1, f.robotsFetches() - 1, "one robots.txt per host");
  }

  @Test
  void skipsUrlsDisallowedByRobots() {
    Frontier f = frontier("crawler.robots.enabled = true");
    f.admit("http://a.test/private/x", 0, null);
    f.admit("http://a.test/public", 0, null);
    Frontier.FetchRobots r = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    f.robotsFetched(r.dispatchId(), rules(-1, new RobotsRules.Rule("/private", false)), 0);
    Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(0));
    assertEquals("http://a.test/private/x", skip.job().url());
    assertEquals(Reason.ROBOTS, skip.reason());
    assertFalse(skip.failed());
    assertEquals("http://a.test/public", url(f.poll(0)));
  }

  @Test
  void defersAHostWhoseRobotsIsUnreachableThenSkipsItsUrls() {
    Frontier f = frontier("crawler.robots { enabled = true, retry-pause = 1s, max-attempts = 2 }");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    Frontier.FetchRobots first = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    f.robotsFetched(first.dispatchId(), new RobotsFetched(null, 503, Reason.HTTP_STATUS, 2), 0);
    assertNull(f.poll(999), "deferred");
    assertEquals(1, f.hostCounts(999).paused());
    Frontier.FetchRobots second = assertInstanceOf(Frontier.FetchRobots.class, f.poll(1_000));
    f.robotsFetched(
        second.dispatchId(), new RobotsFetched(null, 500, Reason.HTTP_STATUS, 2), 1_000);
    for (String url : List.of("http://a.test/1", "http://a.test/2")) {
      Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(1_000));
      assertEquals(url, skip.job().url());
      assertEquals(Reason.ROBOTS_UNAVAILABLE, skip.reason());
    }
    assertEquals(Frontier.Admission.ADMITTED, f.admit("http://a.test/3", 0, null));
    assertEquals(
        Reason.ROBOTS_UNAVAILABLE, assertInstanceOf(Frontier.Skip.class, f.poll(1_000)).reason());
  }

  @Test
  void honoursCrawlDelayUpToTheCap() {
    Frontier f =
        frontier(
            "crawler.robots { enabled = true, max-crawl-delay = 2s }\n"
                + "crawler.politeness.max-per-host = 1");
    for (int i = 1; i <= 3; i++) {
      f.admit("http://a.test/" + i, 0, null);
    }
    Frontier.FetchRobots r = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    f.robotsFetched(r.dispatchId(), rules(500), 0);
    assertNull(f.poll(499));
    Frontier.FetchPage first = page(f.poll(500));
    f.complete(first.job().id(), 600, OK);
    assertNull(f.poll(1_099));
    assertNotNull(f.poll(1_100));

    Frontier capped = frontier("crawler.robots { enabled = true, max-crawl-delay = 2s }");
    capped.admit("http://a.test/1", 0, null);
    Frontier.FetchRobots r2 = assertInstanceOf(Frontier.FetchRobots.class, capped.poll(0));
    capped.robotsFetched(r2.dispatchId(), rules(3_600_000), 0);
    assertNull(capped.poll(1_999));
    assertNotNull(capped.poll(2_000));
    assertTrue(capped.hostReports(2_000).get(0).crawlDelayCapped());
  }

  // ---- sitemaps ----

  @Test
  void queuesTheSitemapsOfRobotsOnceEach() {
    Frontier f = frontier("crawler.robots.enabled = true\ncrawler.sitemaps.enabled = true");
    f.admit("http://a.test/1", 0, null);
    Frontier.FetchRobots r = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    List<String> sitemaps =
        f.robotsFetched(
            r.dispatchId(),
            new RobotsFetched(
                new RobotsRules(
                    RobotsRules.Mode.ALLOW_ALL,
                    List.of(),
                    -1,
                    List.of("http://a.test/sitemap_index.xml")),
                200,
                null,
                1),
            0);
    assertEquals(List.of("http://a.test/sitemap_index.xml"), sitemaps);
    f.addSitemaps(sitemaps);
    f.addSitemaps(sitemaps);
    Frontier.FetchSitemap s = assertInstanceOf(Frontier.FetchSitemap.class, f.poll(0));
    assertEquals("http://a.test/sitemap_index.xml", s.url());
    assertEquals("http://a.test/1", url(f.poll(0)));
    assertNull(f.poll(0));
    f.sitemapFetched(s.dispatchId(), 0, 3);
    assertFalse(f.isIdle(), "the page is still in flight");
  }

  @Test
  void asksNothingMoreOfAGivenUpHostNotEvenSitemaps() {
    Frontier f =
        frontier(
            "crawler.politeness { max-per-host = 1, breaker-failures = 1, breaker-max-trips = 1 }");
    f.admit("http://a.test/1", 0, null);
    Frontier.FetchPage p = page(f.poll(0));
    f.complete(p.job().id(), 0, new Feedback(Signal.UNREACHABLE, 1, -1, Reason.CONNECT_FAILED));
    f.addSitemaps(List.of("http://a.test/sitemap.xml", "ftp://a.test/odd.xml"));
    assertTrue(f.isIdle(), "nothing is left to do");
    assertNull(f.poll(0));
  }
}
