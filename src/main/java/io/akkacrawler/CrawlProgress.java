package io.akkacrawler;

/**
 * A snapshot of a running crawl, sent to the {@link CrawlListener} about once a second.
 *
 * @param records records written so far
 * @param failed records with outcome failed
 * @param queued URLs waiting in the frontier (retries included)
 * @param inFlight URLs being fetched
 * @param hosts hosts known to the frontier
 * @param activeHosts hosts with requests in flight
 * @param pausedHosts hosts paused (throttled, circuit breaker, robots.txt unreachable)
 * @param pagesPerSecond records per second over the last interval
 */
public record CrawlProgress(
    long elapsedMs,
    long records,
    long fetched,
    long skipped,
    long failed,
    long retries,
    long queued,
    long inFlight,
    long hosts,
    long activeHosts,
    long pausedHosts,
    long bytes,
    double pagesPerSecond) {}
