package io.akkacrawler.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.config.RetrySettings;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.Reason;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(
          new RetrySettings(
              3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)),
          2,
          new SplittableRandom(42));
  private final CrawlJob job = CrawlJob.of(1, "http://a.test/", 0, null);

  @Test
  void backOffGrowsExponentiallyWithFullJitter() {
    FetchResult failure = new FetchResult.Retry(Reason.HTTP_STATUS, null, 503, -1, 0);
    long maxFirst = 0;
    long maxSecond = 0;
    for (int i = 0; i < 500; i++) {
      long first = policy.delayMs(job, failure);
      long second = policy.delayMs(job.nextAttempt(), failure);
      assertTrue(first >= 0 && first <= 100, "first retry within [0, base]: " + first);
      assertTrue(second >= 0 && second <= 200, "second retry within [0, 2 base]: " + second);
      maxFirst = Math.max(maxFirst, first);
      maxSecond = Math.max(maxSecond, second);
    }
    assertTrue(maxSecond > 100, "the ceiling doubles");
  }

  @Test
  void failsWhenTheAttemptsAreUsedUp() {
    FetchResult failure = new FetchResult.Retry(Reason.TIMEOUT, null, 0, -1, 0);
    assertEquals(-1, policy.delayMs(job.nextAttempt().nextAttempt(), failure));
  }

  @Test
  void honoursRetryAfterUpToTheCap() {
    assertEquals(
        3_000, policy.delayMs(job, new FetchResult.Retry(Reason.HTTP_STATUS, null, 429, 3_000, 0)));
    assertEquals(
        5_000,
        policy.delayMs(job, new FetchResult.Retry(Reason.HTTP_STATUS, null, 429, 600_000, 0)));
  }

  @Test
  void redispatchesACrashedJobABoundedNumberOfTimes() {
    FetchResult crashed = new FetchResult.Crashed("boom");
    assertEquals(0, policy.delayMs(job, crashed));
    assertEquals(0, policy.delayMs(job.redispatched(), crashed));
    assertEquals(-1, policy.delayMs(job.redispatched().redispatched(), crashed));
  }
}
