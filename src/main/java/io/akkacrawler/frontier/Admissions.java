package io.akkacrawler.frontier;

import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Reason;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.url.Scope;
import io.akkacrawler.url.UrlNormalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the supervisor lets into the frontier: the seeds, the links of a page, the sitemap files
 * that robots.txt names and the in-scope URLs that sitemaps list. Plain class over the frontier.
 */
final class Admissions {
  private final Frontier frontier;
  private final UrlNormalizer normalizer;
  private final Scope scope;

  Admissions(Frontier frontier, UrlNormalizer normalizer, Scope scope) {
    this.frontier = frontier;
    this.normalizer = normalizer;
    this.scope = scope;
  }

  /**
   * Admits the seeds. Seeds are what the user asked for: the include and exclude filters apply to
   * links only; a seed that is not a usable URL or is beyond the page limit gets a record.
   */
  void seeds(List<String> seeds) {
    for (String given : seeds) {
      String seed = normalizer.normalize(given);
      if (seed == null) {
        frontier.admitWithRecord(given, 0, Reason.BAD_URL, true);
      } else if (frontier.admit(seed, 0, null) == Frontier.Admission.OVER_LIMIT) {
        frontier.admitWithRecord(seed, 0, Reason.MAX_PAGES, false);
      }
    }
  }

  /** Admits the links to follow (normalized and in scope) of {@code job}'s page, one level down. */
  void links(CrawlJob job, List<String> follow) {
    int depth = job.depth() + 1;
    String parent = job.fetchUrl();
    for (String link : follow) {
      frontier.admit(link, depth, parent);
    }
  }

  /** Queues the sitemap files a robots.txt names. */
  void robotsSitemaps(List<String> urls) {
    List<String> sitemaps = new ArrayList<>();
    for (String url : urls) {
      // robots.txt may list anything after "Sitemap:": keep what is an http(s) URL.
      String normalized = normalizer.normalize(url);
      if (normalized != null) {
        sitemaps.add(normalized);
      }
    }
    frontier.addSitemaps(sitemaps);
  }

  /**
   * Admits the in-scope URLs of the sitemap read from {@code url} and queues its child sitemaps.
   * Returns how many URLs were admitted.
   */
  int sitemap(SitemapReader.Sitemap sitemap, String url) {
    int admitted = 0;
    for (String page : sitemap.urls()) {
      if (scope.allows(page) && frontier.admit(page, 0, url) == Frontier.Admission.ADMITTED) {
        admitted++;
      }
    }
    frontier.addSitemaps(sitemap.children());
    return admitted;
  }
}
