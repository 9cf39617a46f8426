package io.akkacrawler.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.url.UrlNormalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrontierTest {
  private static final long DEADLINE = 10_000;

  private static Frontier frontier(long maxPages, int maxPerHost, long delayMs) {
    return new Frontier(
        new Frontier.Limits(maxPages, maxPerHost, delayMs, DEADLINE), UrlNormalizer::hostKey);
  }

  @Test
  void admitsEachUrlOnce() {
    Frontier f = frontier(0, 0, 0);
    assertEquals(Frontier.Admission.ADMITTED, f.admit("http://a.test/1", 0, null));
    assertEquals(Frontier.Admission.DUPLICATE, f.admit("http://a.test/1", 1, "http://a.test/"));
    assertEquals(1, f.queued());
    assertEquals(1, f.admitted());
  }

  @Test
  void handsOutUrlsOfOneHostInFifoOrder() {
    Frontier f = frontier(0, 0, 0);
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    f.admit("http://a.test/3", 0, null);
    assertEquals("http://a.test/1", f.poll(0).job().url());
    assertEquals("http://a.test/2", f.poll(0).job().url());
    assertEquals("http://a.test/3", f.poll(0).job().url());
    assertNull(f.poll(0));
  }

  @Test
  void alternatesBetweenHosts() {
    Frontier f = frontier(0, 0, 0);
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    f.admit("http://b.test/1", 0, null);
    f.admit("http://b.test/2", 0, null);
    List<String> order = new ArrayList<>();
    for (Frontier.Dispatch d = f.poll(0); d != null; d = f.poll(0)) {
      order.add(d.job().url());
    }
    assertEquals(
        List.of("http://a.test/1", "http://b.test/1", "http://a.test/2", "http://b.test/2"),
        order);
  }

  @Test
  void stopsAdmittingAtThePageLimit() {
    Frontier f = frontier(2, 0, 0);
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    assertEquals(Frontier.Admission.OVER_LIMIT, f.admit("http://a.test/3", 0, null));
    assertEquals(2, f.queued());
  }

  @Test
  void limitsRequestsPerHostAndWaitsTheDelayAfterEachAnswer() {
    Frontier f = frontier(0, 1, 500);
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    f.admit("http://b.test/1", 0, null);
    Frontier.Dispatch a1 = f.poll(0);
    Frontier.Dispatch b1 = f.poll(0);
    assertEquals("http://a.test/1", a1.job().url());
    assertEquals("http://b.test/1", b1.job().url());
    assertNull(f.poll(0), "a.test already has its one request in flight");

    assertTrue(f.complete(a1.job().id(), 100));
    assertNull(f.poll(599), "the delay counts from the end of the previous request");
    assertEquals(600, f.nextWakeup());
    assertEquals("http://a.test/2", f.poll(600).job().url());
  }

  @Test
  void retriesWaitForTheirTimeAndGoFirst() {
    Frontier f = frontier(0, 0, 0);
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    Frontier.Dispatch d = f.poll(0);
    CrawlJob job = f.endDispatch(d.job().id(), d.dispatchId(), 10);
    assertNotNull(job);
    f.retryAt(job.nextAttempt(), 1_000);
    assertEquals("http://a.test/2", f.poll(10).job().url());
    assertNull(f.poll(999));
    assertEquals(1_000, f.nextWakeup());
    Frontier.Dispatch retry = f.poll(1_000);
    assertEquals("http://a.test/1", retry.job().url());
    assertEquals(2, retry.job().attempt());
  }

  @Test
  void ignoresAnswersOfASupersededDispatch() {
    Frontier f = frontier(0, 0, 0);
    f.admit("http://a.test/1", 0, null);
    Frontier.Dispatch first = f.poll(0);
    List<CrawlJob> late = f.overdue(DEADLINE);
    assertEquals(1, late.size());
    f.requeue(late.get(0).redispatched());
    Frontier.Dispatch second = f.poll(DEADLINE);
    assertNull(f.endDispatch(first.job().id(), first.dispatchId(), DEADLINE));
    assertNotNull(f.endDispatch(second.job().id(), second.dispatchId(), DEADLINE));
  }

  @Test
  void aLateRecordFinishesAJobThatWaitsForARetry() {
    Frontier f = frontier(0, 0, 0);
    f.admit("http://a.test/1", 0, null);
    Frontier.Dispatch d = f.poll(0);
    f.retryAt(f.endDispatch(d.job().id(), d.dispatchId(), 0).nextAttempt(), 100);
    assertFalse(f.isIdle());
    assertTrue(f.complete(d.job().id(), 50));
    assertTrue(f.isIdle());
    assertNull(f.poll(200), "the finished job is not dispatched again");
  }

  @Test
  void isIdleOnlyWhenNothingIsQueuedWaitingOrOutstanding() {
    Frontier f = frontier(0, 0, 0);
    assertTrue(f.isIdle());
    f.admit("http://a.test/1", 0, null);
    assertFalse(f.isIdle());
    Frontier.Dispatch d = f.poll(0);
    assertFalse(f.isIdle());
    assertEquals(1, f.dispatched());
    f.complete(d.job().id(), 0);
    assertTrue(f.isIdle());

    CrawlJob unfetched = f.admitUnfetched("http://a.test/x", 0, null);
    assertFalse(f.isIdle(), "a job waiting for its record is outstanding");
    assertEquals(0, f.dispatched());
    f.complete(unfetched.id(), 0);
    assertTrue(f.isIdle());
  }

  @Test
  void redirectTargetsAreClaimedOnce() {
    Frontier f = frontier(0, 0, 0);
    f.admit("http://a.test/1", 0, null);
    assertFalse(f.claim("http://a.test/1"));
    assertTrue(f.claim("http://a.test/2"));
    assertFalse(f.claim("http://a.test/2"));
    assertEquals(Frontier.Admission.DUPLICATE, f.admit("http://a.test/2", 1, null));
  }

  @Test
  void overdueDispatchesFreeTheirHostSlot() {
    Frontier f = frontier(0, 1, 0);
    f.admit("http://a.test/1", 0, null);
    f.admit("http://a.test/2", 0, null);
    f.poll(0);
    assertNull(f.poll(1));
    assertEquals(1, f.overdue(DEADLINE).size());
    assertEquals("http://a.test/2", f.poll(DEADLINE).job().url());
  }
}
