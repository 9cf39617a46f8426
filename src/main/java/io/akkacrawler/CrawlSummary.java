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
 * @param politeness robots.txt, sitemaps and the hosts that were slow or failing
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
    long notCrawled,
    Politeness politeness,
    Map<String, Long> answersByNode) {

  /** Without answers relayed from cluster nodes (a standalone crawl). */
  public CrawlSummary(
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
      long notCrawled,
      Politeness politeness) {
    this(
        durationMs,
        records,
        fetched,
        skipped,
        failed,
        reasons,
        statuses,
        bytes,
        retries,
        redirects,
        linksFound,
        hosts,
        interrupted,
        notCrawled,
        politeness,
        Map.of());
  }

  /** Records and failures of one host (scheme://host:port). */
  public record HostCount(String host, long records, long failed, long bytes) {}

  /**
   * How the crawl treated its hosts.
   *
   * @param robotsObeyed false when robots.txt was turned off
   * @param sitemapFiles sitemap files read, with {@code sitemapErrors} per reason
   * @param sitemapUrls URLs admitted from sitemaps
   * @param slowestHosts the hosts with the longest mean response time
   * @param failingHosts the hosts with the most failures
   * @param crawlDelayCapped hosts whose Crawl-delay was above the cap
   * @param budgetReached hosts that had their {@code max-pages-per-host}: links to them were left
   *     out
   */
  public record Politeness(
      boolean robotsObeyed,
      long robotsFetches,
      long sitemapFiles,
      long sitemapUrls,
      Map<String, Long> sitemapErrors,
      List<HostReport> slowestHosts,
      List<HostReport> failingHosts,
      List<String> crawlDelayCapped,
      List<String> budgetReached) {
    public Politeness {
      sitemapErrors = Map.copyOf(sitemapErrors);
      slowestHosts = List.copyOf(slowestHosts);
      failingHosts = List.copyOf(failingHosts);
      crawlDelayCapped = List.copyOf(crawlDelayCapped);
      budgetReached = List.copyOf(budgetReached);
    }

    /** Nothing to report (a crawl that never started). */
    public static final Politeness NONE =
        new Politeness(true, 0, 0, 0, Map.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** Records per second over the whole crawl. */
  public double pagesPerSecond() {
    return durationMs <= 0 ? 0 : records * 1000.0 / durationMs;
  }
}
