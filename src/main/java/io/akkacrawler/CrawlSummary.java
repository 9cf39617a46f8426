package io.akkacrawler;

import java.util.List;
import java.util.Map;

/**
 * What a finished (or interrupted) crawl did.
 *
 * @param reasons records per skip/failure reason, most frequent first
 * @param statuses records per HTTP status, most frequent first
 * @param hosts per-host counters, busiest first (at most 20)
 * @param notCrawled URLs still queued when an interrupted crawl stopped
 */
public record CrawlSummary(
    long durationMs,
    long records,
    long fetched,
    long skipped,
    long failed,
    Map<String, Long> reasons,
    Map<Integer, Long> statuses,
    long bytes,
    long retries,
    long redirects,
    long linksFound,
    List<HostCount> hosts,
    boolean interrupted,
    long notCrawled) {

  /** Records and failures of one host (scheme://host:port). */
  public record HostCount(String host, long records, long failed, long bytes) {}

  /** Records per second over the whole crawl. */
  public double pagesPerSecond() {
    return durationMs <= 0 ? 0 : records * 1000.0 / durationMs;
  }
}
