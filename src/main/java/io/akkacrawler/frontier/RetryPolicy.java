package io.akkacrawler.frontier;

import io.akkacrawler.config.RetrySettings;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import java.util.random.RandomGenerator;

/**
 * Decides whether a failed dispatch is tried again and after how long: exponential back-off with
 * full jitter, never less than the server's Retry-After (up to a cap).
 */
public final class RetryPolicy {
  private final RetrySettings settings;
  private final int maxRedispatches;
  private final RandomGenerator random;

  public RetryPolicy(RetrySettings settings, int maxRedispatches, RandomGenerator random) {
    this.settings = settings;
    this.maxRedispatches = maxRedispatches;
    this.random = random;
  }

  /** Milliseconds to wait before the job is dispatched again, or -1 when it has to fail now. */
  public long delayMs(CrawlJob job, FetchResult result) {
    if (result instanceof FetchResult.Restarted) {
      return 0;
    }
    if (result instanceof FetchResult.Crashed) {
      return job.redispatches() < maxRedispatches ? 0 : -1;
    }
    if (job.attempt() >= settings.maxAttempts()) {
      return -1;
    }
    long ceiling = settings.baseDelay().toMillis() << Math.min(job.attempt() - 1, 30);
    ceiling = Math.min(Math.max(ceiling, 0), settings.maxDelay().toMillis());
    long backoff = ceiling <= 0 ? 0 : random.nextLong(ceiling + 1);
    long retryAfterMs = result instanceof FetchResult.Retry r ? r.retryAfterMs() : -1;
    if (retryAfterMs >= 0) {
      backoff = Math.max(backoff, Math.min(retryAfterMs, settings.retryAfterCap().toMillis()));
    }
    return backoff;
  }
}
