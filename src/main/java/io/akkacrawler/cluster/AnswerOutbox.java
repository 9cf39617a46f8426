package io.akkacrawler.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.akkacrawler.fetch.AnswerBatch;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.FetchResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's way out for its slots' small page answers: under load it holds them for a few
 * milliseconds and sends those for the same asker as one {@link AnswerBatch}, so that the
 * coordinator takes tens of answers per message instead of waking its transport and its collector
 * for each page (on a busy machine those wake-ups cost more than the answers). Answers are counted
 * in windows of {@link #LINGER}: a window's answers go at once until the {@link #LOAD}-th, and from
 * that one on they leave together when it closes, or earlier when their batch is full (by count or
 * by their size, far below Akka's frame size); after a window that had {@link #LOAD} or more, the
 * next one holds them from the first. So a node that answers slowly, or a crawl with few jobs in
 * flight (a few per host), adds no wait to its answers: a job's next one waits for its answer. An
 * answer that may be large, or that is not a page's, is sent at once, after the batch for its asker
 * (answers keep their order). Every answer that passes leaves out the links to follow that the
 * coordinator took from the node's earlier answers ({@link TakenLinks}): one cache for all the
 * node's slots, which tell the outbox (through their {@link Relay}) which of their answers the
 * coordinator took. One per node.
 */
final class AnswerOutbox extends AbstractBehavior<AnswerOutbox.Command> {
  sealed interface Command extends NoSerializationVerificationNeeded {}

  /** Send {@code reply} to {@code asker}; {@code size}: its characters of text (an estimate). */
  record Send(ActorRef<Fetcher.Reply> asker, Fetcher.Reply reply, long size) implements Command {}

  /**
   * The coordinator took the answer of dispatch {@code dispatchId}, and {@code admitted} its links
   * to follow or not ({@link TakenLinks}).
   */
  record Answered(long dispatchId, boolean admitted) implements Command {}

  private enum Flush implements Command {
    INSTANCE
  }

  /** How long a window gathers answers (rounded up to the scheduler's tick). */
  static final Duration LINGER = Duration.ofMillis(5);

  /** A window holds its answers from the one of this number on (see the class comment). */
  static final int LOAD = 8;

  /** At most this many answers in one message. */
  static final int MAX_ANSWERS = 64;

  /**
   * At most this many characters of text in one message's answers. With the fields that are not
   * text and characters of up to three bytes, a batch stays below the size that {@link Relay} sends
   * whole.
   */
  static final long MAX_CHARS = 32 * 1024;

  /** Answers over this many characters are sent at once, alone. */
  static final long SMALL = 8 * 1024;

  private final TimerScheduler<Command> timers;
  private final Map<ActorRef<Fetcher.Reply>, Batch> batches = new LinkedHashMap<>();

  private final Duration linger;

  /** Page answers in the current window. */
  private int seen;

  /** The last window had {@link #LOAD} answers or more: this one holds them from the first. */
  private boolean loaded;

  /** The links the coordinator took from this node's answers: later answers leave them out. */
  private final TakenLinks links = new TakenLinks();

  /**
   * An outbox whose windows last {@code linger} ({@link #LINGER} on a node). Restarted if it ever
   * fails: the answers it held are sent again by their slots, which wait for receipts (a robots.txt
   * or sitemap answer is redone at its deadline).
   */
  static Behavior<Command> create(Duration linger) {
    return Behaviors.supervise(
            Behaviors.<Command>setup(
                context ->
                    Behaviors.withTimers(timers -> new AnswerOutbox(context, timers, linger))))
        .onFailure(SupervisorStrategy.restart());
  }

  private AnswerOutbox(
      ActorContext<Command> context, TimerScheduler<Command> timers, Duration linger) {
    super(context);
    this.timers = timers;
    this.linger = linger;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Send.class, this::onSend)
        .onMessage(Answered.class, this::onAnswered)
        .onMessageEquals(Flush.INSTANCE, this::onFlush)
        .build();
  }

  private Behavior<Command> onSend(Send s) {
    Fetcher.Reply reply = withoutTakenLinks(s.reply());
    boolean page = reply instanceof Fetcher.Fetched || reply instanceof NodeParts.Recorded;
    if (!page || s.size() > SMALL) {
      Batch batch = batches.remove(s.asker());
      if (batch != null) {
        batch.send(s.asker());
      }
      s.asker().tell(reply);
      return this;
    }
    if (!timers.isTimerActive(Flush.INSTANCE)) {
      timers.startSingleTimer(Flush.INSTANCE, linger); // after a quiet spell
      seen = 0;
      loaded = false;
    }
    if (++seen < LOAD && !loaded) {
      // Light load: batching would only add its wait to the answer's round trip. (No batch for
      // the asker can be waiting: a window holds answers only from its LOAD-th on.)
      s.asker().tell(reply);
      return this;
    }
    Batch batch = batches.computeIfAbsent(s.asker(), a -> new Batch());
    batch.add(reply, s.size());
    if (batch.count() >= MAX_ANSWERS || batch.chars >= MAX_CHARS) {
      batches.remove(s.asker()).send(s.asker());
    }
    return this;
  }

  private Behavior<Command> onAnswered(Answered a) {
    links.answered(a.dispatchId(), a.admitted());
    return this;
  }

  /** {@code reply} without the links to follow that the coordinator took from earlier answers. */
  private Fetcher.Reply withoutTakenLinks(Fetcher.Reply reply) {
    if (reply instanceof Fetcher.Fetched f && f.result() instanceof FetchResult.Fetched page) {
      FetchResult.Fetched kept = unsent(f.dispatchId(), page);
      return kept == page
          ? f
          : new Fetcher.Fetched(
              f.dispatchId(), f.job(), kept, f.setCookies(), f.confirmTo(), f.archived());
    }
    if (reply instanceof NodeParts.Recorded r && r.result() instanceof FetchResult.Fetched page) {
      FetchResult.Fetched kept = unsent(r.dispatchId(), page);
      return kept == page
          ? r
          : new NodeParts.Recorded(
              r.dispatchId(), r.job(), kept, r.links(), r.setCookies(), r.confirmTo(), r.part());
    }
    return reply;
  }

  private FetchResult.Fetched unsent(long dispatchId, FetchResult.Fetched page) {
    List<String> follow = links.unsent(dispatchId, page.follow());
    return follow == page.follow()
        ? page
        : new FetchResult.Fetched(page.response(), page.page(), follow);
  }

  /**
   * The window is over: what it held leaves, and a new one opens only if it had answers (holding
   * them from the first if it had {@link #LOAD} or more).
   */
  private Behavior<Command> onFlush() {
    batches.forEach((asker, batch) -> batch.send(asker));
    batches.clear();
    loaded = seen >= LOAD;
    if (seen > 0) {
      seen = 0;
      timers.startSingleTimer(Flush.INSTANCE, linger);
    }
    return this;
  }

  /** The answers waiting for one asker. */
  private static final class Batch {
    private final List<Fetcher.Fetched> pages = new ArrayList<>();
    private final List<NodeParts.Recorded> recorded = new ArrayList<>();
    private long chars;

    void add(Fetcher.Reply reply, long size) {
      if (reply instanceof Fetcher.Fetched f) {
        pages.add(f);
      } else {
        recorded.add((NodeParts.Recorded) reply);
      }
      chars += size;
    }

    int count() {
      return pages.size() + recorded.size();
    }

    void send(ActorRef<Fetcher.Reply> asker) {
      if (count() == 1) {
        asker.tell(pages.isEmpty() ? recorded.get(0) : pages.get(0));
      } else {
        asker.tell(new AnswerBatch(pages, recorded));
      }
    }
  }
}
