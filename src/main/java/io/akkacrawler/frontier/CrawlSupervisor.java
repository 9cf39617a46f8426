package io.akkacrawler.frontier;

import akka.actor.NoSerializationVerificationNeeded;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Feedback;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.akkacrawler.CrawlException;
import io.akkacrawler.CrawlMessage;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.HostReport;
import io.akkacrawler.collect.Collector;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.robots.RobotsFetched;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.state.StoreException;
import io.akkacrawler.url.Scope;
import io.akkacrawler.url.UrlNormalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one crawl: owns the {@link Frontier}, spawns the fetchers and the collector (see {@link
 * Workers}), keeps at most {@code max-in-flight} URLs dispatched, schedules retries and redirect
 * hops, re-dispatches URLs whose fetcher went silent, and ends the crawl when nothing is left. It
 * is the actor system's guardian: when it stops, the system ends.
 */
public final class CrawlSupervisor extends AbstractBehavior<CrawlSupervisor.Command> {
  public sealed interface Command extends CrawlMessage {}

  /** What the collector reports (see {@link Collector.Event}). */
  private record FromCollector(Collector.Event event)
      implements Command, NoSerializationVerificationNeeded {}

  /** A fetcher's robots.txt or sitemap answer (see {@link Fetcher.Reply}). */
  private record FromFetcher(Fetcher.Reply reply)
      implements Command, NoSerializationVerificationNeeded {}

  /** Stop dispatching, let the in-flight URLs finish, then end (a second Stop ends at once). */
  public record Stop() implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private enum Wakeup implements Command {
    INSTANCE
  }

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final int TOP_HOSTS = 5;
  private static final int MAX_RECORDS_PER_TURN = 500;

  /** Store metadata: the seeds were admitted; the crawl ran to its end. */
  private static final String META_SEEDED = "seeded";

  private static final String META_FINISHED = "finished";

  private final CrawlSettings settings;
  private final CrawlClock clock;
  private final TimerScheduler<Command> timers;
  private final CompletableFuture<CrawlSummary> result;
  private final CrawlStore store;
  private final UrlNormalizer normalizer;
  private final Scope scope;
  private final Frontier frontier;
  private final RetryPolicy retryPolicy;
  private final ActorRef<Collector.Command> collector;
  private final ActorRef<Fetcher.Command> fetchers;
  private final ActorRef<Fetcher.Reply> siteAnswers;

  /** Where fetchers send page answers: the collector's, once it has started. */
  private ActorRef<Fetcher.Reply> pageAnswers;
  private final Map<String, Long> sitemapErrors = new TreeMap<>();
  private long sitemapFiles;
  private long sitemapUrls;
  private boolean stopping;
  private boolean completing;

  /**
   * Spawns the supervisor's collaborators as its children: the collector and the fetchers. The
   * standalone crawler spawns a local collector and a pool router; tests spawn probes.
   */
  public interface Workers {
    /** The collector, reporting its {@link Collector.Event}s to {@code events}. */
    ActorRef<Collector.Command> spawnCollector(
        ActorContext<Command> context, ActorRef<Collector.Event> events);

    ActorRef<Fetcher.Command> spawnFetchers(ActorContext<Command> context);
  }

  /**
   * The crawl's behavior over the frontier kept in {@code store}: a new crawl starts from its
   * seeds, a store that holds a crawl already is resumed. {@code result} completes with the summary
   * when the crawl ends, or exceptionally when it cannot go on.
   */
  public static Behavior<Command> create(
      CrawlSettings settings,
      Workers workers,
      CrawlStore store,
      CompletableFuture<CrawlSummary> result) {
    return create(settings, workers, store, result, CrawlClock.system());
  }

  /** As the other {@code create}, with time read from {@code clock} (tests move it by hand). */
  public static Behavior<Command> create(
      CrawlSettings settings,
      Workers workers,
      CrawlStore store,
      CompletableFuture<CrawlSummary> result,
      CrawlClock clock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  try {
                    return new CrawlSupervisor(
                        context, timers, settings, workers, store, result, clock);
                  } catch (RuntimeException e) {
                    // A state that cannot be read (or a disk that fails at once) ends the crawl
                    // here, with its reason, instead of leaving the caller waiting for a result.
                    String why = e.getMessage() == null ? e.toString() : e.getMessage();
                    context.getLog().error("The crawl cannot start: {}", why);
                    result.completeExceptionally(
                        new CrawlException("the crawl cannot start: " + why));
                    return Behaviors.stopped();
                  }
                }));
  }

  private CrawlSupervisor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      CrawlSettings settings,
      Workers workers,
      CrawlStore store,
      CompletableFuture<CrawlSummary> result,
      CrawlClock clock) {
    super(context);
    this.clock = clock;
    this.settings = settings;
    this.timers = timers;
    this.result = result;
    this.store = store;
    this.normalizer = new UrlNormalizer(settings.maxUrlLength());
    this.scope = Scope.of(settings, normalizer);
    this.frontier = new Frontier(settings, UrlNormalizer::hostKey, store, now(), clock.epochMs());
    this.retryPolicy =
        new RetryPolicy(settings.retry(), settings.maxRedispatches(), new SplittableRandom());
    this.siteAnswers = context.messageAdapter(Fetcher.Reply.class, FromFetcher::new);
    this.collector =
        workers.spawnCollector(
            context, context.messageAdapter(Collector.Event.class, FromCollector::new));
    context.watch(collector);
    this.fetchers = workers.spawnFetchers(context);

    if (store.meta(META_SEEDED) == null) {
      for (String seed : settings.seeds()) {
        admitSeed(seed, normalizer.normalize(seed));
      }
      // The seeds are part of the state from here on: a resume does not admit them again.
      store.putMeta(META_SEEDED, new byte[] {1});
      store.commit();
    }
    timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
    dispatch();
  }

  /** Seeds are what the user asked for: the include and exclude filters apply to links only. */
  private void admitSeed(String given, String seed) {
    if (seed == null) {
      frontier.admitWithRecord(given, 0, "bad-url", true);
    } else if (frontier.admit(seed, 0, null) == Frontier.Admission.OVER_LIMIT) {
      frontier.admitWithRecord(seed, 0, "max-pages", false);
    }
  }

  @Override
  public Receive<Command> createReceive() {
    Receive<Command> receive = receiveBuilder();
    // A store failure (full disk, I/O error) ends the crawl with a clear error; the state on
    // disk is as of the last commit, so the crawl can be resumed.
    return new Receive<>() {
      @Override
      public Behavior<Command> receiveMessage(Command message) throws Exception {
        try {
          return receive.receiveMessage(message);
        } catch (StoreException e) {
          return fail(e);
        }
      }

      @Override
      public Behavior<Command> receiveSignal(akka.actor.typed.Signal signal) throws Exception {
        try {
          return receive.receiveSignal(signal);
        } catch (StoreException e) {
          return fail(e);
        }
      }
    };
  }

  private Behavior<Command> fail(StoreException e) {
    getContext().getLog().error("Crawl state failure: {}", e.getMessage());
    result.completeExceptionally(new CrawlException(e.getMessage()));
    return Behaviors.stopped();
  }

  private Receive<Command> receiveBuilder() {
    return newReceiveBuilder()
        .onMessage(FromCollector.class, m -> onCollectorEvent(m.event()))
        .onMessage(FromFetcher.class, m -> onSiteAnswer(m.reply()))
        .onMessage(Stop.class, this::onStop)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(Wakeup.INSTANCE, this::dispatch)
        .onSignal(Terminated.class, this::onTerminated)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onCollectorEvent(Collector.Event event) {
    if (event instanceof Collector.PageDone m) {
      return onPageDone(m);
    } else if (event instanceof Collector.RetryLater m) {
      return onRetryLater(m);
    } else if (event instanceof Collector.Redirected m) {
      return onRedirected(m);
    } else if (event instanceof Collector.OutputFlushed m) {
      return onOutputFlushed(m);
    } else if (event instanceof Collector.Completed m) {
      return onCompleted(m);
    } else if (event instanceof Collector.OutputFailed m) {
      return onOutputFailed(m);
    } else if (event instanceof Collector.Started m) {
      pageAnswers = m.answers();
      return dispatch();
    }
    return this;
  }

  private Behavior<Command> onSiteAnswer(Fetcher.Reply reply) {
    if (reply instanceof Fetcher.RobotsAnswered m) {
      return onRobotsResult(m);
    } else if (reply instanceof Fetcher.SitemapAnswered m) {
      return onSitemapResult(m);
    }
    return this; // page answers go to the collector, never here
  }

  private Behavior<Command> onPageDone(Collector.PageDone m) {
    if (frontier.complete(m.job().id(), now(), m.feedback())) {
      int depth = m.job().depth() + 1;
      String parent = m.job().fetchUrl();
      for (String link : m.follow()) {
        frontier.admit(link, depth, parent);
      }
    }
    return dispatch();
  }

  private Behavior<Command> onRetryLater(Collector.RetryLater m) {
    CrawlJob job =
        frontier.endDispatch(m.job().id(), m.dispatchId(), now(), Feedback.of(m.result()));
    if (job == null) {
      return this; // the answer of a dispatch that was already superseded
    }
    long delay = retryPolicy.delayMs(job, m.result());
    if (delay < 0) {
      recordWithoutFetch(job, m.result().asFinalFailure());
    } else {
      CrawlJob next =
          switch (m.result().kind()) {
            case CRASHED -> job.redispatched();
            case RESTARTED -> job;
            default -> job.nextAttempt();
          };
      frontier.retryAt(next, now() + delay);
    }
    return dispatch();
  }

  private Behavior<Command> onRedirected(Collector.Redirected m) {
    CrawlJob job =
        frontier.endDispatch(m.job().id(), m.dispatchId(), now(), Feedback.of(m.result()));
    if (job == null) {
      return this;
    }
    String target = m.result().location();
    int status = m.result().status();
    if (job.visited(target)) {
      recordWithoutFetch(job, FetchResult.failed("redirect-loop", "back to " + target, status, 0));
    } else if (job.redirects().size() >= settings.fetch().maxRedirects()) {
      recordWithoutFetch(
          job, FetchResult.failed("too-many-redirects", "next hop " + target, status, 0));
    } else if (!scope.allows(target)) {
      recordWithoutFetch(job.redirectedTo(target), FetchResult.skipped("out-of-scope", status));
    } else if (!frontier.claim(target)) {
      recordWithoutFetch(
          job.redirectedTo(target), FetchResult.skipped("duplicate-redirect-target", status));
    } else {
      frontier.requeue(job.redirectedTo(target));
    }
    return dispatch();
  }

  private Behavior<Command> onRobotsResult(Fetcher.RobotsAnswered m) {
    if (m.robots().unreachable()) {
      getContext().getLog().debug("robots.txt of {} unreachable: {}", m.host(), m.robots().error());
    }
    List<String> sitemaps = new ArrayList<>();
    for (String url : frontier.robotsFetched(m.dispatchId(), m.robots(), now())) {
      // robots.txt may list anything after "Sitemap:": keep what is an http(s) URL.
      String normalized = normalizer.normalize(url);
      if (normalized != null) {
        sitemaps.add(normalized);
      }
    }
    frontier.addSitemaps(sitemaps);
    return dispatch();
  }

  private Behavior<Command> onSitemapResult(Fetcher.SitemapAnswered m) {
    frontier.sitemapFetched(m.dispatchId(), now(), m.fetchMs());
    SitemapReader.Sitemap sitemap = m.sitemap();
    if (sitemap.error() != null) {
      sitemapErrors.merge(sitemap.error().replaceAll(":.*", ""), 1L, Long::sum);
      getContext().getLog().info("Sitemap {} not read: {}", m.url(), sitemap.error());
    }
    sitemapFiles++;
    for (String url : sitemap.urls()) {
      if (scope.allows(url) && frontier.admit(url, 0, m.url()) == Frontier.Admission.ADMITTED) {
        sitemapUrls++;
      }
    }
    frontier.addSitemaps(sitemap.children());
    return dispatch();
  }

  private Behavior<Command> onTick() {
    for (CrawlJob job : frontier.overdue(now())) {
      getContext()
          .getLog()
          .warn(
              "No answer for {} within {}: dispatching it again",
              job.fetchUrl(),
              settings.dispatchDeadline());
      if (job.redispatches() < settings.maxRedispatches()) {
        frontier.requeue(job.redispatched());
      } else {
        recordWithoutFetch(
            job,
            FetchResult.failed(
                "fetcher-crashed", "no answer within " + settings.dispatchDeadline(), 0, 0));
      }
    }
    Frontier.HostCounts counts = frontier.hostCounts(now());
    // Nothing more can be admitted (list mode, or the page limit reached): what is queued is all.
    boolean totalKnown =
        settings.maxDepth() == 0
            || (settings.maxPages() > 0 && frontier.admitted() >= settings.maxPages());
    collector.tell(
        new Collector.Report(
            frontier.queued(),
            frontier.dispatched(),
            frontier.hosts(),
            counts.active(),
            counts.paused(),
            counts.pauseReason(),
            totalKnown));
    return dispatch();
  }

  private Behavior<Command> onStop(Stop m) {
    if (stopping) {
      complete(); // asked twice: do not wait for the requests in flight any more
    } else {
      stopping = true;
      getContext().getLog().info("Stopping: {} requests in flight", frontier.dispatched());
    }
    return dispatch();
  }

  /** Hands out work while there is room, then checks whether the crawl is over. */
  private Behavior<Command> dispatch() {
    long now = now();
    if (!stopping && pageAnswers != null) {
      int decided = 0;
      while (frontier.dispatched() < settings.maxInFlight()) {
        if (decided >= MAX_RECORDS_PER_TURN) {
          // Records decided without a request (a given-up host's whole queue) go out in turns,
          // so that the other messages (the collector's flushes) are not held up.
          getContext().getSelf().tell(Wakeup.INSTANCE);
          break;
        }
        Frontier.Work work = frontier.poll(now);
        if (work == null) {
          break;
        }
        if (work instanceof Frontier.Skip) {
          decided++;
        }
        if (work instanceof Frontier.FetchPage p) {
          collector.tell(new Collector.Open(p.job().id(), p.dispatchId()));
          fetchers.tell(new Fetcher.Fetch(p.job(), p.dispatchId(), pageAnswers));
        } else if (work instanceof Frontier.FetchRobots r) {
          fetchers.tell(new Fetcher.FetchRobots(r.host(), r.dispatchId(), siteAnswers));
        } else if (work instanceof Frontier.FetchSitemap m) {
          fetchers.tell(
              new Fetcher.FetchSitemap(m.host(), m.url(), m.dispatchId(), siteAnswers));
        } else if (work instanceof Frontier.Skip k) {
          collector.tell(new Collector.Open(k.job().id(), 0));
          collector.tell(
              new Collector.Finish(
                  k.job(),
                  k.failed()
                      ? FetchResult.failed(k.reason(), k.error(), 0, 0)
                      : FetchResult.skipped(k.reason(), 0)));
        }
      }
    }
    if (stopping ? frontier.outstanding() == 0 : frontier.isIdle()) {
      complete();
    } else if (!stopping && frontier.dispatched() < settings.maxInFlight()) {
      long wakeup = frontier.nextWakeup();
      if (wakeup > now) {
        timers.startSingleTimer(Wakeup.INSTANCE, Duration.ofMillis(wakeup - now));
      }
    }
    return this;
  }

  private void recordWithoutFetch(CrawlJob job, FetchResult terminal) {
    frontier.awaitRecord(job);
    collector.tell(new Collector.Open(job.id(), 0));
    collector.tell(new Collector.Finish(job, terminal));
  }

  private void complete() {
    if (!completing) {
      completing = true;
      collector.tell(
          new Collector.Complete(stopping, frontier.queued(), politenessReport()));
    }
  }

  private CrawlSummary.Politeness politenessReport() {
    List<HostReport> reports = frontier.hostReports(now());
    Comparator<HostReport> slowest = Comparator.comparingLong(HostReport::avgFetchMs).reversed();
    Comparator<HostReport> failing = Comparator.comparingLong(HostReport::failures).reversed();
    return new CrawlSummary.Politeness(
        settings.robots().enabled(),
        frontier.robotsFetches(),
        sitemapFiles,
        sitemapUrls,
        sitemapErrors,
        reports.stream()
            .filter(h -> h.requests() > 0)
            .sorted(slowest.thenComparing(HostReport::host))
            .limit(TOP_HOSTS)
            .toList(),
        reports.stream()
            .filter(h -> h.failures() > 0)
            .sorted(failing.thenComparing(HostReport::host))
            .limit(TOP_HOSTS)
            .toList(),
        reports.stream()
            .filter(HostReport::crawlDelayCapped)
            .map(HostReport::host)
            .sorted()
            .toList());
  }

  private Behavior<Command> onOutputFlushed(Collector.OutputFlushed m) {
    frontier.commit(m.offset(), m.jobIds());
    return this;
  }

  private Behavior<Command> onCompleted(Collector.Completed m) {
    if (!m.summary().interrupted() && frontier.isIdle()) {
      store.putMeta(META_FINISHED, new byte[] {1});
      store.commit();
    }
    result.complete(m.summary());
    return Behaviors.stopped();
  }

  private Behavior<Command> onOutputFailed(Collector.OutputFailed m) {
    result.completeExceptionally(new CrawlException(m.message()));
    return Behaviors.stopped();
  }

  private Behavior<Command> onTerminated(Terminated t) {
    if (completing) {
      return this; // the collector's summary is on its way
    }
    if (!result.isDone()) {
      result.completeExceptionally(new CrawlException("the collector stopped unexpectedly"));
    }
    return Behaviors.stopped();
  }

  private Behavior<Command> onPostStop() {
    if (!result.isDone()) {
      result.completeExceptionally(new CrawlException("the crawl supervisor stopped unexpectedly"));
    }
    return this;
  }

  private long now() {
    return clock.now();
  }
}
