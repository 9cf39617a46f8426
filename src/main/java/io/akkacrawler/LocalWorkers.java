package io.akkacrawler;

import akka.actor.typed.ActorRef;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Routers;
import io.akkacrawler.collect.Collector;
import io.akkacrawler.collect.Outputs;
import io.akkacrawler.collect.WarcOutput;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.FetchInterceptor;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.HttpFetcher;
import io.akkacrawler.fetch.PageProcessor;
import io.akkacrawler.fetch.SiteDocuments;
import io.akkacrawler.frontier.CrawlSupervisor;
import io.akkacrawler.parse.PageParser;
import io.akkacrawler.url.UrlNormalizer;
import org.slf4j.event.Level;

/**
 * The standalone crawler's wiring: a collector on the blocking-I/O dispatcher and a pool router of
 * fetchers (one per core by default) on the fetcher dispatcher, each restarted when it crashes.
 */
public final class LocalWorkers implements CrawlSupervisor.Workers {
  private final CrawlSettings settings;
  private final ResultSink sink;
  private final WarcOutput warc;
  private final CrawlListener listener;
  private final FetchInterceptor interceptor;
  private final HttpFetcher http;
  private final SiteDocuments documents;
  private final boolean durable;

  /**
   * The wiring of a crawl: records to {@code sink}, exchanges to {@code warc} (null: none), the
   * fetchers reading robots.txt and sitemaps through {@code documents} (which may have sent the
   * seeds' robots.txt requests already).
   */
  public LocalWorkers(
      CrawlSettings settings,
      ResultSink sink,
      WarcOutput warc,
      CrawlListener listener,
      FetchInterceptor interceptor,
      HttpFetcher http,
      SiteDocuments documents,
      boolean durable) {
    this.documents = documents;
    this.warc = warc;
    this.durable = durable;
    this.settings = settings;
    this.sink = sink;
    this.listener = listener;
    this.interceptor = interceptor;
    this.http = http;
  }

  @Override
  public ActorRef<Collector.Command> spawnCollector(
      ActorContext<CrawlSupervisor.Command> context, ActorRef<Collector.Event> events) {
    // Not restarted or resumed: after an unexpected exception its state (which records are
    // written) is not to be trusted, so it stops, and the supervisor, which watches it, ends the
    // crawl with the state as of its last commit.
    return context.spawn(
        Collector.create(settings, new Outputs(sink, warc, durable), listener, events),
        "collector",
        DispatcherSelector.fromConfig("crawler.io-dispatcher"));
  }

  @Override
  public ActorRef<Fetcher.Command> spawnFetchers(ActorContext<CrawlSupervisor.Command> context) {
    return spawnPool(context, settings, http, documents, interceptor);
  }

  /**
   * Spawns the pool router of fetchers (one per core by default) on the fetchers' dispatcher, each
   * restarted when it crashes: the work force of a standalone crawl and of every cluster node.
   */
  public static ActorRef<Fetcher.Command> spawnPool(
      ActorContext<?> context,
      CrawlSettings settings,
      HttpFetcher http,
      FetchInterceptor interceptor) {
    return spawnPool(
        context,
        settings,
        http,
        new SiteDocuments(http, new UrlNormalizer(settings.maxUrlLength()), settings),
        interceptor);
  }

  /**
   * As the other {@code spawnPool}, the fetchers reading robots.txt and sitemaps through {@code
   * documents}.
   */
  public static ActorRef<Fetcher.Command> spawnPool(
      ActorContext<?> context,
      CrawlSettings settings,
      HttpFetcher http,
      SiteDocuments documents,
      FetchInterceptor interceptor) {
    UrlNormalizer normalizer = new UrlNormalizer(settings.maxUrlLength());
    PageProcessor processor =
        new PageProcessor(
            normalizer,
            new PageParser(settings.parse(), normalizer),
            settings.crawlScope(normalizer),
            settings.maxDepth(),
            settings.fetch().maxDecodedBytes(),
            settings.robots().agent(),
            settings.robots().honorRelNofollow(),
            settings.followEchoes());
    DispatcherSelector fetcherDispatcher =
        DispatcherSelector.fromConfig("crawler.fetcher-dispatcher");
    // The router runs where its routees run: routing a message is then no thread hand-off.
    return context.spawn(
        Routers.pool(
                settings.fetchers(),
                Behaviors.supervise(Fetcher.create(http, processor, documents, interceptor))
                    .onFailure(SupervisorStrategy.restart().withLogLevel(Level.WARN)))
            .withRouteeProps(fetcherDispatcher),
        "fetcher-pool",
        fetcherDispatcher);
  }
}
