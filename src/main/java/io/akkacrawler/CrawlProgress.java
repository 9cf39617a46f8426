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
 * @param pauseReason why most of the paused hosts are paused (breaker, unreachable,
 *     robots-unavailable, http-429, ...), null when none is
 * @param totalKnown no more URLs can be admitted: queued plus in flight is all that is left
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
    double pagesPerSecond,
    String pauseReason,
    boolean totalKnown) {

  /** Estimated milliseconds to the end, or -1 when the total is not known. */
  public long etaMs() {
    if (!totalKnown || pagesPerSecond <= 0) {
      return -1;
    }
    return (long) ((queued + inFlight) * 1000.0 / pagesPerSecond);
  }
}
