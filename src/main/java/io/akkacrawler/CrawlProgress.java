package io.akkacrawler;

import java.util.List;
import java.util.Map;

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
 * @param details what the live dashboard and the metrics show beyond the progress line
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
    boolean totalKnown,
    Details details) {

  /** Without details (as the progress line needs it). */
  public CrawlProgress(
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
    this(
        elapsedMs,
        records,
        fetched,
        skipped,
        failed,
        retries,
        queued,
        inFlight,
        hosts,
        activeHosts,
        pausedHosts,
        bytes,
        pagesPerSecond,
        pauseReason,
        totalKnown,
        Details.NONE);
  }

  /**
   * The crawl's figures beyond the progress line.
   *
   * @param robotsRequests robots.txt requests made
   * @param storeCommits commits of written records to the frontier's store
   * @param pausedByReason paused hosts per reason of their pause
   * @param busiestHosts the hosts with the most records (at most 10)
   * @param slowestHosts the hosts with the longest mean response time (at most 10)
   * @param failingHosts the hosts with the most failed requests (at most 10)
   * @param answersByNode answers per cluster node ("host:port"), empty for a standalone crawl
   */
  public record Details(
      long redirects,
      long robotsRequests,
      long storeCommits,
      Map<String, Integer> pausedByReason,
      List<CrawlSummary.HostCount> busiestHosts,
      List<HostReport> slowestHosts,
      List<HostReport> failingHosts,
      Map<String, Long> answersByNode) {
    public static final Details NONE =
        new Details(0, 0, 0, Map.of(), List.of(), List.of(), List.of(), Map.of());

    public Details {
      pausedByReason = Map.copyOf(pausedByReason);
      busiestHosts = List.copyOf(busiestHosts);
      slowestHosts = List.copyOf(slowestHosts);
      failingHosts = List.copyOf(failingHosts);
      answersByNode = Map.copyOf(answersByNode);
    }
  }

  /** Estimated milliseconds to the end, or -1 when the total is not known. */
  public long etaMs() {
    if (!totalKnown || pagesPerSecond <= 0) {
      return -1;
    }
    return (long) ((queued + inFlight) * 1000.0 / pagesPerSecond);
  }
}
