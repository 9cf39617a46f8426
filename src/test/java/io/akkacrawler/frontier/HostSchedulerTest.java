package io.akkacrawler.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.akkacrawler.TestCrawls;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.url.UrlNormalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostSchedulerTest {
  private final CrawlStore store = CrawlStore.temporary();
  private final FrontierPersistence persistence = new FrontierPersistence(store, () -> 0);
  private final List<String> named = new ArrayList<>();
  private long nextJobId = 1;

  @AfterEach
  void closeStore() {
    store.close();
  }

  private HostScheduler scheduler(int maxPerHost) {
    return new HostScheduler(
        TestCrawls.settings("crawler.politeness.max-per-host = " + maxPerHost, "http://a.test/")
            .politeness(),
        UrlNormalizer::hostKey,
        persistence,
        host -> named.add(host.key));
  }

  /** Queues a new job of {@code url} as the frontier does: in the store, then in its host. */
  private CrawlJob queue(HostScheduler hosts, String url) {
    CrawlJob job = CrawlJob.of(nextJobId++, url, 0, null);
    HostQueue host = hosts.hostOfUrl(url);
    persistence.putJob(host.id, job, null, false);
    hosts.append(host, job);
    return job;
  }

  @Test
  void namesEachHostOnceAndPutsUnusableUrlsUnderThePseudoHost() {
    HostScheduler hosts = scheduler(0);
    assertSame(hosts.hostOfUrl("http://a.test/1"), hosts.hostOfUrl("http://a.test/2"));
    assertEquals(HostScheduler.INVALID_HOST, hosts.hostOfUrl("not a url").key);
    assertEquals(List.of("http://a.test:80", HostScheduler.INVALID_HOST), named);
  }

  @Test
  void handsOutTheHostWhoseTimeCameFirstAndHostsTakeTurns() {
    HostScheduler hosts = scheduler(0);
    queue(hosts, "http://a.test/1");
    queue(hosts, "http://a.test/2");
    queue(hosts, "http://b.test/1");
    HostQueue a = hosts.nextReady(0);
    assertEquals("http://a.test:80", a.key);
    hosts.take(a);
    hosts.reindex(a);
    HostQueue b = hosts.nextReady(0);
    assertEquals("http://b.test:80", b.key, "a.test went to the back of the line");
    hosts.take(b);
    hosts.reindex(b);

    hosts.unready(a);
    a.nextAllowedAt = 500;
    hosts.reindex(a);
    assertNull(hosts.nextReady(499));
    assertEquals(500, hosts.nextAllowedAt());
    assertSame(a, hosts.nextReady(500));
  }

  @Test
  void aHostWithAllItsRequestSlotsTakenIsNotReady() {
    HostScheduler hosts = scheduler(1);
    queue(hosts, "http://a.test/1");
    HostQueue a = hosts.nextReady(0);
    a.inFlight = 1;
    hosts.reindex(a);
    assertNull(hosts.nextReady(0));
    assertEquals(Long.MAX_VALUE, hosts.nextAllowedAt());
  }

  @Test
  void loadsAQueueLongerThanItsWindowFromTheStoreInOrder() {
    HostScheduler hosts = scheduler(0);
    List<CrawlJob> queued = new ArrayList<>();
    for (int i = 0; i < HostScheduler.WINDOW + 3; i++) {
      queued.add(queue(hosts, "http://a.test/" + i));
    }
    HostQueue a = hosts.hostOfUrl("http://a.test/");
    assertEquals(HostScheduler.WINDOW, a.jobs.size(), "the rest waits in the store");
    assertEquals(queued.size(), hosts.queued());
    List<CrawlJob> taken = new ArrayList<>();
    for (CrawlJob job = hosts.take(a); job != null; job = hosts.take(a)) {
      taken.add(job);
    }
    assertEquals(queued, taken);
    assertEquals(0, hosts.queued());
  }

  @Test
  void countsPausedHostsByReasonAndPicksTheSlowestAndMostFailingInOnePass() {
    HostScheduler hosts = scheduler(0);
    for (int i = 1; i <= 5; i++) {
      queue(hosts, "http://h" + i + ".test/");
      HostQueue h = hosts.hostOfUrl("http://h" + i + ".test/");
      h.requests = 10;
      h.totalFetchMs = 100L * i; // h5 is the slowest
      h.failures = i % 3; // h2 and h5 fail most, h1 and h4 once, h3 never
    }
    hosts.hostOfUrl("http://h1.test/").pause(0, 1_000, "http-429");
    hosts.hostOfUrl("http://h2.test/").pause(0, 1_000, "breaker");
    hosts.hostOfUrl("http://h3.test/").pause(0, 1_000, "http-429");
    hosts.hostOfUrl("http://never.test/"); // named, never asked: in no table

    Frontier.HostCounts counts = hosts.counts(500);
    assertEquals(3, counts.paused());
    assertEquals(java.util.Map.of("http-429", 2, "breaker", 1), counts.pausedBy());
    assertEquals("http-429", counts.pauseReason());

    Frontier.TopHosts top = hosts.top(500, 3);
    assertEquals(
        List.of("http://h5.test:80", "http://h4.test:80", "http://h3.test:80"),
        top.slowest().stream().map(io.akkacrawler.HostReport::host).toList());
    assertEquals(
        List.of("http://h2.test:80", "http://h5.test:80", "http://h1.test:80"),
        top.failing().stream().map(io.akkacrawler.HostReport::host).toList(),
        "most failures first, ties by name");
    assertEquals(50, top.slowest().get(0).avgFetchMs());
    assertEquals(List.of(), hosts.top(500, 0).slowest());
  }
}
