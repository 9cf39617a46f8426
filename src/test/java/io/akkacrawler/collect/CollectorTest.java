package io.akkacrawler.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlProgress;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.HostReport;
import io.akkacrawler.Outcome;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.ParsedPage;
import io.akkacrawler.job.Reason;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CollectorTest {
  private static final ActorTestKit testKit = ActorTestKit.create(TestCrawls.config(""));
  private static final Duration QUIET = Duration.ofMillis(200);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Written by the collector's thread, read by the test's. */
  private final List<CrawlRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final ConcurrentLinkedQueue<CrawlProgress> progress = new ConcurrentLinkedQueue<>();

  /** What the listener heard besides progress, in order. */
  private final List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final TestProbe<Collector.Event> supervisor = testKit.createTestProbe();

  /** Where fetchers send the collector their answers, as its Started event says. */
  private ActorRef<Fetcher.Reply> answers;

  private ActorRef<Collector.Command> collector() {
    return collector(System::nanoTime);
  }

  private ActorRef<Collector.Command> collector(java.util.function.LongSupplier nanoClock) {
    CrawlListener listener =
        new CrawlListener() {
          @Override
          public void onProgress(CrawlProgress p) {
            progress.add(p);
          }

          @Override
          public void onRecord(CrawlRecord r) {
            heard.add("record " + r.url());
          }

          @Override
          public void onRetry(String reason, long fetchMs) {
            heard.add("retry " + reason + " " + fetchMs);
          }

          @Override
          public void onRedirect(long fetchMs) {
            heard.add("redirect " + fetchMs);
          }
        };
    ActorRef<Collector.Command> collector =
        testKit.spawn(
            Collector.create(
                TestCrawls.settings("", "http://site.test/"),
                new Outputs(records::add, null, false),
                listener,
                supervisor.ref(),
                nanoClock));
    answers = supervisor.expectMessageClass(Collector.Started.class).answers();
    return collector;
  }

  /** The frontier's figures for the progress line: one host, active unless nothing is out. */
  private static Collector.Report report(long queued, long inFlight) {
    return new Collector.Report(
        queued,
        inFlight,
        1,
        inFlight > 0 ? 1 : 0,
        0,
        null,
        false,
        Map.of(),
        0,
        0,
        List.of(),
        List.of());
  }

  private static CrawlJob job(long id) {
    return CrawlJob.of(id, "http://site.test/" + id, 1, "http://site.test/");
  }

  private static FetchResult page(String title, List<String> follow) {
    ParsedPage parsed =
        new ParsedPage(title, follow, null, false, false, List.of("b"), Map.of(), List.of());
    return new FetchResult.Fetched(
        new FetchResult.Response(200, "text/html", 100, 5, false), parsed, follow);
  }

  @Test
  void writesTheRecordThenReportsThePageDoneWithItsLinks() {
    ActorRef<Collector.Command> collector = collector();
    List<String> links = List.of("http://site.test/a", "http://site.test/b");
    collector.tell(new Collector.Open(1, 10));
    answers.tell(new Fetcher.Fetched(10, job(1), page("One", links)));

    Collector.PageDone done = supervisor.expectMessageClass(Collector.PageDone.class);
    assertEquals(1, done.job().id());
    assertEquals(links, done.follow());
    assertEquals(1, records.size(), "written before the supervisor hears of it");
    CrawlRecord r = records.get(0);
    assertEquals("http://site.test/1", r.url());
    assertEquals(Outcome.FETCHED, r.outcome());
    assertEquals("One", r.title());
    assertEquals(List.of("b"), r.buttonIds());
  }

  @Test
  void writesOneRecordPerJobWhateverArrivesLater() {
    ActorRef<Collector.Command> collector = collector();
    collector.tell(new Collector.Open(1, 10));
    answers.tell(new Fetcher.Fetched(9, job(1), page("an earlier dispatch", List.of())));
    answers.tell(new Fetcher.Fetched(10, job(1), page("first", List.of())));
    answers.tell(new Fetcher.Fetched(10, job(1), page("again", List.of())));
    collector.tell(new Collector.Finish(job(1), new FetchResult.Failed(Reason.ERROR, null, 0, 0)));
    answers.tell(new Fetcher.Fetched(12, job(2), page("never opened", List.of())));

    supervisor.expectMessageClass(Collector.PageDone.class);
    supervisor.expectNoMessage(QUIET);
    assertEquals(1, records.size());
    assertEquals("first", records.get(0).title());
  }

  @Test
  void sendsRetriesAndRedirectsBackToTheSupervisorWithoutARecord() {
    ActorRef<Collector.Command> collector = collector();
    collector.tell(new Collector.Open(1, 10));
    answers.tell(
        new Fetcher.Fetched(
            10, job(1), new FetchResult.Retry(Reason.HTTP_STATUS, null, 503, -1, 3)));
    Collector.RetryLater retry = supervisor.expectMessageClass(Collector.RetryLater.class);
    assertEquals(10, retry.dispatchId());

    FetchResult redirect =
        new FetchResult.Redirect(
            new FetchResult.Response(301, null, 0, 1, false), "http://site.test/new");
    collector.tell(new Collector.Open(1, 11));
    answers.tell(new Fetcher.Fetched(11, job(1), redirect));
    assertEquals(
        "http://site.test/new",
        supervisor.expectMessageClass(Collector.Redirected.class).result().location());
    assertTrue(records.isEmpty());

    collector.tell(
        new Collector.Finish(
            job(1), new FetchResult.Retry(Reason.HTTP_STATUS, null, 503, -1, 3).asFinalFailure()));
    supervisor.expectMessageClass(Collector.PageDone.class);
    assertEquals(Outcome.FAILED, records.get(0).outcome());
    assertEquals("http-503", records.get(0).reason());
  }

  @Test
  void answersCompleteWithTheSummary() {
    ActorRef<Collector.Command> collector = collector();
    collector.tell(new Collector.Open(1, 10));
    answers.tell(new Fetcher.Fetched(10, job(1), page("a", List.of("http://site.test/x"))));
    collector.tell(new Collector.Open(2, 0));
    collector.tell(new Collector.Finish(job(2), new FetchResult.Skipped(Reason.NON_HTML, 200)));
    collector.tell(report(7, 3));
    collector.tell(new Collector.Complete(true, 7, CrawlSummary.Politeness.NONE));

    supervisor.expectMessageClass(Collector.PageDone.class);
    supervisor.expectMessageClass(Collector.PageDone.class);
    Collector.OutputFlushed flushed = supervisor.expectMessageClass(Collector.OutputFlushed.class);
    assertEquals(List.of(1L, 2L), flushed.jobIds(), "the records flushed before the end");
    var summary = supervisor.expectMessageClass(Collector.Completed.class).summary();
    assertEquals(2, summary.records());
    assertEquals(1, summary.fetched());
    assertEquals(1, summary.skipped());
    assertEquals(Map.of(200, 2L), summary.statuses());
    assertEquals(Map.of("non-html", 1L), summary.reasons());
    assertTrue(summary.interrupted());
    assertEquals(7, summary.notCrawled());
    CrawlProgress p = progress.peek();
    assertEquals(2, p.records());
    assertEquals(7, p.queued());
    assertEquals(3, p.inFlight());
  }

  @Test
  void stopsTheCrawlWhenTheOutputCannotBeWritten() {
    ActorRef<Collector.Command> collector =
        testKit.spawn(
            Collector.create(
                TestCrawls.settings("", "http://site.test/"),
                new Outputs(
                    record -> {
                      throw new IOException("No space left on device");
                    },
                    null,
                    false),
                CrawlListener.NONE,
                supervisor.ref()));
    answers = supervisor.expectMessageClass(Collector.Started.class).answers();
    collector.tell(new Collector.Open(1, 10));
    answers.tell(new Fetcher.Fetched(10, job(1), page("a", List.of())));
    Collector.OutputFailed failed = supervisor.expectMessageClass(Collector.OutputFailed.class);
    assertTrue(failed.message().contains("No space left on device"));
    supervisor.expectNoMessage(QUIET);
  }

  @Test
  void measuresTheCrawlWithTheClockItIsGiven() {
    java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(42);
    ActorRef<Collector.Command> collector = collector(nanos::get);
    nanos.addAndGet(5_000_000_000L);
    collector.tell(report(0, 0));
    collector.tell(new Collector.Complete(false, 0, CrawlSummary.Politeness.NONE));
    Collector.Completed done = supervisor.expectMessageClass(Collector.Completed.class);
    assertEquals(5_000, done.summary().durationMs());
    assertEquals(5_000, progress.peek().elapsedMs());
  }

  @Test
  void tellsTheListenerOfEachRecordAndRetryAndReportsTheDashboardsFigures() {
    ActorRef<Collector.Command> collector = collector();
    collector.tell(new Collector.Open(1, 10));
    answers.tell(
        new Fetcher.Fetched(
            10, job(1), new FetchResult.Retry(Reason.HTTP_STATUS, null, 503, -1, 3)));
    supervisor.expectMessageClass(Collector.RetryLater.class);
    collector.tell(new Collector.Open(1, 11));
    answers.tell(new Fetcher.Fetched(11, job(1), page("One", List.of())));
    collector.tell(new Collector.Open(2, 0));
    collector.tell(new Collector.Finish(job(2), new FetchResult.Skipped(Reason.ROBOTS, 0)));
    HostReport slow =
        new HostReport("http://site.test:80", 2, 1, 40, 0, 1, "http-503", "active", false, false);
    collector.tell(
        new Collector.Report(
            0,
            0,
            1,
            0,
            1,
            "http-503",
            false,
            Map.of("http-503", 1),
            1,
            4,
            List.of(slow),
            List.of(slow)));
    collector.tell(new Collector.Complete(false, 0, CrawlSummary.Politeness.NONE));
    supervisor.expectMessageClass(Collector.PageDone.class);
    supervisor.expectMessageClass(Collector.PageDone.class);
    supervisor.expectMessageClass(Collector.OutputFlushed.class);
    supervisor.expectMessageClass(Collector.Completed.class);

    assertEquals(
        List.of("retry http-503 3", "record http://site.test/1", "record http://site.test/2"),
        heard);
    CrawlProgress.Details d = progress.peek().details();
    assertEquals(
        List.of(new CrawlSummary.HostCount("http://site.test:80", 2, 0, 100)), d.busiestHosts());
    assertEquals(List.of(slow), d.slowestHosts());
    assertEquals(List.of(slow), d.failingHosts());
    assertEquals(Map.of("http-503", 1), d.pausedByReason());
    assertEquals(1, d.robotsRequests());
    assertEquals(4, d.storeCommits());
  }
}
