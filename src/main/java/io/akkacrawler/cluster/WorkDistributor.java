package io.akkacrawler.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import io.akkacrawler.CrawlMessage;
import io.akkacrawler.fetch.Fetcher;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stands in for the fetcher pool on the coordinator: the supervisor sends it fetch jobs as it would
 * to local fetchers, and it sends them on, in batches, to the nodes' {@link JobFeed}s, each up to
 * what the node said it can hold (credit-based flow control: a node's {@link Pull} reports the jobs
 * it did and so asks for as many more). The book of who holds what is the {@link JobBook}. A node
 * that leaves the crawl (its feed drops out of the receptionist's listing: unreachable, or gone)
 * gives its jobs back, and they go to the other nodes first. A child of the supervisor; stops with
 * it.
 */
final class WorkDistributor extends AbstractBehavior<WorkDistributor.Command> {
  sealed interface Command extends CrawlMessage {}

  /**
   * A node's feed can hold {@code window} jobs and is done with those of the dispatches in {@code
   * done}: send it more.
   */
  record Pull(ActorRef<JobFeed.Command> feed, int window, List<Long> done) implements Command {}

  /** A job from the supervisor. */
  private record Job(Fetcher.Command command)
      implements Command, NoSerializationVerificationNeeded {}

  private record FeedsListing(Receptionist.Listing listing)
      implements Command, NoSerializationVerificationNeeded {}

  /** Sends what waits: after the jobs that came together, so that they go in batches. */
  private enum Send implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private enum Sweep implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private final JobBook<ActorRef<JobFeed.Command>> book;
  private boolean sendPending;

  /** The listed feeds told where this distributor is ({@link JobFeed.DistributorFound}). */
  private final Set<ActorRef<JobFeed.Command>> greeted = new HashSet<>();

  /**
   * The distributor's front, with the fetcher pool's protocol; {@code deadline} is the crawl's
   * dispatch deadline (after it, a job a node never reported done counts no more against it).
   */
  static Behavior<Fetcher.Command> create(Duration deadline) {
    Behavior<Command> distributor =
        Behaviors.setup(
            context ->
                Behaviors.withTimers(
                    timers -> {
                      timers.startTimerWithFixedDelay(Sweep.INSTANCE, deadline.dividedBy(4));
                      return new WorkDistributor(context, deadline);
                    }));
    // Jobs come in the pool's protocol; the nodes' pulls (not Fetcher commands) pass untouched.
    return Behaviors.transformMessages(
        Fetcher.Command.class, distributor, pf -> pf.match(Fetcher.Command.class, Job::new));
  }

  private WorkDistributor(ActorContext<Command> context, Duration deadline) {
    super(context);
    this.book = new JobBook<>(deadline.toNanos());
    var receptionist = context.getSystem().receptionist();
    receptionist.tell(Receptionist.register(WorkKeys.DISTRIBUTOR, context.getSelf()));
    receptionist.tell(
        Receptionist.subscribe(
            WorkKeys.FEEDS, context.messageAdapter(Receptionist.Listing.class, FeedsListing::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Job.class, this::onJob)
        .onMessage(Pull.class, this::onPull)
        .onMessage(FeedsListing.class, this::onFeedsListing)
        .onMessageEquals(Send.INSTANCE, this::onSend)
        .onMessageEquals(Sweep.INSTANCE, this::onSweep)
        .build();
  }

  private Behavior<Command> onJob(Job job) {
    book.add(job.command());
    if (!sendPending) {
      sendPending = true;
      getContext().getSelf().tell(Send.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> onSend() {
    sendPending = false;
    send();
    return this;
  }

  private Behavior<Command> onPull(Pull pull) {
    book.pulled(pull.feed(), pull.window(), pull.done());
    send();
    return this;
  }

  private Behavior<Command> onFeedsListing(FeedsListing m) {
    Set<ActorRef<JobFeed.Command>> feeds = m.listing().getServiceInstances(WorkKeys.FEEDS);
    greeted.retainAll(feeds);
    for (ActorRef<JobFeed.Command> feed : feeds) {
      if (greeted.add(feed)) {
        feed.tell(new JobFeed.DistributorFound(getContext().getSelf()));
      }
    }
    int back = book.listed(feeds);
    if (back > 0) {
      getContext().getLog().info("A node left the crawl: its {} jobs go to the other nodes", back);
    }
    send();
    return this;
  }

  private Behavior<Command> onSweep() {
    int forgotten = book.sweep(System.nanoTime());
    if (forgotten > 0) {
      getContext()
          .getLog()
          .debug("{} jobs no node reported done within the dispatch deadline", forgotten);
    }
    return this;
  }

  private void send() {
    long now = System.nanoTime();
    for (var batch = book.next(now); batch != null; batch = book.next(now)) {
      batch.feed().tell(new JobFeed.Jobs(batch.jobs()));
    }
  }
}
