package io.akkacrawler.frontier;

import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.HostReport;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.job.Feedback.Signal;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.robots.RobotsRules;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.url.UrlNormalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrontierTest {
  private static final long DEADLINE = 10_000;
  private static final Feedback OK = new Feedback(Signal.OK, 10, -1, null);

  private final List<CrawlStore> stores = new ArrayList<>();

  @AfterEach
  void closeStores() {
    stores.forEach(CrawlStore::close);
  }

  /** A frontier without robots.txt and without per-host limits, unless {@code hocon} says so. */
  private Frontier frontier(String hocon) {
    CrawlStore store = CrawlStore.temporary();
    stores.add(store);
    return new Frontier(
        TestCrawls.settings(
            "crawler { robots.enabled = false,"
                + " dispatch-deadline = "
                + DEADLINE
                + "ms, politeness { delay = 0, max-per-host = 0 } }\n"
                + hocon,
            "http://a.test/"),
        UrlNormalizer::hostKey,
        store,
        0);
  }

  private static Frontier.FetchPage page(Frontier.Work work) {
    return assertInstanceOf(Frontier.FetchPage.class, work);
  }

  private static String url(Frontier.Work work) {
    return page(work).job().url();
  }

  @Test
  void admitsEachUrlOnce() {
    Frontier f = frontier("");
    assertEquals(Frontier.Admission.ADMITTED, f.admit("http://a.test/1", 0, null));
    assertEquals(Frontier.Admission.DUPLICATE, f.admit("http://a.test/1", 1, "http://a.test/"));
    assertEquals(1, f.queued());
    assertEquals(1, f.admitted());
  }

  @Test
  void handsOutUrlsOfOneHostInFifoOrder() {
    Frontier f = frontier("");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    f.admit("http://a.test/3", 0, null);
    assertEquals("http://a.test/1", url(f.poll(0)));
    assertEquals("http://a.test/2", url(f.poll(0)));
    assertEquals("http://a.test/3", url(f.poll(0)));
    assertNull(f.poll(0));
  }

  @Test
  void alternatesBetweenHosts() {
    Frontier f = frontier("");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    f.admit("http://b.test/1", 0, null);
    f.admit("http://b.test/2", 0, null);
    List<String> order = new ArrayList<>();
    for (Frontier.Work w = f.poll(0); w != null; w = f.poll(0)) {
      order.add(url(w));
    }
    assertEquals(
        List.of("http://a.test/1", "http://b.test/1", "http://a.test/2", "http://b.test/2"), order);
  }

  @Test
  void stopsAdmittingAtThePageLimit() {
    Frontier f = frontier("crawler.max-pages = 2");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    assertEquals(Frontier.Admission.OVER_LIMIT, f.admit("http://a.test/3", 0, null));
    assertEquals(2, f.queued());
  }

  @Test
  void limitsRequestsPerHostAndWaitsTheDelayAfterEachAnswer() {
    Frontier f =
        frontier("crawler.politeness { max-per-host = 1, delay = 500ms, delay-factor = 0 }");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    f.admit("http://b.test/1", 0, null);
    Frontier.FetchPage a1 = page(f.poll(0));
    assertEquals("http://a.test/1", a1.job().url());
    assertEquals("http://b.test/1", url(f.poll(0)), "another host is not held up");
    assertNull(f.poll(0), "a.test already has its one request in flight");

    assertTrue(f.complete(a1.job().id(), 100, OK));
    assertNull(f.poll(599), "the delay counts from the end of the previous request");
    assertEquals(600, f.nextWakeup());
    assertEquals("http://a.test/2", url(f.poll(600)));
  }

  @Test
  void stretchesTheDelayWithTheResponseTime() {
    Frontier f =
        frontier(
            "crawler.politeness { max-per-host = 1, delay = 100ms, delay-factor = 2, max-delay = 5s"
                + " }");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    Frontier.FetchPage first = page(f.poll(0));
    f.complete(first.job().id(), 1_000, new Feedback(Signal.OK, 400, -1, null));
    assertNull(f.poll(1_799));
    assertEquals("http://a.test/2", url(f.poll(1_800)));
  }

  @Test
  void retriesWaitForTheirTimeAndGoFirst() {
    Frontier f = frontier("");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    Frontier.FetchPage d = page(f.poll(0));
    CrawlJob job = f.endDispatch(d.job().id(), d.dispatchId(), 10, OK);
    assertNotNull(job);
    f.retryAt(job.nextAttempt(), 1_000);
    assertEquals("http://a.test/2", url(f.poll(10)));
    assertNull(f.poll(999));
    assertEquals(1_000, f.nextWakeup());
    Frontier.FetchPage retry = page(f.poll(1_000));
    assertEquals("http://a.test/1", retry.job().url());
    assertEquals(2, retry.job().attempt());
  }

  @Test
  void ignoresAnswersOfASupersededDispatch() {
    Frontier f = frontier("");
    f.admit("http://a.test/1", 0, null);
    Frontier.FetchPage first = page(f.poll(0));
    List<CrawlJob> late = f.overdue(DEADLINE);
    assertEquals(1, late.size());
    f.requeue(late.get(0).redispatched());
    Frontier.FetchPage second = page(f.poll(DEADLINE));
    assertNull(f.endDispatch(first.job().id(), first.dispatchId(), DEADLINE, OK));
    assertNotNull(f.endDispatch(second.job().id(), second.dispatchId(), DEADLINE, OK));
  }

  @Test
  void aLateRecordFinishesAJobThatWaitsForARetry() {
    Frontier f = frontier("");
    f.admit("http://a.test/1", 0, null);
    Frontier.FetchPage d = page(f.poll(0));
    f.retryAt(f.endDispatch(d.job().id(), d.dispatchId(), 0, OK).nextAttempt(), 100);
    assertFalse(f.isIdle());
    assertTrue(f.complete(d.job().id(), 50, Feedback.NONE));
    assertTrue(f.isIdle());
    assertNull(f.poll(200), "the finished job is not dispatched again");
  }

  @Test
  void isIdleOnlyWhenNothingIsQueuedWaitingOrOutstanding() {
    Frontier f = frontier("");
    assertTrue(f.isIdle());
    f.admit("http://a.test/1", 0, null);
    assertFalse(f.isIdle());
    Frontier.FetchPage d = page(f.poll(0));
    assertFalse(f.isIdle());
    assertEquals(1, f.dispatched());
    f.complete(d.job().id(), 0, OK);
    assertTrue(f.isIdle());

    f.admitWithRecord("http://a.test/x", 0, "max-pages", false);
    assertFalse(f.isIdle(), "a job waiting for its record is outstanding");
    Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(0));
    assertEquals("max-pages", skip.reason());
    assertEquals(0, f.dispatched());
    f.complete(skip.job().id(), 0, Feedback.NONE);
    assertTrue(f.isIdle());
  }

  @Test
  void redirectTargetsAreClaimedOnce() {
    Frontier f = frontier("");
    f.admit("http://a.test/1", 0, null);
    assertFalse(f.claim("http://a.test/1"));
    assertTrue(f.claim("http://a.test/2"));
    assertFalse(f.claim("http://a.test/2"));
    assertEquals(Frontier.Admission.DUPLICATE, f.admit("http://a.test/2", 1, null));
  }

  @Test
  void overdueDispatchesFreeTheirHostSlot() {
    Frontier f = frontier("crawler.politeness.max-per-host = 1");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    f.poll(0);
    assertNull(f.poll(1));
    assertEquals(1, f.overdue(DEADLINE).size());
    assertEquals("http://a.test/2", url(f.poll(DEADLINE)));
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
    assertEquals("robots", skip.reason());
    assertFalse(skip.failed());
    assertEquals("http://a.test/public", url(f.poll(0)));
  }

  @Test
  void defersAHostWhoseRobotsIsUnreachableThenSkipsItsUrls() {
    Frontier f = frontier("crawler.robots { enabled = true, retry-pause = 1s, max-attempts = 2 }");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    Frontier.FetchRobots first = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    f.robotsFetched(first.dispatchId(), new RobotsFetched(null, 503, "http-503", 2), 0);
    assertNull(f.poll(999), "deferred");
    assertEquals(1, f.hostCounts(999).paused());
    Frontier.FetchRobots second = assertInstanceOf(Frontier.FetchRobots.class, f.poll(1_000));
    f.robotsFetched(second.dispatchId(), new RobotsFetched(null, 500, "http-500", 2), 1_000);
    for (String url : List.of("http://a.test/1", "http://a.test/2")) {
      Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(1_000));
      assertEquals(url, skip.job().url());
      assertEquals("robots-unavailable", skip.reason());
    }
    assertEquals(Frontier.Admission.ADMITTED, f.admit("http://a.test/3", 0, null));
    assertEquals(
        "robots-unavailable", assertInstanceOf(Frontier.Skip.class, f.poll(1_000)).reason());
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

  // ---- throttling and the circuit breaker ----

  @Test
  void pausesAThrottlingHostUntilRetryAfterWithoutHoldingUpOthers() {
    Frontier f = frontier("crawler.politeness.max-per-host = 1");
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    f.admit("http://b.test/1", 0, null);
    f.admit("http://b.test/2", 0, null);
    Frontier.FetchPage a1 = page(f.poll(0));
    Frontier.FetchPage b1 = page(f.poll(0));
    f.endDispatch(
        a1.job().id(), a1.dispatchId(), 0, new Feedback(Signal.THROTTLED, 5, 3_000, "http-429"));
    f.complete(b1.job().id(), 0, OK);
    assertEquals("http://b.test/2", url(f.poll(1)));
    assertNull(f.poll(2_999));
    assertEquals("http://a.test/2", url(f.poll(3_000)));
    HostReport a =
        f.hostReports(3_000).stream()
            .filter(h -> h.host().startsWith("http://a"))
            .findFirst()
            .orElseThrow();
    assertEquals(1, a.pauses());
    assertEquals("http-429", a.lastPause());
  }

  @Test
  void doublesThePauseOfAHostThatKeepsThrottlingAndEndsItOnSuccess() {
    Frontier f = frontier("crawler.politeness { max-per-host = 1, throttle-pause = 1s }");
    for (int i = 1; i <= 4; i++) {
      f.admit("http://a.test/" + i, 0, null);
    }
    Feedback busy = new Feedback(Signal.THROTTLED, 5, -1, "http-503");
    Frontier.FetchPage p1 = page(f.poll(0));
    f.endDispatch(p1.job().id(), p1.dispatchId(), 0, busy);
    assertNull(f.poll(999));
    Frontier.FetchPage p2 = page(f.poll(1_000));
    f.endDispatch(p2.job().id(), p2.dispatchId(), 1_000, busy);
    assertNull(f.poll(2_999), "second pause is twice as long");
    Frontier.FetchPage p3 = page(f.poll(3_000));
    f.complete(p3.job().id(), 3_000, OK);
    assertNotNull(f.poll(3_000), "a success ends the back-off");
  }

  @Test
  void tripsTheBreakerAndGivesUpAnUnreachableHost() {
    Frontier f =
        frontier(
            "crawler.politeness { max-per-host = 1, breaker-failures = 2,"
                + " breaker-pause = 1s, breaker-max-trips = 2 }");
    for (int i = 0; i <= 6; i++) {
      f.admit("http://a.test/" + i, 0, null);
    }
    // The host answered once: from then on it gets the breaker's patience.
    f.complete(page(f.poll(0)).job().id(), 0, OK);
    Feedback refused = new Feedback(Signal.UNREACHABLE, 1, -1, "connect-failed");
    long now = 0;
    for (int i = 0; i < 2; i++) {
      Frontier.FetchPage p = page(f.poll(now));
      f.complete(p.job().id(), now, refused);
    }
    assertNull(f.poll(now + 999), "paused after two failures in a row");
    now = 1_000;
    for (int i = 0; i < 2; i++) {
      Frontier.FetchPage p = page(f.poll(now));
      f.complete(p.job().id(), now, refused);
    }
    // The second trip gives the host up: its two remaining URLs fail without a request.
    for (int i = 0; i < 2; i++) {
      Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(now));
      assertEquals("host-unreachable", skip.reason());
      assertTrue(skip.failed());
      f.complete(skip.job().id(), now, Feedback.NONE);
    }
    assertTrue(f.isIdle());
    assertEquals("unreachable", f.hostReports(now).get(0).state());
  }

  @Test
  void givesUpAtOnceAHostThatNeverAnsweredAndRefusesConnections() {
    Frontier f = frontier("crawler.politeness { max-per-host = 1, breaker-failures = 5 }");
    for (int i = 1; i <= 3; i++) {
      f.admit("http://a.test/" + i, 0, null);
    }
    Feedback refused =
        new Feedback(Signal.UNREACHABLE, 1, -1, "connect-failed", "connection refused");
    for (int i = 0; i < 2; i++) {
      f.complete(page(f.poll(0)).job().id(), 0, refused);
    }
    Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(0));
    assertEquals("host-unreachable", skip.reason());
    assertEquals("connection refused (2 attempts)", skip.error());
  }

  @Test
  void aHostWithNoDnsNameIsUnreachableAfterTwoQuickRobotsAttempts() {
    Frontier f = frontier("crawler.robots { enabled = true, retry-pause = 30s }");
    f.admit("http://x.example/", 0, null);
    RobotsFetched unknown =
        new RobotsFetched(null, 0, "unknown-host", 1, "unknown host x.example");
    Frontier.FetchRobots first = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    f.robotsFetched(first.dispatchId(), unknown, 0);
    assertNull(f.poll(999), "asked again after a short pause, not robots.retry-pause");
    Frontier.FetchRobots second = assertInstanceOf(Frontier.FetchRobots.class, f.poll(1_000));
    assertEquals("unreachable", f.hostReports(1_000).get(0).lastPause());
    f.robotsFetched(second.dispatchId(), unknown, 1_000);
    Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(1_000));
    assertEquals("host-unreachable", skip.reason());
    assertEquals("unknown host x.example (2 attempts)", skip.error());
  }

  @Test
  void aHostThatAnswersErrorsKeepsTheRobotsRetryPause() {
    Frontier f = frontier("crawler.robots { enabled = true, retry-pause = 30s }");
    f.admit("http://a.test/", 0, null);
    Frontier.FetchRobots first = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    f.robotsFetched(first.dispatchId(), new RobotsFetched(null, 503, "http-503", 1), 0);
    assertNull(f.poll(29_999), "robots.retry-pause (30 s) applies");
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
    f.complete(p.job().id(), 0, new Feedback(Signal.UNREACHABLE, 1, -1, "connect-failed"));
    f.addSitemaps(List.of("http://a.test/sitemap.xml", "ftp://a.test/odd.xml"));
    assertTrue(f.isIdle(), "nothing is left to do");
    assertNull(f.poll(0));
  }
}
