package io.akkacrawler.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.delivery.WorkPullingProducerController;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.akkacrawler.fetch.Fetcher;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Stands in for the fetcher pool on the coordinator: the supervisor sends it fetch jobs as it would
 * to local fetchers, and it hands each to Akka's reliable-delivery work pulling, which gives a job
 * to a node's fetch slot only when that slot asks for one, and sends it again to another slot when
 * a node dies before confirming it. Holds the jobs that wait for a free slot. A child of the
 * supervisor; stops with it.
 */
final class WorkDistributor extends AbstractBehavior<Object> {
  private record NextRequested(WorkPullingProducerController.RequestNext<Fetcher.Command> next)
      implements NoSerializationVerificationNeeded {}

  private final ArrayDeque<Fetcher.Command> waiting = new ArrayDeque<>();
  private ActorRef<Fetcher.Command> demand;

  /** A behavior that takes {@link Fetcher.Command}s (use {@code narrow()} on its ref). */
  static Behavior<Object> create() {
    return Behaviors.setup(WorkDistributor::new);
  }

  private WorkDistributor(ActorContext<Object> context) {
    super(context);
    ActorRef<WorkPullingProducerController.Command<Fetcher.Command>> producer =
        context.spawn(
            WorkPullingProducerController.create(
                Fetcher.Command.class, "crawl-work", WorkKeys.SLOTS, Optional.empty()),
            "work-producer");
    producer.tell(
        new WorkPullingProducerController.Start<>(
            context.messageAdapter(
                WorkPullingProducerController.requestNextClass(), NextRequested::new)));
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(Fetcher.Command.class, this::onJob)
        .onMessage(NextRequested.class, this::onNextRequested)
        .build();
  }

  private Behavior<Object> onJob(Fetcher.Command job) {
    if (demand != null) {
      demand.tell(job);
      demand = null;
    } else {
      waiting.add(job);
    }
    return this;
  }

  private Behavior<Object> onNextRequested(NextRequested m) {
    Fetcher.Command job = waiting.poll();
    if (job != null) {
      m.next().sendNextTo().tell(job);
    } else {
      demand = m.next().sendNextTo();
    }
    return this;
  }
}
