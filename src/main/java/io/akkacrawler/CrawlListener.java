package io.akkacrawler;

/** Hears about a crawl while it runs. Called from the crawler's actors: return quickly. */
public interface CrawlListener {
  CrawlListener NONE = new CrawlListener() {};

  /** A progress snapshot, about once a second. */
  default void onProgress(CrawlProgress progress) {}
}
