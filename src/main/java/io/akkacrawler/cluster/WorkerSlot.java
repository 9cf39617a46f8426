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
import io.akkacrawler.collect.Collector;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.frontier.CrawlSupervisor;
import java.time.Duration;

/**
 * One fetch slot of a node: a work-pulling consumer that takes one job at a time from the
 * coordinator, has the node's fetchers do it, relays the answer to the collector (or the
 * supervisor) and confirms the job only once the collector acknowledged it — so a job in the hands
 * of a node that dies is sent again to another slot, and a relayed answer that gets lost is sent
 * again. A child of its {@link WorkerNode}.
 */
final class WorkerSlot extends AbstractBehavior<Object> {
  private record Delivered(ConsumerController.Delivery<Fetcher.Command> delivery)
      implements NoSerializationVerificationNeeded {}

  private record PageAnswer(Collector.Command answer)
      implements NoSerializationVerificationNeeded {}

  private record SiteAnswer(CrawlSupervisor.Command answer)
      implements NoSerializationVerificationNeeded {}

  private record Acknowledged(Collector.Ack ack) implements NoSerializationVerificationNeeded {}

  private enum Resend implements NoSerializationVerificationNeeded {
    INSTANCE
  }

  private static final Duration RESEND_AFTER = Duration.ofSeconds(5);

  private final TimerScheduler<Object> timers;
  private final ActorRef<Fetcher.Command> fetchers;
  private final ActorRef<WorkerNode.Command> node;
  private final ActorRef<Collector.Command> pageAnswers;
  private final ActorRef<CrawlSupervisor.Command> siteAnswers;
  private final ActorRef<Collector.Ack> acks;

  private ConsumerController.Delivery<Fetcher.Command> current;
  private ActorRef<Collector.Command> collector;
  private ActorRef<CrawlSupervisor.Command> supervisor;
  private Collector.Relayed unacknowledged;

  static Behavior<Object> create(
      ActorRef<Fetcher.Command> fetchers, ActorRef<WorkerNode.Command> node) {
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new WorkerSlot(context, timers, fetchers, node)));
  }

  private WorkerSlot(
      ActorContext<Object> context,
      TimerScheduler<Object> timers,
      ActorRef<Fetcher.Command> fetchers,
      ActorRef<WorkerNode.Command> node) {
    super(context);
    this.timers = timers;
    this.fetchers = fetchers;
    this.node = node;
    this.pageAnswers = context.messageAdapter(Collector.Command.class, PageAnswer::new);
    this.siteAnswers = context.messageAdapter(CrawlSupervisor.Command.class, SiteAnswer::new);
    this.acks = context.messageAdapter(Collector.Ack.class, Acknowledged::new);
    ActorRef<ConsumerController.Command<Fetcher.Command>> consumer =
        context.spawn(ConsumerController.create(WorkKeys.SLOTS), "consumer");
    consumer.tell(
        new ConsumerController.Start<>(
            context.messageAdapter(ConsumerController.deliveryClass(), Delivered::new)));
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Delivered.class, this::onDelivered)
        .onMessage(PageAnswer.class, this::onPageAnswer)
        .onMessage(Acknowledged.class, this::onAcknowledged)
        .onMessageEquals(Resend.INSTANCE, this::onResend)
        .onMessage(SiteAnswer.class, this::onSiteAnswer)
        .build();
  }

  private Behavior<Object> onDelivered(Delivered d) {
    current = d.delivery();
    Fetcher.Command job = current.message();
    if (job instanceof Fetcher.Fetch f) {
      collector = f.replyTo();
      fetchers.tell(new Fetcher.Fetch(f.job(), f.dispatchId(), pageAnswers));
    } else if (job instanceof Fetcher.FetchRobots r) {
      supervisor = r.replyTo();
      fetchers.tell(new Fetcher.FetchRobots(r.host(), r.dispatchId(), siteAnswers));
    } else if (job instanceof Fetcher.FetchSitemap s) {
      supervisor = s.replyTo();
      fetchers.tell(new Fetcher.FetchSitemap(s.host(), s.url(), s.dispatchId(), siteAnswers));
    } else {
      confirm(); // nothing this node knows how to do
    }
    return this;
  }

  private Behavior<Object> onPageAnswer(PageAnswer a) {
    if (a.answer() instanceof Collector.Fetched fetched && current != null) {
      unacknowledged = new Collector.Relayed(fetched, acks);
      collector.tell(unacknowledged);
      timers.startTimerWithFixedDelay(Resend.INSTANCE, RESEND_AFTER);
    }
    return this;
  }

  private Behavior<Object> onResend() {
    if (unacknowledged != null) {
      collector.tell(unacknowledged);
    }
    return this;
  }

  private Behavior<Object> onAcknowledged(Acknowledged a) {
    if (unacknowledged != null && unacknowledged.fetched().dispatchId() == a.ack().dispatchId()) {
      unacknowledged = null;
      timers.cancel(Resend.INSTANCE);
      confirm();
    }
    return this;
  }

  private Behavior<Object> onSiteAnswer(SiteAnswer a) {
    if (current != null) {
      // A lost robots.txt or sitemap answer is redone by the supervisor's deadline.
      supervisor.tell(a.answer());
      confirm();
    }
    return this;
  }

  private void confirm() {
    current.confirmTo().tell(ConsumerController.confirmed());
    current = null;
    node.tell(WorkerNode.SlotDone.INSTANCE);
  }
}
