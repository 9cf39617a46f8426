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
 * a node dies before confirming it. It takes {@link Fetcher.Command}s and passes them to its child,
 * the {@link JobQueue}, which holds the jobs that wait for a free slot. A child of the supervisor;
 * stops with it.
 */
final class WorkDistributor {
  private WorkDistributor() {}

  /** The distributor's front, with the fetcher pool's protocol. */
  static Behavior<Fetcher.Command> create() {
    return Behaviors.setup(
        context -> {
          ActorRef<JobQueue.Command> queue =
              context.spawn(
                  JobQueue.create(), "jobs", akka.actor.typed.DispatcherSelector.sameAsParent());
          return Behaviors.receiveMessage(
              job -> {
                queue.tell(new JobQueue.Job(job));
                return Behaviors.same();
              });
        });
  }

  /** The jobs waiting for a slot, and the slot (if any) waiting for a job. */
  static final class JobQueue extends AbstractBehavior<JobQueue.Command> {
    sealed interface Command extends NoSerializationVerificationNeeded {}

    /** A job from the supervisor. */
    record Job(Fetcher.Command command) implements Command {}

    /** Work pulling asks for the next job (a slot is free). */
    private record NextRequested(WorkPullingProducerController.RequestNext<Fetcher.Command> next)
        implements Command {}

    private final ArrayDeque<Fetcher.Command> waiting = new ArrayDeque<>();
    private ActorRef<Fetcher.Command> demand;

    /** A queue over Akka's work-pulling producer, which finds the slots by {@link WorkKeys}. */
    static Behavior<Command> create() {
      return Behaviors.setup(
          context ->
              new JobQueue(
                  context,
                  context.spawn(
                      WorkPullingProducerController.create(
                          Fetcher.Command.class, "crawl-work", WorkKeys.SLOTS, Optional.empty()),
                      "work-producer",
                      akka.actor.typed.DispatcherSelector.sameAsParent())));
    }

    /** A queue over {@code producer} (in tests, a stand-in for the work-pulling producer). */
    static Behavior<Command> create(
        ActorRef<WorkPullingProducerController.Command<Fetcher.Command>> producer) {
      return Behaviors.setup(context -> new JobQueue(context, producer));
    }

    private JobQueue(
        ActorContext<Command> context,
        ActorRef<WorkPullingProducerController.Command<Fetcher.Command>> producer) {
      super(context);
      producer.tell(
          new WorkPullingProducerController.Start<>(
              context.messageAdapter(
                  WorkPullingProducerController.requestNextClass(), NextRequested::new)));
    }

    @Override
    public Receive<Command> createReceive() {
      return newReceiveBuilder()
          .onMessage(Job.class, this::onJob)
          .onMessage(NextRequested.class, this::onNextRequested)
          .build();
    }

    private Behavior<Command> onJob(Job job) {
      if (demand != null) {
        demand.tell(job.command());
        demand = null;
      } else {
        waiting.add(job.command());
      }
      return this;
    }

    private Behavior<Command> onNextRequested(NextRequested m) {
      Fetcher.Command job = waiting.poll();
      if (job != null) {
        m.next().sendNextTo().tell(job);
      } else {
        demand = m.next().sendNextTo();
      }
      return this;
    }
  }
}
