package io.akkacrawler;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.collect.WarcOutput;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.FetchInterceptor;
import io.akkacrawler.fetch.HttpFetcher;
import io.akkacrawler.fetch.SiteDocuments;
import io.akkacrawler.frontier.CrawlSupervisor;
import io.akkacrawler.frontier.Frontier;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.state.StoreException;
import io.akkacrawler.url.UrlNormalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The crawler's public entry point: starts one crawl in its own actor system and tells when it
 * ends. For example:
 *
 * <pre>{@code
 * CrawlSettings settings = CrawlSettings.load(List.of("https://example.com/"));
 * Crawler.run(settings, record -> System.out.println(record.url()))
 *     .thenAccept(summary -> System.out.println(summary.fetched() + " pages"));
 * }</pre>
 */
public final class Crawler {
  private final CrawlSettings settings;
  private ResultSink sink = record -> {};
  private CrawlListener listener = CrawlListener.NONE;
  private Config config;
  private FetchInterceptor interceptor = FetchInterceptor.NONE;
  private CrawlStore store;
  private WarcOutput warc;

  private Crawler(CrawlSettings settings) {
    this.settings = settings;
  }

  /** A crawl with these settings; set its sink and listener, then {@link #start()} it. */
  public static Crawler of(CrawlSettings settings) {
    return new Crawler(settings);
  }

  /** Runs a crawl that hands every record to {@code sink}; completes with its summary. */
  public static CompletionStage<CrawlSummary> run(CrawlSettings settings, ResultSink sink) {
    return of(settings).sink(sink).start().completion();
  }

  /** Where records go (called by one actor at a time). The crawl closes it at the end. */
  public Crawler sink(ResultSink sink) {
    this.sink = sink;
    return this;
  }

  /** Who hears about progress. */
  public Crawler listener(CrawlListener listener) {
    this.listener = listener;
    return this;
  }

  /**
   * The config of the actor system (dispatchers, Akka settings); {@code ConfigFactory.load()} by
   * default. Pass the same config the settings were read from.
   */
  public Crawler config(Config config) {
    this.config = config;
    return this;
  }

  /**
   * Keeps the frontier in {@code store} (for a resumable crawl, the store of a {@link
   * io.akkacrawler.state.StateDirectory}; a store that holds a crawl already is resumed). The
   * caller closes it after the crawl. Without one, the frontier is kept in memory and, once large,
   * in a temporary store on disk that is deleted at the end.
   */
  public Crawler store(CrawlStore store) {
    this.store = store;
    return this;
  }

  /**
   * Also writes every HTTP exchange to these WARC files ({@link WarcOutput#create} or, for a
   * resumed crawl, {@link WarcOutput#resume} at the store's committed position). The crawl closes
   * them at the end.
   */
  public Crawler warc(WarcOutput warc) {
    this.warc = warc;
    return this;
  }

  /** A fault-injection hook for tests. */
  public Crawler interceptor(FetchInterceptor interceptor) {
    this.interceptor = interceptor;
    return this;
  }

  /** Starts the crawl; it runs on the actor system's threads. */
  public CrawlHandle start() {
    CompletableFuture<CrawlSummary> result = new CompletableFuture<>();
    CrawlStore frontierStore = store != null ? store : CrawlStore.inMemory();
    HttpFetcher http = new HttpFetcher(settings.fetch(), warc != null);
    // A fresh crawl's first requests, its seeds' robots.txt, go out now, while the actor system
    // starts (about a tenth of a second); a resumed one asks for what its frontier holds.
    UrlNormalizer normalizer = new UrlNormalizer(settings.maxUrlLength());
    SiteDocuments documents =
        new SiteDocuments(
            http,
            normalizer,
            settings,
            fresh(frontierStore) ? SiteDocuments.robotsFirst(settings, normalizer) : List.of());
    LocalWorkers workers =
        new LocalWorkers(
            settings, sink, warc, listener, interceptor, http, documents, frontierStore.durable());
    ActorSystem<CrawlSupervisor.Command> system =
        ActorSystem.create(
            guardian(CrawlSupervisor.create(settings, workers, frontierStore, result)),
            "akka-crawler",
            withoutRemoting(config != null ? config : ConfigFactory.load()));
    // The crawl is over once the actor system is down and what it used is closed: nothing runs
    // after the caller resumes (a CLI exits right then).
    CompletionStage<CrawlSummary> completion =
        system
            .getWhenTerminated()
            .handle(
                (done, failure) -> {
                  http.close();
                  if (store == null) {
                    frontierStore.close();
                  }
                  return done;
                })
            .thenCompose(done -> result);
    return new CrawlHandle(() -> system.tell(new CrawlSupervisor.Stop()), completion);
  }

  /**
   * Whether {@code store} holds no crawl yet; false when it cannot be read (the supervisor then
   * reports why the crawl cannot start).
   */
  private static boolean fresh(CrawlStore store) {
    try {
      return !Frontier.seeded(store);
    } catch (StoreException e) {
      return false;
    }
  }

  /**
   * A crawl in one JVM sends no message over the wire and runs no stream: Akka's serialization
   * (which builds every configured serializer, cluster and Jackson ones included) and stream
   * materializer are not started with the system. That took a third of the system's start-up.
   */
  private static Config withoutRemoting(Config config) {
    if (!"local".equals(config.getString("akka.actor.provider"))) {
      return config;
    }
    List<String> unused =
        List.of("akka.serialization.SerializationExtension$", "akka.stream.SystemMaterializer$");
    List<String> extensions = new ArrayList<>(config.getStringList("akka.library-extensions"));
    extensions.removeAll(unused);
    return ConfigFactory.parseMap(Map.of("akka.library-extensions", extensions))
        .withFallback(config);
  }

  /**
   * The actor system's guardian: runs the supervisor on the blocking-I/O dispatcher (it does the
   * frontier store's disk I/O), forwards commands to it and ends the system when it stops.
   */
  private static Behavior<CrawlSupervisor.Command> guardian(
      Behavior<CrawlSupervisor.Command> supervisor) {
    return Behaviors.setup(
        context -> {
          ActorRef<CrawlSupervisor.Command> crawl =
              context.spawn(
                  supervisor, "crawl", DispatcherSelector.fromConfig("crawler.io-dispatcher"));
          context.watch(crawl);
          return Behaviors.receive(CrawlSupervisor.Command.class)
              .onMessage(
                  CrawlSupervisor.Command.class,
                  m -> {
                    crawl.tell(m);
                    return Behaviors.same();
                  })
              .onSignal(Terminated.class, t -> Behaviors.stopped())
              .build();
        });
  }

  /** A running crawl. */
  public static final class CrawlHandle {
    private final Runnable stop;
    private final CompletionStage<CrawlSummary> completion;

    /** A running crawl: how to stop it, and when it is over. */
    public CrawlHandle(Runnable stop, CompletionStage<CrawlSummary> completion) {
      this.stop = stop;
      this.completion = completion;
    }

    /** Completes with the summary when the crawl ends; fails with a {@link CrawlException}. */
    public CompletionStage<CrawlSummary> completion() {
      return completion;
    }

    /**
     * Stops the crawl: nothing new is dispatched, requests in flight finish (or time out), the
     * output is flushed and the summary says it was interrupted. A second call stops at once.
     */
    public void stop() {
      stop.run();
    }
  }
}
