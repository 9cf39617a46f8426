package io.akkacrawler.collect;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlMessage;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.ResultSink;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.FetchResult;
import io.akkacrawler.frontier.CrawlJob;
import io.akkacrawler.frontier.CrawlSupervisor;
import io.akkacrawler.frontier.Feedback;
import io.akkacrawler.url.UrlNormalizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns the crawl's results: writes each URL's one record to the sink, keeps every counter, and only
 * then tells the supervisor the URL is done. Non-terminal answers (retry, redirect) go back to the
 * supervisor. It keeps the set of jobs still open, so a late or repeated answer for a job never
 * produces a second record. Stops when the supervisor stops the crawl.
 */
public final class Collector extends AbstractBehavior<Collector.Command> {
  public sealed interface Command extends CrawlMessage {}

  /**
   * The supervisor hands out this job: to a fetcher as dispatch {@code dispatchId}, or (with 0) for
   * a record it decides itself. Only answers of that dispatch are taken: a late answer of an
   * earlier one (a job dispatched again) is dropped, so it can never make a second record.
   */
  public record Open(long jobId, long dispatchId) implements Command {}

  /** A fetcher's answer for one dispatch. */
  public record Fetched(long dispatchId, CrawlJob job, FetchResult result) implements Command {}

  /**
   * A fetcher's answer relayed from another node: handled like {@link Fetched}, then acknowledged,
   * so that the node confirms the job only once its result is here.
   */
  public record Relayed(Fetched fetched, ActorRef<Ack> ackTo) implements Command {}

  /** The collector has a relayed answer; a repeat of the same answer is acknowledged again. */
  public record Ack(long dispatchId) implements CrawlMessage {}

  /** The supervisor decided the job's terminal result without (another) fetch. */
  public record Finish(CrawlJob job, FetchResult result) implements Command {}

  /** Frontier figures for the progress line. */
  public record Report(
      long queued,
      long inFlight,
      long hosts,
      long activeHosts,
      long pausedHosts,
      String pauseReason,
      boolean totalKnown)
      implements Command {}

  /** The crawl is over: flush, close the sink and answer with the summary. */
  public record Complete(
      boolean interrupted,
      long notCrawled,
      CrawlSummary.Politeness politeness,
      ActorRef<CrawlSupervisor.Command> replyTo)
      implements Command {}

  private enum FlushTick implements Command {
    INSTANCE
  }

  private final CrawlSettings settings;
  private final ResultSink sink;
  private final CrawlListener listener;
  private final ActorRef<CrawlSupervisor.Command> supervisor;
  private final CrawlStats stats = new CrawlStats();

  /** Jobs that may still get their record, with the dispatch whose answer is awaited. */
  private final Map<Long, Long> open = new HashMap<>();

  private boolean completed;
  private final boolean durable;

  /** Jobs whose records were written since the last flush. */
  private List<Long> unflushed = new ArrayList<>();

  private final long startNanos = System.nanoTime();
  private boolean sinkFailed;

  /**
   * @param durable sync the output to disk at each flush (a resumable crawl): the supervisor
   *     commits the flushed records' jobs only after that
   */
  public static Behavior<Command> create(
      CrawlSettings settings,
      ResultSink sink,
      CrawlListener listener,
      ActorRef<CrawlSupervisor.Command> supervisor,
      boolean durable) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new Collector(context, timers, settings, sink, listener, supervisor, durable)));
  }

  private Collector(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      CrawlSettings settings,
      ResultSink sink,
      CrawlListener listener,
      ActorRef<CrawlSupervisor.Command> supervisor,
      boolean durable) {
    super(context);
    this.durable = durable;
    this.settings = settings;
    this.sink = sink;
    this.listener = listener;
    this.supervisor = supervisor;
    timers.startTimerWithFixedDelay(FlushTick.INSTANCE, settings.flushInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(
            Open.class,
            m -> {
              open.put(m.jobId(), m.dispatchId());
              return this;
            })
        .onMessage(Fetched.class, this::onFetched)
        .onMessage(
            Relayed.class,
            m -> {
              Long awaited = open.get(m.fetched().job().id());
              if (awaited != null && awaited == m.fetched().dispatchId()) {
                // Counted here, where each answer arrives once, so a node killed before it could
                // report its own count is not undercounted.
                answersByNode.merge(nodeOf(m.ackTo()), 1L, Long::sum);
              }
              onFetched(m.fetched());
              m.ackTo().tell(new Ack(m.fetched().dispatchId()));
              return this;
            })
        .onMessage(
            Finish.class,
            m -> {
              write(m.job(), m.result());
              return this;
            })
        .onMessage(Report.class, this::onReport)
        .onMessage(Complete.class, this::onComplete)
        .onMessageEquals(FlushTick.INSTANCE, this::onFlushTick)
        .build();
  }

  private Behavior<Command> onFetched(Fetched m) {
    Long awaited = open.get(m.job().id());
    if (awaited == null || awaited != m.dispatchId()) {
      return this; // the answer of a dispatch that is over: recorded, or superseded
    }
    switch (m.result().kind()) {
      case RETRY, CRASHED, RESTARTED -> {
        stats.retried();
        supervisor.tell(new CrawlSupervisor.RetryLater(m.job(), m.dispatchId(), m.result()));
      }
      case REDIRECT -> {
        stats.redirected();
        supervisor.tell(new CrawlSupervisor.Redirected(m.job(), m.dispatchId(), m.result()));
      }
      default -> write(m.job(), m.result());
    }
    return this;
  }

  private void write(CrawlJob job, FetchResult result) {
    if (open.remove(job.id()) == null || sinkFailed || completed) {
      return;
    }
    CrawlRecord record = Records.of(job, result, settings.parse().extract());
    try {
      sink.accept(record);
    } catch (IOException | RuntimeException e) {
      failSink(e);
      return;
    }
    stats.recorded(record, hostOf(job.url()));
    unflushed.add(job.id());
    supervisor.tell(new CrawlSupervisor.PageDone(job, result.follow(), Feedback.of(result)));
  }

  private Behavior<Command> onReport(Report m) {
    listener.onProgress(stats.progress(elapsedMs(), m));
    return this;
  }

  private Behavior<Command> onFlushTick() {
    flushOutput();
    return this;
  }

  /**
   * Flushes (and, for a resumable crawl, syncs) the output, then tells the supervisor which jobs'
   * records it now holds, so that they can leave the frontier's store.
   */
  private void flushOutput() {
    if (sinkFailed) {
      return;
    }
    try {
      if (durable) {
        sink.sync();
      } else {
        sink.flush();
      }
    } catch (IOException | RuntimeException e) {
      failSink(e);
      return;
    }
    if (!unflushed.isEmpty()) {
      supervisor.tell(new CrawlSupervisor.OutputFlushed(sink.position(), unflushed));
      unflushed = new ArrayList<>();
    }
  }

  private Behavior<Command> onComplete(Complete m) {
    flushOutput();
    completed = true; // answers that come after the end (a second Ctrl-C) are not written
    if (!sinkFailed) {
      try {
        sink.close();
      } catch (IOException | RuntimeException e) {
        failSink(e);
      }
    }
    m.replyTo()
        .tell(
            new CrawlSupervisor.Completed(
                stats.summary(
                    elapsedMs(),
                    m.interrupted(),
                    // Jobs still open were abandoned by a second stop: they have no record either.
                    m.notCrawled() + (m.interrupted() ? open.size() : 0),
                    m.politeness(),
                    answersByNode)));
    return this;
  }

  private void failSink(Exception e) {
    sinkFailed = true;
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    // The crawl ends with this as its error: whoever started it reports it (the CLI in one line).
    getContext().getLog().debug("Cannot write the output: {}", message);
    supervisor.tell(new CrawlSupervisor.OutputFailed("cannot write the output: " + message));
  }

  /** Answers relayed by each node ("host:port"), in cluster mode. */
  private final Map<String, Long> answersByNode = new java.util.TreeMap<>();

  private String nodeOf(ActorRef<?> ref) {
    akka.actor.Address a = ref.path().address();
    if (a.host().isEmpty()) {
      a = getContext().getSystem().address(); // a slot on this node
    }
    return a.host().getOrElse(() -> "local") + ":" + a.port().getOrElse(() -> 0);
  }

  private static String hostOf(String url) {
    try {
      return UrlNormalizer.hostKey(url);
    } catch (IllegalArgumentException unusable) {
      return "(invalid URLs)";
    }
  }

  private long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
