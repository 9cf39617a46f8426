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
import io.akkacrawler.HostReport;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.AnswerBatch;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.CrawlJob;
import io.akkacrawler.job.Feedback;
import io.akkacrawler.job.FetchResult;
import io.akkacrawler.warc.ArchivedExchange;
import io.akkacrawler.warc.WarcPosition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Owns the crawl's results: writes each URL's one record to the sink, keeps every counter, and only
 * then tells the supervisor the URL is done. Non-terminal answers (retry, redirect) go back to the
 * supervisor. It keeps the set of jobs still open, so a late or repeated answer for a job never
 * produces a second record. With WARC files it writes each answer's exchanges before passing the
 * answer on (robots.txt and sitemap answers too), so that a commit covers the files as far as the
 * supervisor's state. Stops when the supervisor stops the crawl.
 */
public final class Collector extends AbstractBehavior<Collector.Command> {
  public sealed interface Command extends CrawlMessage {}

  /**
   * The supervisor hands out this job: to a fetcher as dispatch {@code dispatchId}, or (with 0) for
   * a record it decides itself. Only answers of that dispatch are taken: a late answer of an
   * earlier one (a job dispatched again) is dropped, so it can never make a second record.
   */
  public record Open(long jobId, long dispatchId) implements Command {}

  /** Cluster node {@code nodeName} left ({@link io.akkacrawler.fetch.NodeParts#nodeName}). */
  public record NodeGone(String nodeName) implements Command {}

  /** A fetcher's answer (adapted from {@link Fetcher.Reply}). */
  private record Answered(Fetcher.Reply reply)
      implements Command, akka.actor.NoSerializationVerificationNeeded {}

  /** The supervisor decided the job's terminal result without (another) fetch. */
  public record Finish(CrawlJob job, FetchResult result) implements Command {}

  /**
   * Frontier figures for the progress line and the live dashboard ({@code slowestHosts} and {@code
   * failingHosts}: the greatest first).
   */
  public record Report(
      long queued,
      long inFlight,
      long hosts,
      long activeHosts,
      long pausedHosts,
      String pauseReason,
      boolean totalKnown,
      Map<String, Integer> pausedByReason,
      long robotsRequests,
      long storeCommits,
      List<HostReport> slowestHosts,
      List<HostReport> failingHosts)
      implements Command {
    public Report {
      pausedByReason = Map.copyOf(pausedByReason);
      slowestHosts = List.copyOf(slowestHosts);
      failingHosts = List.copyOf(failingHosts);
    }
  }

  /** The crawl is over: flush, close the sink and answer {@link Completed} with the summary. */
  public record Complete(boolean interrupted, long notCrawled, CrawlSummary.Politeness politeness)
      implements Command {}

  /** What the collector tells the one who started it (the supervisor, which adapts it). */
  public sealed interface Event extends CrawlMessage {}

  /** Fetchers' answers go to {@code answers} (give it as their {@code replyTo}). */
  public record Started(ActorRef<Fetcher.Reply> answers) implements Event {}

  /**
   * The job's record is written; {@code follow} are the links to offer to the frontier and {@code
   * feedback} what the answer says about the host.
   */
  public record PageDone(CrawlJob job, List<String> follow, Feedback feedback) implements Event {}

  /**
   * A node that writes its own part took the job's page: {@code follow}, its links to follow, are
   * admitted now; the job is done with its {@link PageDone} once the part holds the record.
   */
  public record LinksFound(CrawlJob job, List<String> follow) implements Event {}

  /** A dispatch ended with a failure worth another attempt (or a crashed fetcher). */
  public record RetryLater(CrawlJob job, long dispatchId, FetchResult result) implements Event {}

  /** A dispatch ended with a redirect to {@code result.location()}, which set cookies or not. */
  public record Redirected(
      CrawlJob job, long dispatchId, FetchResult.Redirect result, boolean setCookies)
      implements Event {}

  /** A robots.txt or sitemap answer, passed on once its exchanges are in the WARC files. */
  public record SiteAnswered(Fetcher.Reply reply) implements Event {}

  /**
   * The response to {@code url} set cookies: its {@code Set-Cookie} headers, for the crawl's jar.
   * Told before the answer's own event, so the jar has them before the next request is dispatched.
   */
  public record CookiesReceived(String url, List<String> setCookies) implements Event {
    public CookiesReceived {
      setCookies = List.copyOf(setCookies);
    }
  }

  /**
   * The output holds every record of {@code jobIds} up to byte {@code offset} (-1 when the sink has
   * no position), and the WARC files (if any) every exchange up to {@code warc}: those jobs can
   * leave the frontier's store.
   */
  public record OutputFlushed(
      long offset, List<Long> jobIds, WarcPosition warc, Map<String, Long> parts) implements Event {
    public OutputFlushed {
      jobIds = List.copyOf(jobIds);
      parts = parts == null ? Map.of() : Map.copyOf(parts);
    }
  }

  /** The output was closed and the crawl summed up. */
  public record Completed(CrawlSummary summary) implements Event {}

  /** The output cannot be written: the crawl stops with this error. */
  public record OutputFailed(String message) implements Event {}

  /** Sends the receipts owed to cluster nodes, after the answers that came together. */
  private enum SendReceipts implements Command {
    INSTANCE
  }

  private enum FlushTick implements Command {
    INSTANCE
  }

  private final CrawlSettings settings;

  /** The records' sink and the WARC files, if any. */
  private final Outputs outputs;

  private final CrawlListener listener;
  private final ActorRef<Event> supervisor;
  private final CrawlStats stats = new CrawlStats();

  private final OpenJobs open = new OpenJobs();

  private boolean completed;

  /** Jobs whose records were written since the last flush. */
  private List<Long> unflushed = new ArrayList<>();

  /** The time the crawl's figures are measured with (System::nanoTime but in tests). */
  private final LongSupplier nanoClock;

  private final long startNanos;
  private boolean sinkFailed;

  /** The answers of nodes that write their own output parts (if they do). */
  private final RemoteAnswers nodes;

  private final ReceiptBatches receipts;

  /** A collector writing the records (and the WARC files, if any) to {@code outputs}. */
  public static Behavior<Command> create(
      CrawlSettings settings, Outputs outputs, CrawlListener listener, ActorRef<Event> supervisor) {
    return create(settings, outputs, listener, supervisor, System::nanoTime);
  }

  /** As the other {@code create}, with elapsed time read from {@code nanoClock} (for tests). */
  public static Behavior<Command> create(
      CrawlSettings settings,
      Outputs outputs,
      CrawlListener listener,
      ActorRef<Event> supervisor,
      LongSupplier nanoClock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new Collector(
                        context, timers, settings, outputs, listener, supervisor, nanoClock)));
  }

  private Collector(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      CrawlSettings settings,
      Outputs outputs,
      CrawlListener listener,
      ActorRef<Event> supervisor,
      LongSupplier nanoClock) {
    super(context);
    this.outputs = outputs;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
    this.settings = settings;
    this.listener = listener;
    this.supervisor = supervisor;
    this.receipts = new ReceiptBatches(() -> context.getSelf().tell(SendReceipts.INSTANCE));
    this.nodes =
        new RemoteAnswers(outputs.parts(), open, stats, listener, supervisor, context, receipts);
    timers.startTimerWithFixedDelay(FlushTick.INSTANCE, settings.flushInterval());
    supervisor.tell(new Started(context.messageAdapter(Fetcher.Reply.class, Answered::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(
            Open.class,
            m -> {
              open.open(m.jobId(), m.dispatchId());
              nodes.dispatched(m.jobId(), m.dispatchId());
              return this;
            })
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(NodeGone.class, m -> nodes.nodeGone(m.nodeName(), this))
        .onMessage(
            Finish.class,
            m -> {
              write(m.job(), m.result());
              return this;
            })
        .onMessage(Report.class, this::onReport)
        .onMessage(Complete.class, this::onComplete)
        .onMessageEquals(FlushTick.INSTANCE, this::flushOutput)
        .onMessageEquals(SendReceipts.INSTANCE, () -> receipts.send(this))
        .build();
  }

  private Behavior<Command> onAnswered(Answered a) {
    if (a.reply() instanceof AnswerBatch batch) {
      batch.answers().forEach(m -> onAnswered(new Answered(m)));
      return this;
    }
    if (a.reply() instanceof NodeParts.Recorded r) {
      nodes.recorded(r, !sinkFailed && !completed);
      return this;
    }
    if (a.reply() instanceof NodeParts.Flushed f) {
      unflushed.addAll(nodes.flushed(f));
      return this;
    }
    if (!(a.reply() instanceof Fetcher.Fetched m)) {
      if (a.reply() instanceof Fetcher.RobotsAnswered r) {
        archive(r.archived());
      } else if (a.reply() instanceof Fetcher.SitemapAnswered r) {
        archive(r.archived());
      }
      supervisor.tell(new SiteAnswered(a.reply()));
      return this;
    }
    if (m.confirmTo() != null) {
      nodes.relayed(m, !sinkFailed && !completed);
    }
    return onFetched(m);
  }

  private Behavior<Command> onFetched(Fetcher.Fetched m) {
    if (!open.awaits(m.job().id(), m.dispatchId())) {
      return this; // the answer of a dispatch that is over: recorded, or superseded
    }
    if (!archive(m.archived())) {
      return this;
    }
    if (!m.setCookies().isEmpty()) {
      supervisor.tell(new CookiesReceived(m.job().fetchUrl(), m.setCookies()));
    }
    if (m.result() instanceof FetchResult.Redirect redirect) {
      stats.redirected();
      listener.onRedirect(redirect.response().fetchMs());
      open.waiting(m.job().id()); // its next hop is queued: not in flight
      supervisor.tell(new Redirected(m.job(), m.dispatchId(), redirect, !m.setCookies().isEmpty()));
    } else if (m.result().terminal()) {
      write(m.job(), m.result());
    } else {
      if (!(m.result() instanceof FetchResult.Retry)
          || m.job().attempt() < settings.retry().maxAttempts()) {
        stats.retried(); // (its last attempt is a failure, not a retry)
        listener.onRetry(m.result().reasonLabel(), m.result().response().fetchMs());
      }
      open.waiting(m.job().id());
      supervisor.tell(new RetryLater(m.job(), m.dispatchId(), m.result()));
    }
    return this;
  }

  private void write(CrawlJob job, FetchResult result) {
    if (!open.close(job.id()) || sinkFailed || completed) {
      return;
    }
    CrawlRecord record = Records.of(job, result, settings.parse().extract());
    try {
      outputs.accept(record);
    } catch (IOException | RuntimeException e) {
      failSink("the output", e);
      return;
    }
    stats.recorded(record, job.url(), record.links().size());
    listener.onRecord(record);
    unflushed.add(job.id());
    List<String> follow = result instanceof FetchResult.Fetched f ? f.follow() : List.of();
    supervisor.tell(new PageDone(job, follow, Feedback.of(result)));
  }

  /** Writes exchanges to the WARC files; false when the output has failed. */
  private boolean archive(List<ArchivedExchange> exchanges) {
    if (sinkFailed || completed || exchanges.isEmpty()) {
      return !sinkFailed;
    }
    try {
      outputs.archive(exchanges);
      return true;
    } catch (IOException | RuntimeException e) {
      failSink("the WARC files", e);
      return false;
    }
  }

  private Behavior<Command> onReport(Report m) {
    listener.onProgress(stats.progress(elapsedMs(), m));
    return this;
  }

  /**
   * Flushes (and, for a resumable crawl, syncs) the output, then tells the supervisor which jobs'
   * records it now holds, so that they can leave the frontier's store.
   */
  private Behavior<Command> flushOutput() {
    if (sinkFailed) {
      return this;
    }
    Map<String, Long> parts;
    try {
      outputs.flush();
      parts = !unflushed.isEmpty() || outputs.partsChanged() ? outputs.commitParts() : null;
    } catch (IOException | RuntimeException e) {
      failSink("the output", e);
      return this;
    }
    if (parts != null) {
      supervisor.tell(
          new OutputFlushed(outputs.offset(), unflushed, outputs.warcPosition(), parts));
      unflushed = new ArrayList<>();
    }
    return this;
  }

  private Behavior<Command> onComplete(Complete m) {
    flushOutput();
    completed = true; // answers that come after the end (a second Ctrl-C) are not written
    if (!sinkFailed) {
      try {
        outputs.close(!m.interrupted());
      } catch (IOException | RuntimeException e) {
        failSink("the output", e);
      }
    }
    supervisor.tell(
        new Completed(
            stats.summary(
                elapsedMs(),
                m.interrupted(),
                // Jobs in flight were abandoned by a second stop: they have no record either.
                m.notCrawled() + (m.interrupted() ? open.inFlight() : 0),
                m.politeness())));
    return this;
  }

  private void failSink(String what, Exception e) {
    sinkFailed = true;
    String message = "cannot write " + what + ": " + (e.getMessage() == null ? e : e.getMessage());
    // The crawl ends with this as its error: whoever started it reports it (the CLI in one line).
    getContext().getLog().debug(message);
    supervisor.tell(new OutputFailed(message));
  }

  private long elapsedMs() {
    return (nanoClock.getAsLong() - startNanos) / 1_000_000;
  }
}
