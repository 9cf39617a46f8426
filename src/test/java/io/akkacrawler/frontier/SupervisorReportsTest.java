package io.akkacrawler.frontier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.akkacrawler.CrawlSummary;
import io.akkacrawler.HostReport;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.collect.Collector;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.url.UrlNormalizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SupervisorReportsTest {
  private final SupervisorReports reports =
      new SupervisorReports(TestCrawls.settings("", "http://a.test/"));

  private static HostReport host(String name, long requests, long failures, long avgMs) {
    return new HostReport(name, requests, failures, avgMs, 0, 0, null, "done", false, false);
  }

  @Test
  void listsTheFiveSlowestAndMostFailingHostsAndThoseWithACappedCrawlDelayOrAFullBudget() {
    List<HostReport> hosts =
        List.of(
            host("h1", 1, 0, 10),
            host("h2", 1, 3, 70),
            host("h3", 1, 1, 30),
            host("h4", 1, 0, 50),
            host("h5", 1, 2, 60),
            host("h6", 1, 0, 40),
            host("h7", 1, 0, 70),
            host("never-asked", 0, 0, 99),
            new HostReport("capped", 1, 0, 5, 0, 0, null, "done", true, false),
            new HostReport("full", 1, 0, 5, 0, 0, null, "done", false, true));
    CrawlSummary.Politeness p = reports.politeness(4, hosts);
    assertEquals(
        List.of("h2", "h7", "h5", "h4", "h6"),
        p.slowestHosts().stream().map(HostReport::host).toList(),
        "by mean response time, ties by name, hosts never asked left out");
    assertEquals(
        List.of("h2", "h5", "h3"), p.failingHosts().stream().map(HostReport::host).toList());
    assertEquals(List.of("capped"), p.crawlDelayCapped());
    assertEquals(List.of("full"), p.budgetReached());
    assertEquals(4, p.robotsFetches());
  }

  @Test
  void countsSitemapFilesUrlsAndErrorsByKind() {
    reports.sitemapRead(null);
    reports.sitemapRead("http-404: not found");
    reports.sitemapRead("http-404: gone too");
    reports.sitemapRead("bad-xml: line 3");
    reports.sitemapUrlsAdmitted(3);
    reports.sitemapUrlsAdmitted(2);
    CrawlSummary.Politeness p = reports.politeness(0, List.of());
    assertEquals(4, p.sitemapFiles());
    assertEquals(5, p.sitemapUrls());
    assertEquals(Map.of("http-404", 2L, "bad-xml", 1L), p.sitemapErrors());
  }

  @ParameterizedTest(name = "max-depth {0}, max-pages {1}, {2} seeds: total known {3}")
  @CsvSource({
    "0, 0, 1, true", // list mode: nothing but the seeds
    "3, 0, 1, false",
    "3, 2, 2, true", // the page limit is reached
    "3, 2, 1, false",
  })
  void knowsTheTotalWhenNothingMoreCanBeAdmitted(
      int maxDepth, int maxPages, int seeds, boolean totalKnown) {
    CrawlSettings settings =
        TestCrawls.settings(
            "crawler { robots.enabled = false, max-depth = "
                + maxDepth
                + ", max-pages = "
                + maxPages
                + " }",
            "http://a.test/");
    try (CrawlStore store = CrawlStore.temporary()) {
      Frontier frontier = new Frontier(settings, UrlNormalizer::hostKey, store, 0, () -> 0);
      for (int i = 0; i < seeds; i++) {
        frontier.admit("http://a.test/" + i, 0, null);
      }
      frontier.poll(0);
      Collector.Report report = new SupervisorReports(settings).progress(frontier, 0);
      assertEquals(totalKnown, report.totalKnown());
      assertEquals(seeds - 1, report.queued());
      assertEquals(1, report.inFlight());
      assertEquals(1, report.hosts());
      assertEquals(1, report.activeHosts());
      assertEquals(Map.of(), report.pausedByReason());
      assertEquals(List.of(), report.failingHosts());
      assertEquals(0, report.storeCommits());
    }
  }
}
