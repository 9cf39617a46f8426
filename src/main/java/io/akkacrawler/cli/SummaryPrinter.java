package io.akkacrawler.cli;

import io.akkacrawler.CrawlSummary;
import io.akkacrawler.HostReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints the end-of-crawl summary. */
final class SummaryPrinter {
  private static final int TOP = 8;

  private SummaryPrinter() {}

  /**
   * {@code 2.4 s}; a crawl under a second with two decimals ({@code 0.05 s}, not {@code 0.0 s}).
   */
  static String seconds(long ms) {
    return String.format(Locale.ROOT, ms < 1000 ? "%.2f s" : "%.1f s", ms / 1000.0);
  }

  static void print(CrawlSummary s, PrintStream err) {
    print(s, err, null);
  }

  /** The summary; {@code verb} says how the crawl ended when not "finished" or "interrupted". */
  static void print(CrawlSummary s, PrintStream err, String verb) {
    if (verb == null) {
      verb = s.interrupted() ? "interrupted" : "finished";
    }
    err.printf(
        Locale.ROOT,
        "Crawl %s in %s: %s, %.1f pages/s%n",
        verb,
        seconds(s.durationMs()),
        count(s.records(), "record"),
        s.pagesPerSecond());
    err.printf(
        Locale.ROOT,
        "  fetched %,d | skipped %,d | failed %,d | %s | %s | %s | %s%n",
        s.fetched(),
        s.skipped(),
        s.failed(),
        size(s.bytes()),
        count(s.retries(), "retry", "retries"),
        count(s.redirects(), "redirect"),
        count(s.linksFound(), "link"));
    if (!s.statuses().isEmpty()) {
      err.println("  statuses: " + counts(s.statuses()));
    }
    if (!s.reasons().isEmpty()) {
      err.println("  reasons:  " + counts(s.reasons()));
    }
    for (CrawlSummary.HostCount h : s.hosts().stream().limit(5).toList()) {
      err.printf(
          Locale.ROOT,
          "  host %s: %s, %,d failed, %s%n",
          h.host(),
          count(h.records(), "record"),
          h.failed(),
          size(h.bytes()));
    }
    CrawlSummary.Politeness p = s.politeness();
    if (!p.robotsObeyed()) {
      err.println("  robots.txt was NOT obeyed (--ignore-robots)");
    } else {
      // Requests: retries and refreshes after the TTL count too.
      err.println("  robots.txt: " + count(p.robotsFetches(), "request"));
    }
    if (!p.crawlDelayCapped().isEmpty()) {
      err.println(
          "  Crawl-delay above the cap, capped for: " + String.join(", ", p.crawlDelayCapped()));
    }
    if (!p.budgetReached().isEmpty()) {
      List<String> hosts = p.budgetReached();
      err.println(
          "  max-pages-per-host reached, links left out, on "
              + String.join(", ", hosts.subList(0, Math.min(TOP, hosts.size())))
              + (hosts.size() > TOP ? " and " + count(hosts.size() - TOP, "more host") : ""));
    }
    if (p.sitemapFiles() > 0) {
      err.printf(
          Locale.ROOT,
          "  sitemaps: %s, %s admitted%s%n",
          count(p.sitemapFiles(), "file"),
          count(p.sitemapUrls(), "URL"),
          p.sitemapErrors().isEmpty() ? "" : ", errors: " + counts(p.sitemapErrors()));
    }
    if (p.slowestHosts().size() > 1) {
      for (HostReport h : p.slowestHosts()) {
        err.println("  slowest: " + host(h));
      }
    }
    for (HostReport h : p.failingHosts()) {
      err.println("  failing: " + host(h));
    }
    if (s.interrupted() && s.notCrawled() > 0) {
      err.printf(
          Locale.ROOT,
          s.notCrawled() == 1 ? "  %,d URL was not crawled%n" : "  %,d URLs were not crawled%n",
          s.notCrawled());
    }
  }

  private static String host(HostReport h) {
    return String.format(
        Locale.ROOT,
        "%s: %s, %,d failed, %,d ms mean, delay %,d ms, %s%s, %s",
        h.host(),
        count(h.requests(), "request"),
        h.failures(),
        h.avgFetchMs(),
        h.delayMs(),
        count(h.pauses(), "pause"),
        h.lastPause() == null ? "" : " (last: " + h.lastPause() + ")",
        h.state());
  }

  /** {@code 1 record}, {@code 1,234 records}. */
  static String count(long n, String noun) {
    return count(n, noun, noun + "s");
  }

  static String count(long n, String one, String many) {
    return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
  }

  /**
   * Every count of a map, in its order ("200 x1,160", "404 x7" and so on): statuses and reasons are
   * few, and the rarest (a 599, a failure's reason) are the ones a reader looks for.
   */
  static String counts(Map<?, Long> counts) {
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " x" + String.format(Locale.ROOT, "%,d", e.getValue()))
        .collect(Collectors.joining("  "));
  }

  static String size(long bytes) {
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
  }
}
