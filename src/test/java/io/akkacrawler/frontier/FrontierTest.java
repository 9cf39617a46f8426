package io.akkacrawler.frontier;

import static io.akkacrawler.frontier.FrontierFixture.DEADLINE;
import static io.akkacrawler.frontier.FrontierFixture.OK;
import static io.akkacrawler.frontier.FrontierFixture.page;
import static io.akkacrawler.frontier.FrontierFixture.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.HostReport;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.Feedback.Signal;
import io.akkacrawler.job.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Admission, dispatch in turn, per-host limits and delays, retries and the dispatch deadline. */
class FrontierTest {
  private final FrontierFixture fixture = new FrontierFixture();

  @AfterEach
  void closeStores() {
    fixture.close();
  }

  private Frontier frontier(String hocon) {
    return fixture.frontier(hocon);
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
  void stopsAdmittingLinksToAHostThatHasItsBudgetButNotItsSeeds() {
    Frontier f = frontier("crawler.max-pages-per-host = 2");
    String from = "http://a.test/";
    assertEquals(Frontier.Admission.ADMITTED, f.admit("http://a.test/1", 1, from));
    assertEquals(Frontier.Admission.ADMITTED, f.admit("http://a.test/2", 1, from));
    assertEquals(Frontier.Admission.OVER_LIMIT, f.admit("http://a.test/3", 1, from));
    assertEquals(Frontier.Admission.DUPLICATE, f.admit("http://a.test/2", 1, from));
    assertEquals(Frontier.Admission.ADMITTED, f.admit("https://a.test/3", 1, from), "another host");
    assertEquals(Frontier.Admission.ADMITTED, f.admit("http://b.test/1", 1, from));
    assertEquals(Frontier.Admission.ADMITTED, f.admit("http://a.test/seed", 0, null), "a seed");
    assertEquals(Frontier.Admission.OVER_LIMIT, f.admit("http://a.test/4", 1, from));
    assertEquals(5, f.queued());
    assertEquals(
        List.of("http://a.test:80"),
        f.hostReports(0).stream().filter(HostReport::budgetReached).map(HostReport::host).toList());
  }

  @Test
  void aHostIsReportedAtItsBudgetOnlyWhenANewLinkWasLeftOut() {
    Frontier f = frontier("crawler.max-pages-per-host = 1");
    f.admit("http://a.test/1", 1, "http://a.test/");
    assertEquals(Frontier.Admission.DUPLICATE, f.admit("http://a.test/1", 1, "http://a.test/"));
    assertFalse(f.hostReports(0).get(0).budgetReached(), "a link it already has");
    assertEquals(Frontier.Admission.OVER_LIMIT, f.admit("http://a.test/2", 1, "http://a.test/"));
    assertTrue(f.hostReports(0).get(0).budgetReached());
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

    f.admitWithRecord("http://a.test/x", 0, Reason.MAX_PAGES, false);
    assertFalse(f.isIdle(), "a job waiting for its record is outstanding");
    Frontier.Skip skip = assertInstanceOf(Frontier.Skip.class, f.poll(0));
    assertEquals(Reason.MAX_PAGES, skip.reason());
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
}
