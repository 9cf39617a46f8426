package io.akkacrawler.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.collect.PartWriter;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.NodeParts;
import io.akkacrawler.job.FetchResult;
import java.time.Duration;
import java.util.List;

/**
 * One fetch slot of a node: takes one job at a time from its node's {@link JobFeed}, has the node's
 * fetchers do it, relays the answer to the job's asker (the collector's or the supervisor's ref on
 * the coordinator) and tells the feed it is free only once the asker received it — so the
 * coordinator counts the job as held by this node until then (and gives it to another node if this
 * one leaves), and a relayed answer that gets lost is sent again. Answers too large for one message
 * go in chunks through the {@link Relay}, small ones in batches through the node's {@link
 * AnswerOutbox}. When the node writes its own output part, a page's answer goes compact ({@link
 * NodeParts.Recorded}); once the asker takes it, the slot has the node's {@link PartWriter} append
 * the record (and its exchanges, into the node's WARC files) and is free when the part is flushed.
 * The outbox leaves out of a page's answer the links to follow that the asker took from the node's
 * earlier answers ({@link TakenLinks}): the slot tells it, through the relay, which answers were
 * taken. A child of its node's {@link JobFeed}.
 */
final class WorkerSlot extends AbstractBehavior<WorkerSlot.Command> {
  /** Local messages only (adapters and timers): never checked for serialization. */
  sealed interface Command extends NoSerializationVerificationNeeded {}

  /** A job from the node's feed. */
  record Run(Fetcher.Command job) implements Command {}

  /** The node's fetchers answered the job. */
  private record Answered(Fetcher.Reply reply) implements Command {}

  /** The asker holds the relayed answer (its receipt, passed on by the feed). */
  record Received(Fetcher.Received received) implements Command {}

  /** The node's part holds the record. */
  private record Written(PartWriter.Written written) implements Command {}

  private enum Resend implements Command {
    INSTANCE
  }

  /** How long a relayed answer waits for its confirmation before it is sent again. */
  static final Duration RESEND_AFTER = Duration.ofSeconds(5);

  private final TimerScheduler<Command> timers;
  private final ActorRef<Fetcher.Command> fetchers;
  private final ActorRef<WorkerNode.Command> node;
  private final ActorRef<JobFeed.Command> feed;
  private final ActorRef<Fetcher.Reply> answers;

  /** The node's feed's address for receipts (which it passes on to the slot). */
  private final ActorRef<Fetcher.Receipt> receipts;

  private final ActorRef<PartWriter.Written> written;
  private final Relay relay;
  private final CrawlListener listener;

  /** The node's output part, or null when the coordinator writes every record. */
  private final NodePart part;

  /** The job this slot is doing, or null when it is free. */
  private Fetcher.Command current;

  private ActorRef<Fetcher.Reply> asker;
  private Fetcher.Fetched unconfirmed;

  private Relay.Outgoing sending;

  /** The answer whose record waits to be taken by the asker ({@code write}), then written. */
  private Fetcher.Fetched toWrite;

  /** The node's output part: its writer and its name for the coordinator. */
  record NodePart(ActorRef<PartWriter.Command> writer, String name) {}

  /**
   * A slot of {@code feed} that has {@code fetchers} do its jobs; its answers are confirmed to
   * {@code receipts} (the feed's); {@code listener} hears of its jobs (for the node's metrics),
   * {@code node} of each job done.
   */
  static Behavior<Command> create(
      ActorRef<Fetcher.Command> fetchers,
      ActorRef<JobFeed.Command> feed,
      ActorRef<Fetcher.Receipt> receipts,
      ActorRef<WorkerNode.Command> node,
      Relay relay,
      CrawlListener listener,
      NodePart part) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new WorkerSlot(
                        context, timers, fetchers, feed, receipts, node, relay, listener, part)));
  }

  private WorkerSlot(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ActorRef<Fetcher.Command> fetchers,
      ActorRef<JobFeed.Command> feed,
      ActorRef<Fetcher.Receipt> receipts,
      ActorRef<WorkerNode.Command> node,
      Relay relay,
      CrawlListener listener,
      NodePart part) {
    super(context);
    this.feed = feed;
    this.receipts = receipts;
    this.listener = listener;
    this.part = part;
    this.timers = timers;
    this.fetchers = fetchers;
    this.node = node;
    this.relay = relay;
    this.answers = context.messageAdapter(Fetcher.Reply.class, Answered::new);
    this.written = context.messageAdapter(PartWriter.Written.class, Written::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Run.class, this::onRun)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Received.class, this::onReceived)
        .onMessage(Written.class, this::onWritten)
        .onMessageEquals(Resend.INSTANCE, this::onResend)
        .build();
  }

  private Behavior<Command> onRun(Run run) {
    current = run.job();
    listener.onNodeSlot(true);
    if (current instanceof Fetcher.Fetch f) {
      asker = f.replyTo();
      fetchers.tell(new Fetcher.Fetch(f.job(), f.dispatchId(), f.cookie(), answers));
    } else if (current instanceof Fetcher.FetchRobots r) {
      asker = r.replyTo();
      fetchers.tell(new Fetcher.FetchRobots(r.host(), r.dispatchId(), answers));
    } else if (current instanceof Fetcher.FetchSitemap s) {
      asker = s.replyTo();
      fetchers.tell(new Fetcher.FetchSitemap(s.host(), s.url(), s.dispatchId(), answers));
    }
    return this;
  }

  private Behavior<Command> onAnswered(Answered a) {
    if (current == null) {
      return this;
    }
    NodeAnswers.tell(listener, a.reply());
    if (a.reply() instanceof Fetcher.Fetched f) {
      unconfirmed = f.confirmedTo(receipts);
      if (part != null && f.result().terminal() && !(f.result() instanceof FetchResult.Redirect)) {
        toWrite = f; // its exchanges go into the node's WARC files with its record
        sending = relay.prepare(recorded(f), asker);
      } else {
        archive(f.archived());
        sending = relay.prepare(unconfirmed, asker);
      }
      if (sending.replaced() && toWrite != null) {
        archive(toWrite.archived()); // too large: the coordinator writes the page's failure record
        toWrite = null;
      }
      sending.send();
      timers.startTimerWithFixedDelay(Resend.INSTANCE, RESEND_AFTER);
    } else {
      if (a.reply() instanceof Fetcher.RobotsAnswered r) {
        archive(r.archived());
      } else if (a.reply() instanceof Fetcher.SitemapAnswered m) {
        archive(m.archived());
      }
      // A lost robots.txt or sitemap answer is redone by the supervisor's deadline.
      relay.prepare(a.reply(), asker).send();
      confirm();
    }
    return this;
  }

  private Behavior<Command> onResend() {
    if (sending != null) {
      sending.send();
    }
    return this;
  }

  private Behavior<Command> onReceived(Received r) {
    if (unconfirmed != null && unconfirmed.dispatchId() == r.received().dispatchId()) {
      if (unconfirmed.result() instanceof FetchResult.Fetched) {
        // Admitted when the coordinator took the page, and its links went (not a failure instead).
        relay.answered(unconfirmed.dispatchId(), r.received().write() && !sending.replaced());
      }
      unconfirmed = null;
      sending = null;
      timers.cancel(Resend.INSTANCE);
      if (toWrite != null && r.received().write()) {
        part.writer()
            .tell(
                new PartWriter.Append(
                    toWrite.job(),
                    toWrite.dispatchId(),
                    toWrite.result(),
                    toWrite.archived(),
                    asker,
                    written));
      } else {
        toWrite = null;
        confirm();
      }
    }
    return this;
  }

  private Behavior<Command> onWritten(Written w) {
    if (toWrite != null && toWrite.dispatchId() == w.written().dispatchId()) {
      toWrite = null;
      confirm();
    }
    return this;
  }

  /**
   * Exchanges of an answer that makes no record on this node: into its WARC files (they never cross
   * the network; without a part of its own the node keeps none).
   */
  private void archive(List<io.akkacrawler.warc.ArchivedExchange> exchanges) {
    if (part != null && !exchanges.isEmpty()) {
      part.writer().tell(new PartWriter.Archive(exchanges));
    }
  }

  /** The compact answer of a page whose record this node writes. */
  private NodeParts.Recorded recorded(Fetcher.Fetched f) {
    FetchResult result = f.result();
    int links = 0;
    if (result instanceof FetchResult.Fetched page) {
      links = page.page() == null ? 0 : page.page().links().size();
      // The links to follow are distinct already (the parser keeps each link once).
      result = new FetchResult.Fetched(page.response(), null, page.follow());
    }
    return new NodeParts.Recorded(
        f.dispatchId(), f.job(), result, links, f.setCookies(), receipts, part.name());
  }

  private void confirm() {
    feed.tell(new JobFeed.SlotFree(getContext().getSelf(), JobBook.dispatchId(current)));
    current = null;
    listener.onNodeSlot(false);
    node.tell(WorkerNode.SlotDone.INSTANCE);
  }
}
