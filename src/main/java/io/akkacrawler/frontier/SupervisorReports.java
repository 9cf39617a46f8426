package io.akkacrawler.frontier;

import io.akkacrawler.CrawlSummary;
import io.akkacrawler.HostReport;
import io.akkacrawler.collect.Collector;
import io.akkacrawler.config.CrawlSettings;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The supervisor's figures for the collector: the progress report of every tick, and the politeness
 * section of the summary with the sitemap tallies it draws on.
 */
final class SupervisorReports {
  /** Hosts listed as slowest or most failing in the summary. */
  static final int TOP_HOSTS = 5;

  /** Hosts in the live dashboard's tables of the slowest and the most failing. */
  static final int DASHBOARD_HOSTS = 10;

  private final CrawlSettings settings;
  private final Map<String, Long> sitemapErrors = new TreeMap<>();
  private long sitemapFiles;
  private long sitemapUrls;

  SupervisorReports(CrawlSettings settings) {
    this.settings = settings;
  }

  /** A sitemap file was read, or failed with {@code error} ("kind: detail", null when read). */
  void sitemapRead(String error) {
    if (error != null) {
      sitemapErrors.merge(error.replaceAll(":.*", ""), 1L, Long::sum);
    }
    sitemapFiles++;
  }

  /** {@code count} URLs of a sitemap were admitted. */
  void sitemapUrlsAdmitted(int count) {
    sitemapUrls += count;
  }

  /** The frontier's figures for the progress line. */
  Collector.Report progress(Frontier frontier, long now) {
    Frontier.HostCounts counts = frontier.hostCounts(now);
    // Nothing more can be admitted (list mode, or the page limit reached): what is queued is all.
    boolean totalKnown =
        settings.maxDepth() == 0
            || (settings.maxPages() > 0 && frontier.admitted() >= settings.maxPages());
    Frontier.TopHosts top = frontier.topHosts(now, DASHBOARD_HOSTS);
    return new Collector.Report(
        frontier.queued(),
        frontier.dispatched(),
        frontier.hosts(),
        counts.active(),
        counts.paused(),
        counts.pauseReason(),
        totalKnown,
        counts.pausedBy(),
        frontier.robotsFetches(),
        frontier.storeCommits(),
        top.slowest(),
        top.failing());
  }

  /** The politeness section of the summary, from the frontier's hosts at {@code now}. */
  CrawlSummary.Politeness politeness(Frontier frontier, long now) {
    return politeness(frontier.robotsFetches(), frontier.hostReports(now));
  }

  /** The politeness section over {@code reports}: the slowest and most failing hosts first. */
  CrawlSummary.Politeness politeness(long robotsFetches, List<HostReport> reports) {
    Comparator<HostReport> slowest = Comparator.comparingLong(HostReport::avgFetchMs).reversed();
    Comparator<HostReport> failing = Comparator.comparingLong(HostReport::failures).reversed();
    return new CrawlSummary.Politeness(
        settings.robots().enabled(),
        robotsFetches,
        sitemapFiles,
        sitemapUrls,
        sitemapErrors,
        reports.stream()
            .filter(h -> h.requests() > 0)
            .sorted(slowest.thenComparing(HostReport::host))
            .limit(TOP_HOSTS)
            .toList(),
        reports.stream()
            .filter(h -> h.failures() > 0)
            .sorted(failing.thenComparing(HostReport::host))
            .limit(TOP_HOSTS)
            .toList(),
        reports.stream()
            .filter(HostReport::crawlDelayCapped)
            .map(HostReport::host)
            .sorted()
            .toList(),
        reports.stream().filter(HostReport::budgetReached).map(HostReport::host).sorted().toList());
  }
}
