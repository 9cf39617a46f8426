package io.akkacrawler.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.FishingOutcomes;
import akka.actor.testkit.typed.javadsl.ManualTime;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.collect.Collector;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.Reason;
import io.akkacrawler.state.CrawlStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The supervisor's protocol, with probes in place of the collector and the fetcher pool. Time is
 * manual: Akka's timers run on {@link ManualTime} and the supervisor's clock on {@link #millis},
 * and {@link #advance} moves both together.
 */
class CrawlSupervisorTest {
  /** How long a probe waits for a message: generous for a busy machine; passing tests wait less. */
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private static final Duration QUIET = Duration.ofMillis(100);
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          ManualTime.config()
              .withFallback(
                  TestCrawls.config(
                      "akka.actor.testkit.typed.single-expect-default = "
                          + PATIENCE.toSeconds()
                          + "s")));
  private static final ManualTime manualTime = ManualTime.get(testKit.system());

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

  /** Every message the supervisor has handled, told after it handled it. */
  private final TestProbe<CrawlSupervisor.Command> handled = testKit.createTestProbe();

  /** The supervisor's monotonic clock; the wall clock is a fixed epoch plus the same offset. */
  private final AtomicLong millis = new AtomicLong();

  private final CrawlClock clock =
      new CrawlClock(millis::get, () -> 1_700_000_000_000L + millis.get());
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
    supervisorRef =
        testKit.spawn(
            reportingHandled(CrawlSupervisor.create(settings, workers, store, result, clock)));
    return supervisorRef;
  }

  /** Moves the supervisor's clock and Akka's timers forward together. */
  private void advance(Duration d) {
    millis.addAndGet(d.toMillis());
    manualTime.timePasses(d);
  }

  /**
   * Tells the supervisor the collector's event and waits until it has been handled, so that the
   * supervisor reads the clock before the test moves it.
   */
  private void collectorSays(Collector.Event event) {
    events.tell(event);
    // The supervisor wraps the event in its private adapter message; its text holds the event's.
    handled.fishForMessage(
        PATIENCE,
        m ->
            m.toString().contains(event.toString())
                ? FishingOutcomes.complete()
                : FishingOutcomes.continueAndIgnore());
  }

  private Behavior<CrawlSupervisor.Command> reportingHandled(
      Behavior<CrawlSupervisor.Command> behavior) {
    ActorRef<CrawlSupervisor.Command> to = handled.ref();
    return Behaviors.intercept(
        () ->
            new BehaviorInterceptor<CrawlSupervisor.Command, CrawlSupervisor.Command>(
                CrawlSupervisor.Command.class) {
              @Override
              public Behavior<CrawlSupervisor.Command> aroundReceive(
                  TypedActorContext<CrawlSupervisor.Command> context,
                  CrawlSupervisor.Command message,
                  ReceiveTarget<CrawlSupervisor.Command> target) {
                Behavior<CrawlSupervisor.Command> next = target.apply(context, message);
                to.tell(message);
                return next;
              }
            },
        behavior);
  }

  /** The next dispatch: the collector hears of the job first, then a fetcher gets it. */
  private Fetcher.Fetch expectDispatch() {
    Fetcher.Fetch fetch = fetchers.expectMessageClass(Fetcher.Fetch.class);
    assertEquals(
        fetch.job().id(), assertInstanceOf(Collector.Open.class, nextToCollector()).jobId());
    assertEquals(pageAnswers.ref(), fetch.replyTo());
    return fetch;
  }

  /** The collector's next message past the progress reports (one on every tick). */
  private Collector.Command nextToCollector() {
    List<Collector.Command> got =
        collector.fishForMessage(
            PATIENCE,
            m ->
                m instanceof Collector.Report
                    ? FishingOutcomes.continueAndIgnore()
                    : FishingOutcomes.complete());
    return got.get(got.size() - 1);
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

    events.tell(
        new Collector.PageDone(
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
    start("crawler.retry { base-delay = 20ms, max-delay = 20ms }", "http://a.test/");
    Fetcher.Fetch first = expectDispatch();
    // Retry-After makes the back-off exactly one second (the jitter stays below it).
    FetchResult unavailable = new FetchResult.Retry(Reason.HTTP_STATUS, null, 503, 1_000, 1);
    collectorSays(new Collector.RetryLater(first.job(), first.dispatchId(), unavailable));
    advance(Duration.ofMillis(999));
    fetchers.expectNoMessage(QUIET);
    advance(Duration.ofMillis(1));
    Fetcher.Fetch second = expectDispatch();
    assertEquals(2, second.job().attempt());

    // An answer for the superseded first dispatch changes nothing.
    collectorSays(new Collector.RetryLater(first.job(), first.dispatchId(), unavailable));
    collectorSays(new Collector.RetryLater(second.job(), second.dispatchId(), unavailable));
    fetchers.expectNoMessage(QUIET);
    advance(Duration.ofSeconds(1));
    Fetcher.Fetch third = expectDispatch();
    assertEquals(3, third.job().attempt());
    fetchers.expectNoMessage(QUIET);

    events.tell(new Collector.RetryLater(third.job(), third.dispatchId(), unavailable));
    assertInstanceOf(Collector.Open.class, nextToCollector());
    Collector.Finish finish = assertInstanceOf(Collector.Finish.class, nextToCollector());
    assertInstanceOf(FetchResult.Failed.class, finish.result());
    assertEquals("http-503", finish.result().reasonLabel());
  }

  @Test
  void followsARedirectHopAndRecordsLoopsWithoutFetching() {
    start("", "http://a.test/old");
    Fetcher.Fetch first = expectDispatch();
    events.tell(
        new Collector.Redirected(
            first.job(), first.dispatchId(), redirect("http://a.test/new"), false));
    Fetcher.Fetch hop = expectDispatch();
    assertEquals("http://a.test/old", hop.job().url());
    assertEquals("http://a.test/new", hop.job().fetchUrl());

    events.tell(
        new Collector.Redirected(
            hop.job(), hop.dispatchId(), redirect("http://a.test/old"), false));
    collector.expectMessageClass(Collector.Open.class);
    assertEquals(
        Reason.REDIRECT_LOOP,
        collector.expectMessageClass(Collector.Finish.class).result().reason());
    fetchers.expectNoMessage(QUIET);
  }

  private static FetchResult.Redirect redirect(String location) {
    return new FetchResult.Redirect(new FetchResult.Response(301, null, 0, 1, false), location);
  }

  @Test
  void recordsSeedsBeyondThePageLimitWithoutFetchingThem() {
    start("crawler.max-pages = 1", "http://a.test/1", "http://a.test/2");
    assertEquals("http://a.test/1", expectDispatch().job().url());
    collector.expectMessageClass(Collector.Open.class);
    Collector.Finish finish = collector.expectMessageClass(Collector.Finish.class);
    assertEquals("http://a.test/2", finish.job().url());
    assertEquals(Reason.MAX_PAGES, finish.result().reason());
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
    advance(Duration.ofMillis(999));
    fetchers.expectNoMessage(QUIET);
    // The deadline has passed at the next tick of the supervisor (every second).
    advance(Duration.ofMillis(1));
    Fetcher.Fetch again = expectDispatch();
    assertEquals(first.job().id(), again.job().id());
    assertEquals(1, again.job().redispatches());
    // After the last re-dispatch the URL is recorded as failed.
    advance(Duration.ofSeconds(1));
    assertInstanceOf(Collector.Open.class, nextToCollector());
    Collector.Finish finish = assertInstanceOf(Collector.Finish.class, nextToCollector());
    assertEquals(Reason.FETCHER_CRASHED, finish.result().reason());
    fetchers.expectNoMessage(QUIET);
    supervisor.tell(new CrawlSupervisor.Stop());
  }
}
