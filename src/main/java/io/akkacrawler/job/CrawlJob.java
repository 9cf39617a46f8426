package io.akkacrawler.job;

import java.util.ArrayList;
import java.util.List;

/**
 * One URL admitted to the frontier, as it travels to a fetcher and back. Immutable: every change
 * (another attempt, a redirect hop) is a new value.
 *
 * @param id unique within the crawl; the record of this URL is keyed by it
 * @param url the admitted (normalized) URL: the record's {@code url}
 * @param depth link distance from the seeds (seeds are 0)
 * @param parent the page the link was found on, or null for a seed
 * @param fetchUrl what to fetch now: {@code url}, or the last redirect target
 * @param redirects redirect targets followed so far, in order
 * @param attempt 1 for the first try of {@code fetchUrl}, counting retries
 * @param redispatches how often it was dispatched again after a fetcher crash or a missed deadline
 */
public record CrawlJob(
    long id,
    String url,
    int depth,
    String parent,
    String fetchUrl,
    List<String> redirects,
    int attempt,
    int redispatches) {

  public CrawlJob {
    redirects = List.copyOf(redirects);
  }

  /** A fresh job for an admitted URL. */
  public static CrawlJob of(long id, String url, int depth, String parent) {
    return new CrawlJob(id, url, depth, parent, url, List.of(), 1, 0);
  }

  /** The same URL, tried once more. */
  public CrawlJob nextAttempt() {
    return new CrawlJob(id, url, depth, parent, fetchUrl, redirects, attempt + 1, redispatches);
  }

  /**
   * The job as its record sees it when the attempt it waits for is not made (the frontier skips it:
   * robots.txt, a host given up): {@code attempt} counts the requests made.
   */
  public CrawlJob unattempted() {
    return new CrawlJob(
        id, url, depth, parent, fetchUrl, redirects, Math.max(0, attempt - 1), redispatches);
  }

  /** The same attempt, dispatched again because its fetcher did not answer. */
  public CrawlJob redispatched() {
    return new CrawlJob(id, url, depth, parent, fetchUrl, redirects, attempt, redispatches + 1);
  }

  /** The next hop of a redirect chain: a fresh attempt at {@code target}. */
  public CrawlJob redirectedTo(String target) {
    List<String> hops = new ArrayList<>(redirects);
    hops.add(target);
    return new CrawlJob(id, url, depth, parent, target, hops, 1, redispatches);
  }

  /** Whether {@code target} was already visited in this job's redirect chain. */
  public boolean visited(String target) {
    return url.equals(target) || redirects.contains(target);
  }
}
