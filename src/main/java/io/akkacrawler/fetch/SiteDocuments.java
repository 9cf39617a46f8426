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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicReference;

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

  /** At most this many seeds are looked at for the hosts to ask first. */
  private static final int SEEDS_LOOKED_AT = 100;

  /**
   * robots.txt as fetched: the document, or why there is none; how long the request took, from its
   * start to its answer.
   */
  public record RobotsAnswer(Document document, Throwable failure, long fetchMs) {}

  private final DocumentFetcher fetcher;
  private final RobotsParser robotsParser;
  private final SitemapReader sitemapReader;
  private final long robotsMaxBytes;
  private final long sitemapMaxBytes;

  /** The requests sent at the start, by host; each taken (set to null) by the first ask. */
  private final Map<String, AtomicReference<CompletableFuture<RobotsAnswer>>> early;

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
    Map<String, AtomicReference<CompletableFuture<RobotsAnswer>>> sent = new HashMap<>();
    for (String host : robotsFirst) {
      // Sent from another thread: with the client's tasks on the caller's thread (see
      // HttpFetcher), the host's DNS look-up would otherwise hold up the crawl's start.
      CompletableFuture<RobotsAnswer> answer =
          CompletableFuture.supplyAsync(() -> send(host), ForkJoinPool.commonPool())
              .thenCompose(f -> f);
      sent.put(host, new AtomicReference<>(answer));
    }
    this.early = Map.copyOf(sent);
  }

  /**
   * The hosts whose robots.txt a fresh crawl of these settings asks for first: the hosts of its
   * first seeds (as many as it admits, of the first 100), in order, as many as its fetchers and its
   * requests in flight allow at once; none when robots.txt is not read.
   */
  public static List<String> robotsFirst(CrawlSettings settings, UrlNormalizer normalizer) {
    if (!settings.robots().enabled()) {
      return List.of();
    }
    int most = Math.min(settings.fetchers(), settings.maxInFlight());
    long admitted = settings.maxPages() > 0 ? settings.maxPages() : Long.MAX_VALUE;
    Set<String> hosts = new LinkedHashSet<>();
    Set<String> seeds = new HashSet<>();
    for (String seed :
        settings.seeds().subList(0, Math.min(SEEDS_LOOKED_AT, settings.seeds().size()))) {
      String url = normalizer.normalize(seed);
      if (url == null || (!seeds.contains(url) && seeds.size() >= admitted)) {
        continue;
      }
      seeds.add(url);
      hosts.add(UrlNormalizer.hostKey(url));
      if (hosts.size() >= most) {
        break;
      }
    }
    return List.copyOf(hosts);
  }

  /**
   * Fetches {@code host}'s robots.txt ({@code host} is scheme://host:port), or hands over the
   * request sent for it at the start, the first time it is asked for.
   */
  public CompletableFuture<RobotsAnswer> fetchRobots(String host) {
    AtomicReference<CompletableFuture<RobotsAnswer>> sent = early.get(host);
    CompletableFuture<RobotsAnswer> answer = sent == null ? null : sent.getAndSet(null);
    return answer != null ? answer : send(host);
  }

  private CompletableFuture<RobotsAnswer> send(String host) {
    long start = System.nanoTime();
    return fetcher
        .fetch(host + "/robots.txt", robotsMaxBytes, MAX_REDIRECTS)
        .handle(
            (doc, failure) ->
                new RobotsAnswer(doc, failure, (System.nanoTime() - start) / 1_000_000));
  }

  public CompletableFuture<Document> fetchSitemap(String url) {
    return fetcher.fetch(url, sitemapMaxBytes, MAX_REDIRECTS);
  }

  /** The rules from a fetched robots.txt, or why it was unreachable. */
  public RobotsFetched robots(String host, RobotsAnswer answer) {
    if (answer.failure() != null) {
      FetchResult why =
          PageProcessor.failure(answer.failure(), answer.fetchMs(), host + "/robots.txt");
      // (A status with the failure: the body broke after the server answered.)
      return RobotsParser.failure(
          why.reason(), why.response().status(), why.detail(), answer.fetchMs());
    }
    Document doc = answer.document();
    return robotsParser.parse(
        doc.url(),
        doc.response().status(),
        doc.response().contentType(),
        doc.body(),
        doc.length(),
        doc.redirectedTooOften(),
        answer.fetchMs());
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
