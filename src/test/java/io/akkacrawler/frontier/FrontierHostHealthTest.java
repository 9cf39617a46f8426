package io.akkacrawler.frontier;

import static io.akkacrawler.frontier.FrontierFixture.OK;
import static io.akkacrawler.frontier.FrontierFixture.page;
import static io.akkacrawler.frontier.FrontierFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.HostReport;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.Feedback.Signal;
import io.akkacrawler.job.Reason;
import io.akkacrawler.robots.RobotsFetched;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Throttled hosts and the circuit breaker: pauses, back-off, and hosts given up. */
class FrontierHostHealthTest {
  private final FrontierFixture fixture = new FrontierFixture();

  @AfterEach
  void closeStores() {
    fixture.close();
  }

  private Frontier frontier(String hocon) {
    return fixture.frontier(hocon);
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
        a1.job().id(),
        a1.dispatchId(),
        0,
        new Feedback(Signal.THROTTLED, 5, 3_000, Reason.HTTP_STATUS));
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
    assertEquals("throttled", a.lastPause());
  }

  @Test
  void doublesThePauseOfAHostThatKeepsThrottlingAndEndsItOnSuccess() {
    Frontier f = frontier("crawler.politeness { max-per-host = 1, throttle-pause = 1s }");
    for (int i = 1; i <= 4; i++) {
      f.admit("http://a.test/" + i, 0, null);
    }
    Feedback busy = new Feedback(Signal.THROTTLED, 5, -1, Reason.HTTP_STATUS);
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
    Feedback refused = new Feedback(Signal.UNREACHABLE, 1, -1, Reason.CONNECT_FAILED);
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
      assertEquals(Reason.HOST_UNREACHABLE, skip.reason());
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
        new Feedback(Signal.UNREACHABLE, 1, -1, Reason.CONNECT_FAILED, "connection refused");
    for (int i = 0; i < 2; i++) {
      f.complete(page(f.poll(0)).job().id(), 0, refused);
    }
    Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(0));
    assertEquals(Reason.HOST_UNREACHABLE, skip.reason());
    assertEquals("connection refused (2 attempts)", skip.error());
  }

  @Test
  void aBlackHoleThatNeverAcceptsIsGivenUpAfterTwoAttemptsWithoutTheAdaptiveDelay() {
    Frontier f = frontier("crawler.politeness { max-per-host = 1, delay = 1s, delay-factor = 2 }");
    for (int i = 1; i <= 3; i++) {
      f.admit("http://a.test/" + i, 0, null);
    }
    Feedback timedOut =
        new Feedback(
            Signal.UNREACHABLE, 10_000, -1, Reason.CONNECT_TIMEOUT, "HTTP connect timed out");
    f.complete(page(f.poll(0)).job().id(), 10_000, timedOut);
    assertNull(f.poll(10_999), "the short pause of a host that never answered");
    // Asked again after 1 s, not after twice the 10 s the connection attempt took.
    f.complete(page(f.poll(11_000)).job().id(), 21_000, timedOut);
    Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(21_000));
    assertEquals(Reason.HOST_UNREACHABLE, skip.reason());
    assertEquals("HTTP connect timed out (2 attempts)", skip.error());
  }

  @Test
  void aBlackHoleBehindRobotsTxtIsGivenUpAfterTwoConnectTimeouts() {
    Frontier f =
        frontier(
            "crawler.robots { enabled = true, retry-pause = 30s },"
                + " crawler.politeness { delay = 1s, delay-factor = 2 }");
    f.admit("http://a.test/", 0, null);
    RobotsFetched timedOut =
        new RobotsFetched(null, 0, Reason.CONNECT_TIMEOUT, 10_000, "HTTP connect timed out");
    Frontier.FetchRobots first = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    f.robotsFetched(first.dispatchId(), timedOut, 10_000);
    Frontier.FetchRobots second = assertInstanceOf(Frontier.FetchRobots.class, f.poll(11_000));
    f.robotsFetched(second.dispatchId(), timedOut, 21_000);
    Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(21_000));
    assertEquals(Reason.HOST_UNREACHABLE, skip.reason());
    assertEquals("HTTP connect timed out (2 attempts)", skip.error());
  }

  @Test
  void aHostWithNoDnsNameIsUnreachableAfterTwoQuickRobotsAttempts() {
    Frontier f = frontier("crawler.robots { enabled = true, retry-pause = 30s }");
    f.admit("http://x.example/", 0, null);
    RobotsFetched unknown =
        new RobotsFetched(null, 0, Reason.UNKNOWN_HOST, 1, "unknown host x.example");
    Frontier.FetchRobots first = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    f.robotsFetched(first.dispatchId(), unknown, 0);
    assertNull(f.poll(999), "asked again after a short pause, not robots.retry-pause");
    Frontier.FetchRobots second = assertInstanceOf(Frontier.FetchRobots.class, f.poll(1_000));
    assertEquals("unreachable", f.hostReports(1_000).get(0).lastPause());
    f.robotsFetched(second.dispatchId(), unknown, 1_000);
    Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(1_000));
    assertEquals(Reason.HOST_UNREACHABLE, skip.reason());
    assertEquals("unknown host x.example (2 attempts)", skip.error());
  }

  @Test
  void aHostThatAnswersErrorsKeepsTheRobotsRetryPause() {
    Frontier f = frontier("crawler.robots { enabled = true, retry-pause = 30s }");
    f.admit("http://a.test/", 0, null);
    Frontier.FetchRobots first = assertInstanceOf(Frontier.FetchRobots.class, f.poll(0));
    f.robotsFetched(first.dispatchId(), new RobotsFetched(null, 503, Reason.HTTP_STATUS, 1), 0);
    assertNull(f.poll(29_999), "robots.retry-pause (30 s) applies");
  }
}
