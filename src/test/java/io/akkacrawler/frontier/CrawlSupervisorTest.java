package io.akkacrawler.frontier;

import io.akkacrawler.job.Feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.collect.Collector;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.state.CrawlStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The supervisor's protocol, with probes in place of the collector and the fetcher pool. */
class CrawlSupervisorTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestCrawls.config(""));
  private static final Duration QUIET = Duration.ofMillis(300);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private final TestProbe<Collector.Command> collector = testKit.createTestProbe();
  private final TestProbe<Fetcher.Reply> pageAnswers = testKit.createTestProbe();

  /** The supervisor's adapter for the collector's events (set by the supervisor's thread). */
  private volatile ActorRef<Collector.Event> events;
  private final TestProbe<Fetcher.Command> fetchers = testKit.createTestProbe();
  private final CompletableFuture<CrawlSummary> result = new CompletableFuture<>();
  private CrawlStore store;

  @AfterEach
  void closeStore() {
    if (store != null) {
      testKit.stop(supervisorRef);
      store.close();
    }
  }

  private ActorRef<CrawlSupervisor.Command> supervisorRef;

  private ActorRef<CrawlSupervisor.Command> start(String hocon, String... seeds) {
    // robots.txt is off so that the first dispatches are the seeds (its own tests are elsewhere).
    CrawlSettings settings = TestCrawls.settings("crawler.robots.enabled = false\n" + hocon, seeds);
    CrawlSupervisor.Workers workers =
        new CrawlSupervisor.Workers() {
          @Override
          public ActorRef<Collector.Command> spawnCollector(
              ActorContext<CrawlSupervisor.Command> context, ActorRef<Collector.Event> e) {
            events = e;
            e.tell(new Collector.Started(pageAnswers.ref()));
            return collector.ref();
          }

          @Override
          public ActorRef<Fetcher.Command> spawnFetchers(
              ActorContext<CrawlSupervisor.Command> context) {
            return fetchers.ref();
          }
        };
    store = CrawlStore.temporary();
    supervisorRef = testKit.spawn(CrawlSupervisor.create(settings, workers, store, result));
    return supervisorRef;
  }

  /** The next dispatch: the collector hears of the job first, then a fetcher gets it. */
  private Fetcher.Fetch expectDispatch() {
    Fetcher.Fetch fetch = fetchers.expectMessageClass(Fetcher.Fetch.class);
    assertEquals(fetch.job().id(), collector.expectMessageClass(Collector.Open.class).jobId());
    assertEquals(pageAnswers.ref(), fetch.replyTo());
    return fetch;
  }

  private static CrawlSummary emptySummary() {
    return new CrawlSummary(
        1,
        0,
        0,
        0,
        0,
        Map.of(),
        Map.of(),
        0,
        0,
        0,
        0,
        List.of(),
        false,
        0,
        CrawlSummary.Politeness.NONE);
  }

  @Test
  void dispatchesNoMoreThanMaxInFlightAndRefillsOnPageDone() {
    ActorRef<CrawlSupervisor.Command> supervisor =
        start("crawler.max-in-flight = 1", "http://a.test/", "http://a.test/x");
    Fetcher.Fetch first = expectDispatch();
    assertEquals("http://a.test/", first.job().url());
    fetchers.expectNoMessage(QUIET);

    events.tell(new Collector.PageDone(
            first.job(), List.of("http://a.test/y", "http://a.test/x"), Feedback.NONE));
    Fetcher.Fetch second = expectDispatch();
    assertEquals("http://a.test/x", second.job().url());
    events.tell(new Collector.PageDone(second.job(), List.of(), Feedback.NONE));
    Fetcher.Fetch third = expectDispatch();
    assertEquals("http://a.test/y", third.job().url());
    assertEquals(1, third.job().depth());
    assertEquals("http://a.test/", third.job().parent());
  }

  @Test
  void retriesOnATimerThenFailsAfterTheLastAttempt() {
    ActorRef<CrawlSupervisor.Command> supervisor = start("", "http://a.test/");
    Fetcher.Fetch first = expectDispatch();
    FetchResult unavailable = FetchResult.retry("http-503", null, 503, -1, 1);
    events.tell(new Collector.RetryLater(first.job(), first.dispatchId(), unavailable));
    Fetcher.Fetch second = expectDispatch();
    assertEquals(2, second.job().attempt());

    // An answer for the superseded first dispatch changes nothing.
    events.tell(new Collector.RetryLater(first.job(), first.dispatchId(), unavailable));
    events.tell(new Collector.RetryLater(second.job(), second.dispatchId(), unavailable));
    Fetcher.Fetch third = expectDispatch();
    assertEquals(3, third.job().attempt());
    fetchers.expectNoMessage(QUIET);

    events.tell(new Collector.RetryLater(third.job(), third.dispatchId(), unavailable));
    collector.expectMessageClass(Collector.Open.class);
    Collector.Finish finish = collector.expectMessageClass(Collector.Finish.class);
    assertEquals(FetchResult.Kind.FAILED, finish.result().kind());
    assertEquals("http-503", finish.result().reason());
  }

  @Test
  void followsARedirectHopAndRecordsLoopsWithoutFetching() {
    ActorRef<CrawlSupervisor.Command> supervisor = start("", "http://a.test/old");
    Fetcher.Fetch first = expectDispatch();
    events.tell(new Collector.Redirected(
            first.job(), first.dispatchId(), redirect("http://a.test/new")));
    Fetcher.Fetch hop = expectDispatch();
    assertEquals("http://a.test/old", hop.job().url());
    assertEquals("http://a.test/new", hop.job().fetchUrl());

    events.tell(new Collector.Redirected(hop.job(), hop.dispatchId(), redirect("http://a.test/old")));
    collector.expectMessageClass(Collector.Open.class);
    assertEquals(
        "redirect-loop", collector.expectMessageClass(Collector.Finish.class).result().reason());
    fetchers.expectNoMessage(QUIET);
  }

  private static FetchResult redirect(String location) {
    return new FetchResult(
        FetchResult.Kind.REDIRECT, 301, null, 0, 1, false, null, null, -1, location, null, null);
  }

  @Test
  void recordsSeedsBeyondThePageLimitWithoutFetchingThem() {
    start("crawler.max-pages = 1", "http://a.test/1", "http://a.test/2");
    assertEquals("http://a.test/1", expectDispatch().job().url());
    collector.expectMessageClass(Collector.Open.class);
    Collector.Finish finish = collector.expectMessageClass(Collector.Finish.class);
    assertEquals("http://a.test/2", finish.job().url());
    assertEquals("max-pages", finish.result().reason());
    fetchers.expectNoMessage(QUIET);
  }

  @Test
  void endsTheCrawlWhenNothingIsLeftAndCompletesWithTheSummary() throws Exception {
    ActorRef<CrawlSupervisor.Command> supervisor = start("", "http://a.test/");
    Fetcher.Fetch only = expectDispatch();
    assertFalse(result.isDone());
    events.tell(new Collector.PageDone(only.job(), List.of(), Feedback.NONE));
    Collector.Complete complete = collector.expectMessageClass(Collector.Complete.class);
    assertFalse(complete.interrupted());
    CrawlSummary summary = emptySummary();
    events.tell(new Collector.Completed(summary));
    assertEquals(summary, result.get(5, TimeUnit.SECONDS));
  }

  @Test
  void stopWaitsForTheRequestsInFlight() {
    ActorRef<CrawlSupervisor.Command> supervisor =
        start("crawler.max-in-flight = 1", "http://a.test/", "http://a.test/2");
    Fetcher.Fetch first = expectDispatch();
    supervisor.tell(new CrawlSupervisor.Stop());
    collector.expectNoMessage(QUIET);
    events.tell(new Collector.PageDone(first.job(), List.of("http://a.test/3"), Feedback.NONE));
    Collector.Complete complete = collector.expectMessageClass(Collector.Complete.class);
    assertTrue(complete.interrupted());
    assertEquals(2, complete.notCrawled());
    fetchers.expectNoMessage(QUIET);
  }

  @Test
  void redispatchesAJobWhoseAnswerIsOverdue() {
    ActorRef<CrawlSupervisor.Command> supervisor =
        start(
            "crawler { fetch.request-timeout = 500ms, dispatch-deadline = 1s, max-redispatches = 1"
                + " }",
            "http://a.test/");
    Fetcher.Fetch first = expectDispatch();
    Fetcher.Fetch again = fetchers.expectMessageClass(Fetcher.Fetch.class, Duration.ofSeconds(3));
    assertEquals(first.job().id(), again.job().id());
    assertEquals(1, again.job().redispatches());
    // After the last re-dispatch the URL is recorded as failed.
    Collector.Finish finish =
        collector
            .fishForMessage(
                Duration.ofSeconds(4),
                m ->
                    m instanceof Collector.Finish
                        ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndIgnore())
            .stream()
            .map(Collector.Finish.class::cast)
            .findFirst()
            .orElseThrow();
    assertEquals("fetcher-crashed", finish.result().reason());
    supervisor.tell(new CrawlSupervisor.Stop());
  }
}
