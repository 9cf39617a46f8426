package io.akkacrawler.frontier;

import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.RobotsSettings;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.Reason;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.robots.RobotsRules;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Each host's robots.txt and sitemap files: when its robots.txt is due, what the answer does to the
 * host (rules, Crawl-delay, a deferral, giving the host up), and the sitemap files queued per host,
 * each once and within the per-host cap. Changes hosts; their place in the ready set and their
 * snapshots are the caller's.
 */
final class RobotsAndSitemaps {
  private final CrawlSettings settings;
  private final RobotsSettings robots;
  private final Set<String> sitemapsSeen = new HashSet<>();
  private int pendingSitemaps;
  private long robotsFetches;
  private long sitemapFetches;

  RobotsAndSitemaps(CrawlSettings settings) {
    this.settings = settings;
    this.robots = settings.robots();
  }

  /** A host seen for the first time. */
  void hostAdded(HostQueue host) {
    if (settings.sitemaps().enabled() && !robots.enabled()) {
      // Without robots.txt there is no Sitemap: line to read; try the usual place.
      host.sitemapsDiscovered = true;
      String url = host.key + "/sitemap.xml";
      if (sitemapsSeen.add(url)) {
        host.sitemapFiles++;
        host.sitemaps.add(url);
        pendingSitemaps++;
      }
    }
  }

  /** A host read back from the store, with the sitemaps it had queued. */
  void hostRestored(HostQueue host) {
    pendingSitemaps += host.sitemaps.size();
    sitemapsSeen.addAll(host.sitemaps);
  }

  /**
   * Queues a sitemap file of the host unless it was queued before, the host is over its cap, or it
   * was given up (it is asked nothing more, sitemaps included). Whether it was queued.
   */
  boolean offerSitemap(HostQueue host, String url) {
    if (!host.givenUp()
        && host.sitemapFiles < settings.sitemaps().maxFilesPerHost()
        && sitemapsSeen.add(url)) {
      host.sitemapFiles++;
      host.sitemaps.add(url);
      pendingSitemaps++;
      return true;
    }
    return false;
  }

  /** Whether the host's robots.txt is to be fetched at {@code now}; if so it is now fetching. */
  boolean startRobots(HostQueue host, long now) {
    if (robots.enabled()
        && (host.robots == HostQueue.Robots.UNKNOWN
            || (host.robots == HostQueue.Robots.KNOWN && now >= host.robotsExpireAt))) {
      host.robots = HostQueue.Robots.FETCHING;
      robotsFetches++;
      return true;
    }
    return false;
  }

  /** The host's next sitemap file to fetch, taken off its list; null when none. */
  String takeSitemap(HostQueue host) {
    if (host.sitemaps.isEmpty()) {
      return null;
    }
    pendingSitemaps--;
    sitemapFetches++;
    return host.sitemaps.poll();
  }

  /**
   * The robots.txt of {@code host} came back at {@code now}: its rules apply from now on, or, when
   * it was unreachable, the host is deferred and asked again later, a bounded number of times.
   * Returns the sitemap URLs to read (empty when none, unreachable, or sitemaps are off).
   */
  List<String> robotsFetched(HostQueue host, RobotsFetched r, long now) {
    host.ended(
        new Feedback(
            Feedback.Signal.NO_ANSWER, r.fetchMs(), -1, r.unreachable() ? r.reason() : null),
        now,
        settings.politeness());
    if (r.status() > 0) {
      host.answered = true;
    }
    if (r.unreachable() && r.reason() == Reason.TLS_ERROR) {
      // The certificate would be refused again, for every page: the host is given up at once.
      host.failures++;
      host.dead = true;
      host.tlsRefused = true;
      host.lastError = r.detail() != null ? r.detail() : r.reason().label(0);
      giveUp(host);
      return List.of();
    }
    if (r.unreachable()) {
      host.failures++;
      host.robotsFailures++;
      if (r.status() == 0 || r.detail() != null) {
        host.lastError = r.detail() != null ? r.detail() : r.reason().label(r.status());
      }
      // A host that never answered and refuses connections (or has no DNS name) is not there.
      boolean notThere = !host.answered && r.reason() != null && r.reason().isHardFailure();
      if (host.robotsFailures >= (notThere ? HostQueue.UNANSWERED_GIVE_UP : robots.maxAttempts())) {
        // A server that answers with errors makes its robots.txt unavailable; one that cannot
        // be reached at all is unreachable as a whole.
        if (r.reason() != null && r.reason().isNetworkFailure() && r.status() == 0) {
          host.dead = true;
        } else {
          host.robots = HostQueue.Robots.GAVE_UP;
        }
        giveUp(host);
      } else {
        host.robots = HostQueue.Robots.UNKNOWN;
        host.pause(
            now,
            notThere
                ? HostQueue.UNANSWERED_RETRY_MS
                : robots.retryPause().toMillis() << (host.robotsFailures - 1),
            notThere ? "unreachable" : "robots-unavailable");
      }
      return List.of();
    }
    RobotsRules rules = r.rules();
    host.robots = HostQueue.Robots.KNOWN;
    host.robotsFailures = 0;
    host.rules = rules;
    host.matcher = rules.mode() == RobotsRules.Mode.ALLOW_ALL ? null : rules.toMatcher();
    host.robotsExpireAt = now + robots.cacheTtl().toMillis();
    long cap = robots.maxCrawlDelay().toMillis();
    host.crawlDelayMs = Math.min(Math.max(rules.crawlDelayMs(), 0), cap);
    host.crawlDelayCapped = rules.crawlDelayMs() > cap;
    // Its first request waits for the Crawl-delay like the others.
    host.nextAllowedAt = Math.max(host.nextAllowedAt, now + host.crawlDelayMs);
    if (settings.sitemaps().enabled() && !host.sitemapsDiscovered) {
      host.sitemapsDiscovered = true;
      return rules.sitemaps().isEmpty() ? List.of(host.key + "/sitemap.xml") : rules.sitemaps();
    }
    return List.of();
  }

  /** A sitemap request of {@code host} ended at {@code now}. */
  void sitemapFetched(HostQueue host, long now, long fetchMs) {
    host.ended(new Feedback(Feedback.Signal.OK, fetchMs, -1, null), now, settings.politeness());
  }

  /**
   * The host's queue is recorded without requests from now on: its turn comes at once and its
   * sitemaps are dropped. The caller has taken it out of the ready set.
   */
  void giveUp(HostQueue host) {
    host.nextAllowedAt = 0;
    pendingSitemaps -= host.sitemaps.size();
    host.sitemaps.clear();
  }

  /** Sitemap files queued and not yet fetched. */
  int pendingSitemaps() {
    return pendingSitemaps;
  }

  long robotsFetches() {
    return robotsFetches;
  }

  long sitemapFetches() {
    return sitemapFetches;
  }
}
