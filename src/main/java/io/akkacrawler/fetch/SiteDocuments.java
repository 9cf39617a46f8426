package io.akkacrawler.fetch;

import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.DocumentFetcher.Document;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.robots.RobotsParser;
import io.akkacrawler.url.UrlNormalizer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The site-level documents a fetcher reads besides pages: robots.txt (500 KiB, 5 redirects at most,
 * RFC 9309) and sitemaps. Fetching is asynchronous; parsing is left to the caller's thread.
 */
public final class SiteDocuments {
  private static final int MAX_REDIRECTS = 5;

  private final DocumentFetcher fetcher;
  private final RobotsParser robotsParser;
  private final SitemapReader sitemapReader;
  private final long robotsMaxBytes;
  private final long sitemapMaxBytes;

  public SiteDocuments(HttpFetcher http, UrlNormalizer normalizer, CrawlSettings settings) {
    this.fetcher = new DocumentFetcher(http, normalizer);
    this.robotsParser = new RobotsParser(settings.robots().agent());
    this.sitemapReader = new SitemapReader(normalizer);
    this.robotsMaxBytes = settings.robots().maxBytes();
    this.sitemapMaxBytes = settings.sitemaps().maxBytes();
  }

  /** Starts fetching {@code host}'s robots.txt ({@code host} is scheme://host:port). */
  public CompletableFuture<Document> fetchRobots(String host) {
    return fetcher.fetch(host + "/robots.txt", robotsMaxBytes, MAX_REDIRECTS);
  }

  public CompletableFuture<Document> fetchSitemap(String url) {
    return fetcher.fetch(url, sitemapMaxBytes, MAX_REDIRECTS);
  }

  /** The rules from a fetched robots.txt, or why it was unreachable. */
  public RobotsFetched robots(String host, Document doc, Throwable failure, long fetchMs) {
    if (failure != null) {
      FetchResult why = PageProcessor.failure(failure, fetchMs, host + "/robots.txt");
      return RobotsParser.failure(why.reason(), why.detail(), fetchMs);
    }
    return robotsParser.parse(
        doc.url(),
        doc.response().status(),
        doc.response().contentType(),
        doc.body(),
        doc.length(),
        doc.redirectedTooOften(),
        fetchMs);
  }

  /** The URLs and child sitemaps of a fetched sitemap, or why it could not be read. */
  public SitemapReader.Sitemap sitemap(String url, Document doc, Throwable failure) {
    if (failure != null) {
      return new SitemapReader.Sitemap(
          List.of(), List.of(), PageProcessor.failure(failure, 0).reasonLabel());
    }
    int status = doc.response().status();
    if (status < 200 || status > 299) {
      return new SitemapReader.Sitemap(List.of(), List.of(), "http-" + status);
    }
    return sitemapReader.read(doc.url(), doc.response().contentType(), doc.body(), doc.length());
  }
}
