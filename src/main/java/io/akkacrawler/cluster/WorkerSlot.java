package io.akkacrawler.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.delivery.ConsumerController;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.fetch.Fetcher;
import java.time.Duration;

/**
 * One fetch slot of a node: a work-pulling consumer that takes one job at a time from the
 * coordinator, has the node's fetchers do it, relays the answer to the job's asker (the collector's
 * or the supervisor's ref on the coordinator) and confirms the job only once the asker received it
 * — so a job in the hands of a node that dies is sent again to another slot, and a relayed answer
 * that gets lost is sent again. Answers too large for one message go in chunks through the {@link
 * Relay}. A child of its {@link WorkerNode}.
 */
final class WorkerSlot extends AbstractBehavior<WorkerSlot.Command> {
  /** Local messages only (adapters and timers): never checked for serialization. */
  sealed interface Command extends NoSerializationVerificationNeeded {}

  /** Work pulling delivers a job. */
  private record Delivered(ConsumerController.Delivery<Fetcher.Command> delivery)
      implements Command {}

  /** The node's fetchers answered the job. */
  private record Answered(Fetcher.Reply reply) implements Command {}

  /** The asker holds the relayed answer. */
  private record Received(Fetcher.Received received) implements Command {}

  private enum Resend implements Command {
    INSTANCE
  }

  /** How long a relayed answer waits for its confirmation before it is sent again. */
  static final Duration RESEND_AFTER = Duration.ofSeconds(5);

  private final TimerScheduler<Command> timers;
  private final ActorRef<Fetcher.Command> fetchers;
  private final ActorRef<WorkerNode.Command> node;
  private final ActorRef<Fetcher.Reply> answers;
  private final ActorRef<Fetcher.Received> receipts;
  private final Relay relay;
  private final CrawlListener listener;

  private ConsumerController.Delivery<Fetcher.Command> current;
  private ActorRef<Fetcher.Reply> asker;
  private Fetcher.Fetched unconfirmed;
  private Relay.Outgoing sending;

  static Behavior<Command> create(
      ActorRef<Fetcher.Command> fetchers,
      ActorRef<WorkerNode.Command> node,
      ActorRef<ConsumerController.Command<Fetcher.Command>> consumer,
      Relay relay) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new WorkerSlot(
                        context, timers, fetchers, node, consumer, relay, CrawlListener.NONE)));
  }

  /**
   * A slot that pulls work from the coordinator's work-pulling producer; {@code listener} hears of
   * its jobs (for the node's metrics).
   */
  static Behavior<Command> create(
      ActorRef<Fetcher.Command> fetchers,
      ActorRef<WorkerNode.Command> node,
      Relay relay,
      CrawlListener listener) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new WorkerSlot(
                        context,
                        timers,
                        fetchers,
                        node,
                        context.spawn(ConsumerController.create(WorkKeys.SLOTS), "consumer"),
                        relay,
                        listener)));
  }

  private WorkerSlot(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      ActorRef<Fetcher.Command> fetchers,
      ActorRef<WorkerNode.Command> node,
      ActorRef<ConsumerController.Command<Fetcher.Command>> consumer,
      Relay relay,
      CrawlListener listener) {
    super(context);
    this.listener = listener;
    this.timers = timers;
    this.fetchers = fetchers;
    this.node = node;
    this.relay = relay;
    this.answers = context.messageAdapter(Fetcher.Reply.class, Answered::new);
    this.receipts = context.messageAdapter(Fetcher.Received.class, Received::new);
    consumer.tell(
        new ConsumerController.Start<>(
            context.messageAdapter(ConsumerController.deliveryClass(), Delivered::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Delivered.class, this::onDelivered)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(Received.class, this::onReceived)
        .onMessageEquals(Resend.INSTANCE, this::onResend)
        .build();
  }

  private Behavior<Command> onDelivered(Delivered d) {
    current = d.delivery();
    listener.onNodeSlot(true);
    Fetcher.Command job = current.message();
    if (job instanceof Fetcher.Fetch f) {
      asker = f.replyTo();
      fetchers.tell(new Fetcher.Fetch(f.job(), f.dispatchId(), f.cookie(), answers));
    } else if (job instanceof Fetcher.FetchRobots r) {
      asker = r.replyTo();
      fetchers.tell(new Fetcher.FetchRobots(r.host(), r.dispatchId(), answers));
    } else if (job instanceof Fetcher.FetchSitemap s) {
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
      sending = relay.prepare(unconfirmed, asker);
      sending.send();
      timers.startTimerWithFixedDelay(Resend.INSTANCE, RESEND_AFTER);
    } else {
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
      unconfirmed = null;
      sending = null;
      timers.cancel(Resend.INSTANCE);
      confirm();
    }
    return this;
  }

  private void confirm() {
    current.confirmTo().tell(ConsumerController.confirmed());
    current = null;
    listener.onNodeSlot(false);
    node.tell(WorkerNode.SlotDone.INSTANCE);
  }
}
