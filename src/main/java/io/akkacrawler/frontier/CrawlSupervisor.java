package io.akkacrawler.frontier;

import akka.actor.NoSerializationVerificationNeeded;
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
import io.akkacrawler.collect.Collector;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.parse.SitemapReader;
import io.akkacrawler.state.CrawlStore;
import io.akkacrawler.state.StoreException;
import io.akkacrawler.url.Scope;
import io.akkacrawler.url.UrlNormalizer;
import java.time.Duration;
import java.util.SplittableRandom;
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

  /** A cluster node left the crawl: its jobs are done again (see {@link Collector.NodeGone}). */
  public record NodeGone(String nodeName) implements Command {}

  /** Stop dispatching, let the in-flight URLs finish, then end (a second Stop ends at once). */
  public record Stop() implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private enum Wakeup implements Command {
    INSTANCE
  }

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final int MAX_RECORDS_PER_TURN = 500;

  /** Store metadata: the crawl ran to its end (the seeds' mark: {@link Frontier#seeded}). */
  private static final String META_FINISHED = "finished";

  private final CrawlSettings settings;
  private final CrawlClock clock;
  private final TimerScheduler<Command> timers;
  private final CompletableFuture<CrawlSummary> result;
  private final CrawlStore store;
  private final Frontier frontier;
  private final Admissions admissions;
  private final Verdicts verdicts;
  private final SupervisorReports reports;
  private final ActorRef<Collector.Command> collector;
  private final Outbox outbox;

  /** Where fetchers send page answers: the collector's, once it has started. */
  private ActorRef<Fetcher.Reply> pageAnswers;

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
    UrlNormalizer normalizer = new UrlNormalizer(settings.maxUrlLength());
    Scope scope = settings.crawlScope(normalizer);
    this.frontier = new Frontier(settings, UrlNormalizer::hostKey, store, now(), clock.epochMs());
    this.admissions = new Admissions(frontier, normalizer, scope);
    this.verdicts =
        new Verdicts(
            settings,
            scope,
            new RetryPolicy(settings.retry(), settings.maxRedispatches(), new SplittableRandom()));
    this.reports = new SupervisorReports(settings);
    this.collector =
        workers.spawnCollector(
            context, context.messageAdapter(Collector.Event.class, FromCollector::new));
    context.watch(collector);
    this.outbox = new Outbox(collector, workers.spawnFetchers(context));

    if (!Frontier.seeded(store)) {
      admissions.seeds(settings.seeds());
      // The seeds are part of the state from here on: a resume does not admit them again.
      store.putMeta(Frontier.META_SEEDED, new byte[] {1});
      store.commit();
    }
    timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
    dispatch();
  }

  @Override
  public Receive<Command> createReceive() {
    // A store failure ends the crawl with a clear error; the state on disk is as of the last
    // commit, so the crawl can be resumed.
    return StoreFailures.guard(receiveBuilder(), this::fail);
  }

  private Behavior<Command> fail(StoreException e) {
    // The crawl's own error says it, once, where it ends (the command line's one line).
    getContext().getLog().debug("Crawl state failure: {}", e.getMessage());
    result.completeExceptionally(new CrawlException(e.getMessage()));
    return Behaviors.stopped();
  }

  private Receive<Command> receiveBuilder() {
    return newReceiveBuilder()
        .onMessage(FromCollector.class, m -> onCollectorEvent(m.event()))
        .onMessage(Stop.class, this::onStop)
        .onMessage(NodeGone.class, this::onNodeGone)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(Wakeup.INSTANCE, this::dispatch)
        .onSignal(Terminated.class, this::onTerminated)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onCollectorEvent(Collector.Event event) {
    if (event instanceof Collector.PageDone m) {
      return onPageDone(m);
    } else if (event instanceof Collector.LinksFound m) {
      admissions.links(m.job(), m.follow()); // dispatched with the page's PageDone, right after
    } else if (event instanceof Collector.RetryLater m) {
      return onRetryLater(m);
    } else if (event instanceof Collector.Redirected m) {
      return onRedirected(m);
    } else if (event instanceof Collector.SiteAnswered m) {
      return onSiteAnswer(m.reply());
    } else if (event instanceof Collector.OutputFlushed m) {
      return onOutputFlushed(m);
    } else if (event instanceof Collector.Completed m) {
      return onCompleted(m);
    } else if (event instanceof Collector.OutputFailed m) {
      return onOutputFailed(m);
    } else if (event instanceof Collector.CookiesReceived m) {
      frontier.cookiesReceived(m.url(), m.setCookies());
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
    return this; // page answers are the collector's
  }

  private Behavior<Command> onPageDone(Collector.PageDone m) {
    if (frontier.complete(m.job().id(), now(), m.feedback())) {
      admissions.links(m.job(), m.follow());
    }
    return dispatch();
  }

  private Behavior<Command> onRetryLater(Collector.RetryLater m) {
    CrawlJob job =
        frontier.endDispatch(m.job().id(), m.dispatchId(), now(), Feedback.of(m.result()));
    if (job == null) {
      return this; // the answer of a dispatch that was already superseded
    }
    apply(verdicts.retry(job, m.result(), now()));
    return dispatch();
  }

  private Behavior<Command> onRedirected(Collector.Redirected m) {
    CrawlJob job =
        frontier.endDispatch(m.job().id(), m.dispatchId(), now(), Feedback.of(m.result()));
    if (job != null) { // else the answer of a dispatch that was already superseded
      apply(
          verdicts.redirect(
              job, m.result().location(), m.result().response(), m.setCookies(), frontier::claim));
    }
    return dispatch();
  }

  private Behavior<Command> onRobotsResult(Fetcher.RobotsAnswered m) {
    if (m.robots().unreachable()) {
      getContext().getLog().debug("robots.txt of {}: {}", m.host(), m.robots().reason());
    }
    admissions.robotsSitemaps(frontier.robotsFetched(m.dispatchId(), m.robots(), now()));
    return dispatch();
  }

  private Behavior<Command> onSitemapResult(Fetcher.SitemapAnswered m) {
    frontier.sitemapFetched(m.dispatchId(), now(), m.fetchMs());
    SitemapReader.Sitemap sitemap = m.sitemap();
    if (sitemap.error() != null) {
      getContext().getLog().info("Sitemap {} not read: {}", m.url(), sitemap.error());
    }
    reports.sitemapRead(sitemap.error());
    reports.sitemapUrlsAdmitted(admissions.sitemap(sitemap, m.url()));
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
      apply(verdicts.overdue(job));
    }
    collector.tell(reports.progress(frontier, now()));
    return dispatch();
  }

  private Behavior<Command> onNodeGone(NodeGone m) {
    outbox.nodeGone(m.nodeName());
    return this;
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
        outbox.send(work, pageAnswers);
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

  private void apply(Verdicts.Verdict verdict) {
    if (verdict instanceof Verdicts.Requeue r) {
      frontier.requeue(r.job());
    } else if (verdict instanceof Verdicts.RetryAt r) {
      frontier.retryAt(r.job(), r.notBefore());
    } else if (verdict instanceof Verdicts.Record r) {
      frontier.awaitRecord(r.job()); // outstanding until the collector has written its record
      outbox.record(r.job(), r.result());
    }
  }

  private void complete() {
    if (!completing) {
      completing = true;
      collector.tell(
          new Collector.Complete(stopping, frontier.queued(), reports.politeness(frontier, now())));
    }
  }

  private Behavior<Command> onOutputFlushed(Collector.OutputFlushed m) {
    frontier.commit(m.offset(), m.jobIds(), m.warc(), m.parts());
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
    if (!completing && !result.isDone()) {
      result.completeExceptionally(new CrawlException("the collector stopped unexpectedly"));
    }
    return completing ? this : Behaviors.stopped(); // completing: its summary is on its way
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
