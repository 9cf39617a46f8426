package io.akkacrawler.frontier;

import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.job.Reason;
import io.akkacrawler.url.Scope;
import java.util.function.Predicate;

/**
 * The supervisor's decisions about one job, free of actors: where a redirect leads (a hop, a loop,
 * out of scope, a duplicate target, one hop too many), whether a failed fetch is tried again and
 * when, what becomes of a job whose answer is overdue, and the record of a job decided without a
 * request.
 */
final class Verdicts {
  /** What to do with a job. */
  sealed interface Verdict {}

  /** The job goes first in its host's queue (a redirect hop, a re-dispatch). */
  record Requeue(CrawlJob job) implements Verdict {}

  /** The job is tried again, not before {@code notBefore}. */
  record RetryAt(CrawlJob job, long notBefore) implements Verdict {}

  /** The job is recorded with {@code result}, without a request. */
  record Record(CrawlJob job, FetchResult result) implements Verdict {}

  private final CrawlSettings settings;
  private final Scope scope;
  private final RetryPolicy retryPolicy;

  Verdicts(CrawlSettings settings, Scope scope, RetryPolicy retryPolicy) {
    this.settings = settings;
    this.scope = scope;
    this.retryPolicy = retryPolicy;
  }

  /** A dispatch of {@code job} ended with a retryable {@code result} at {@code now}. */
  Verdict retry(CrawlJob job, FetchResult result, long now) {
    long delay = retryPolicy.delayMs(job, result);
    if (delay < 0) {
      return new Record(job, finalFailure(result));
    }
    CrawlJob next;
    if (result instanceof FetchResult.Crashed) {
      next = job.redispatched();
    } else if (result instanceof FetchResult.Restarted) {
      next = job;
    } else {
      next = job.nextAttempt();
    }
    return new RetryAt(next, now + delay);
  }

  /**
   * {@code job} was redirected with {@code response} (its status, time, bytes) to {@code target};
   * {@code claim} marks the target as seen and answers whether it was new (asked last, only for a
   * hop to follow). A hop back to a URL of the chain is a loop, unless the redirect set cookies: a
   * consent or cookie check ({@code /page} sets a cookie and sends the browser to {@code /page}
   * again), followed as browsers follow it, up to {@code max-redirects}.
   */
  Verdict redirect(
      CrawlJob job,
      String target,
      FetchResult.Response response,
      boolean setCookies,
      Predicate<String> claim) {
    boolean revisit = job.visited(target);
    if (revisit && !setCookies) {
      return new Record(
          job, new FetchResult.Failed(Reason.REDIRECT_LOOP, "back to " + target, response));
    } else if (job.redirects().size() >= settings.fetch().maxRedirects()) {
      return new Record(
          job, new FetchResult.Failed(Reason.TOO_MANY_REDIRECTS, "next hop " + target, response));
    } else if (!scope.allows(target)) {
      return new Record(
          job.redirectedTo(target), new FetchResult.Skipped(Reason.OUT_OF_SCOPE, null, response));
    } else if (!revisit && !claim.test(target)) {
      return new Record(
          job.redirectedTo(target),
          new FetchResult.Skipped(Reason.DUPLICATE_REDIRECT_TARGET, null, response));
    }
    return new Requeue(job.redirectedTo(target));
  }

  /** No answer came for {@code job} within the dispatch deadline. */
  Verdict overdue(CrawlJob job) {
    if (job.redispatches() < settings.maxRedispatches()) {
      return new Requeue(job.redispatched());
    }
    return new Record(
        job,
        new FetchResult.Failed(
            Reason.FETCHER_CRASHED, "no answer within " + settings.dispatchDeadline(), 0, 0));
  }

  /** The record of a job the frontier decided without a request. */
  static FetchResult skipped(Frontier.Skip skip) {
    return skip.failed()
        ? new FetchResult.Failed(skip.reason(), skip.error(), 0, 0)
        : new FetchResult.Skipped(skip.reason(), 0);
  }

  /** The record of a retryable result whose attempts are used up. */
  static FetchResult.Failed finalFailure(FetchResult result) {
    if (result instanceof FetchResult.Retry retry) {
      return retry.asFinalFailure();
    }
    return new FetchResult.Failed(result.reason(), result.detail(), result.response());
  }
}
