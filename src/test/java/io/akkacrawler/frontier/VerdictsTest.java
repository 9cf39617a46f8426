package io.akkacrawler.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.akkacrawler.TestCrawls;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.Reason;
import io.akkacrawler.url.UrlNormalizer;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VerdictsTest {
  private static final CrawlSettings SETTINGS =
      TestCrawls.settings(
          "crawler { fetch.max-redirects = 2, max-redispatches = 1, dispatch-deadline = 5s,"
              + " retry { max-attempts = 3, base-delay = 20ms, max-delay = 20ms } }",
          "http://a.test/");
  private static final Verdicts VERDICTS =
      new Verdicts(
          SETTINGS,
          SETTINGS.crawlScope(new UrlNormalizer(SETTINGS.maxUrlLength())),
          new RetryPolicy(SETTINGS.retry(), SETTINGS.maxRedispatches(), new SplittableRandom(7)));
  private static final CrawlJob JOB = CrawlJob.of(1, "http://a.test/start", 0, null);

  @ParameterizedTest(name = "{0} earlier hops, to {1}: {2}")
  @CsvSource({
    "0, http://a.test/start, REDIRECT_LOOP, true",
    "1, http://a.test/hop1, REDIRECT_LOOP, true",
    "2, http://a.test/next, TOO_MANY_REDIRECTS, true",
    "0, http://b.test/next, OUT_OF_SCOPE, false",
    "0, http://a.test/seen, DUPLICATE_REDIRECT_TARGET, false",
  })
  void recordsARedirectThatIsNotFollowed(int hops, String target, Reason reason, boolean failed) {
    Set<String> seen = new HashSet<>(Set.of("http://a.test/seen"));
    Verdicts.Record record =
        assertInstanceOf(
            Verdicts.Record.class,
            VERDICTS.redirect(
                hopped(hops), target, FetchResult.Response.of(301, 5), false, seen::add));
    assertEquals(reason, record.result().reason());
    assertEquals(
        failed ? FetchResult.Failed.class : FetchResult.Skipped.class, record.result().getClass());
    assertEquals(301, record.result().response().status());
    assertEquals(5, record.result().response().fetchMs(), "the hop's time is the record's");
    assertEquals(1, seen.size(), "the target is claimed only when the hop would be followed");
  }

  @Test
  void followsAHopToANewTargetInScope() {
    Set<String> seen = new HashSet<>();
    Verdicts.Requeue hop =
        assertInstanceOf(
            Verdicts.Requeue.class,
            VERDICTS.redirect(
                hopped(1),
                "http://a.test/next",
                FetchResult.Response.of(302, 5),
                false,
                seen::add));
    assertEquals(hopped(1).redirectedTo("http://a.test/next"), hop.job());
    assertEquals(Set.of("http://a.test/next"), seen);
  }

  private static CrawlJob hopped(int hops) {
    CrawlJob job = JOB;
    for (int i = 1; i <= hops; i++) {
      job = job.redirectedTo("http://a.test/hop" + i);
    }
    return job;
  }

  @Test
  void retriesAfterTheBackOffWithTheNextAttempt() {
    // Retry-After (1 s) is above the jitter of the back-off (at most 20 ms).
    FetchResult busy = new FetchResult.Retry(Reason.HTTP_STATUS, null, 503, 1_000, 1);
    assertEquals(new Verdicts.RetryAt(JOB.nextAttempt(), 6_000), VERDICTS.retry(JOB, busy, 5_000));
  }

  @Test
  void redispatchesACrashedOrRestartedFetchAtOnce() {
    assertEquals(
        new Verdicts.RetryAt(JOB.redispatched(), 5_000),
        VERDICTS.retry(JOB, new FetchResult.Crashed("boom"), 5_000));
    assertEquals(
        new Verdicts.RetryAt(JOB, 5_000), VERDICTS.retry(JOB, new FetchResult.Restarted(), 5_000));
  }

  @Test
  void recordsTheFailureWhenTheAttemptsAreUsedUp() {
    CrawlJob last = JOB.nextAttempt().nextAttempt();
    FetchResult.Retry busy = new FetchResult.Retry(Reason.HTTP_STATUS, null, 503, -1, 1);
    Verdicts.Record record = assertInstanceOf(Verdicts.Record.class, VERDICTS.retry(last, busy, 0));
    assertEquals(last, record.job());
    assertEquals(busy.asFinalFailure(), record.result());
  }

  @Test
  void redispatchesAnOverdueJobABoundedNumberOfTimes() {
    assertEquals(new Verdicts.Requeue(JOB.redispatched()), VERDICTS.overdue(JOB));
    Verdicts.Record record =
        assertInstanceOf(Verdicts.Record.class, VERDICTS.overdue(JOB.redispatched()));
    assertEquals(Reason.FETCHER_CRASHED, record.result().reason());
    assertEquals("no answer within PT5S", record.result().detail());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void recordsASkipAsFailedOrSkipped(boolean failed) {
    FetchResult result =
        Verdicts.skipped(new Frontier.Skip(JOB, Reason.HOST_UNREACHABLE, failed, "refused"));
    assertEquals(failed ? FetchResult.Failed.class : FetchResult.Skipped.class, result.getClass());
    assertEquals("host-unreachable", result.reasonLabel());
  }
}
