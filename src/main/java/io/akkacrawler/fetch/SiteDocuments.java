package io.akkacrawler.fetch;

import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.DocumentFetcher.Document;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.robots.RobotsParser;
import io.akkacrawler.url.UrlNormalizer;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The site-level documents a fetcher reads besides pages: robots.txt (500 KiB, 5 redirects at most,
 * RFC 9309) and sitemaps. Fetching is asynchronous; parsing is left to the caller's thread.
 *
 * <p>A fresh crawl's first request is its seeds' robots.txt, and the actor system that asks for it
 * takes about a tenth of a second to start: made with {@code robotsFirst}, these requests go out at
 * once, and each is handed to the first fetcher asked for that host's robots.txt.
 */
public final class SiteDocuments {
  private static final int MAX_REDIRECTS = 5;

  /** A request on its way: its document, and when it was sent ({@link System#nanoTime}). */
  public record Request(CompletableFuture<Document> document, long startNanos) {}

  /** A request sent before it was asked for, handed out once. */
  private record Early(Request request, AtomicBoolean taken) {}

  private final DocumentFetcher fetcher;
  private final RobotsParser robotsParser;
  private final SitemapReader sitemapReader;
  private final long robotsMaxBytes;
  private final long sitemapMaxBytes;
  private final Map<String, Early> early;

  public SiteDocuments(HttpFetcher http, UrlNormalizer normalizer, CrawlSettings settings) {
    this(http, normalizer, settings, List.of());
  }

  /**
   * As the other constructor, and sends the robots.txt requests of {@code robotsFirst} (hosts as
   * scheme://host:port, see {@link #robotsFirst}) now.
   */
  public SiteDocuments(
      HttpFetcher http,
      UrlNormalizer normalizer,
      CrawlSettings settings,
      Collection<String> robotsFirst) {
    this.fetcher = new DocumentFetcher(http, normalizer);
    this.robotsParser = new RobotsParser(settings.robots().agent());
    this.sitemapReader = new SitemapReader(normalizer);
    this.robotsMaxBytes = settings.robots().maxBytes();
    this.sitemapMaxBytes = settings.sitemaps().maxBytes();
    Map<String, Early> sent = new HashMap<>();
    for (String host : robotsFirst) {
      sent.put(host, new Early(send(host, System.nanoTime()), new AtomicBoolean()));
    }
    this.early = Map.copyOf(sent);
  }

  /**
   * The hosts whose robots.txt a fresh crawl of these settings asks for first: its seeds' hosts, in
   * order, as many as its fetchers and its requests in flight allow at once; none when robots.txt
   * is not read.
   */
  public static List<String> robotsFirst(CrawlSettings settings, UrlNormalizer normalizer) {
    if (!settings.robots().enabled()) {
      return List.of();
    }
    int most = Math.min(settings.fetchers(), settings.maxInFlight());
    Set<String> hosts = new LinkedHashSet<>();
    for (String seed : settings.seeds()) {
      if (hosts.size() >= most) {
        break;
      }
      String url = normalizer.normalize(seed);
      if (url != null) {
        hosts.add(UrlNormalizer.hostKey(url));
      }
    }
    return List.copyOf(hosts);
  }

  /**
   * Fetches {@code host}'s robots.txt ({@code host} is scheme://host:port), or hands over the
   * request sent for it at the start, the first time it is asked for.
   */
  public Request fetchRobots(String host, long nowNanos) {
    Early sent = early.get(host);
    if (sent != null && sent.taken().compareAndSet(false, true)) {
      return sent.request();
    }
    return send(host, nowNanos);
  }

  private Request send(String host, long nowNanos) {
    return new Request(
        fetcher.fetch(host + "/robots.txt", robotsMaxBytes, MAX_REDIRECTS), nowNanos);
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
