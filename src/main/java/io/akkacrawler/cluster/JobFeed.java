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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's end of the coordinator's {@link WorkDistributor}: takes the jobs it sends in batches,
 * gives each to a free {@link WorkerSlot} (its children), and reports the jobs its slots did, a few
 * at a time, which asks for as many more ({@link WorkDistributor.Pull}). It asks for at most its
 * slots and two reports' worth of jobs, so that a slot finds its next job here while the report is
 * on its way, and the jobs a node holds stay few. The coordinator confirms the slots' answers to
 * the feed ({@link Fetcher.Receipts}: several at once), which passes each receipt on to the slot
 * whose answer it confirms.
 */
final class JobFeed extends AbstractBehavior<JobFeed.Command> {
  sealed interface Command extends CrawlMessage {}

  /** Jobs from the distributor, in the order they were dispatched. */
  record Jobs(List<Fetcher.Command> jobs) implements Command {}

  /**
   * The distributor, which found this feed in its listing: the feed asks it for jobs without
   * waiting for the distributor's own entry to reach this node through the receptionist (its gossip
   * rounds took ~0.2 s of the start of every cluster crawl).
   */
  record DistributorFound(ActorRef<WorkDistributor.Command> distributor) implements Command {}

  /** {@code slot} is done with the job of dispatch {@code dispatchId}. */
  record SlotFree(ActorRef<WorkerSlot.Command> slot, long dispatchId)
      implements Command, NoSerializationVerificationNeeded {}

  private record DistributorListing(Receptionist.Listing listing)
      implements Command, NoSerializationVerificationNeeded {}

  /** The coordinator's receipts for the slots' answers. */
  private record Confirmed(Fetcher.Receipt receipt)
      implements Command, NoSerializationVerificationNeeded {}

  /** How the feed makes a slot: given the feed and where the slot's answers are confirmed. */
  interface SlotFactory {
    Behavior<WorkerSlot.Command> create(ActorRef<Command> feed, ActorRef<Fetcher.Receipt> receipts);
  }

  private final ArrayDeque<Fetcher.Command> waiting = new ArrayDeque<>();
  private final ArrayDeque<ActorRef<WorkerSlot.Command>> free = new ArrayDeque<>();
  private final List<Long> done = new ArrayList<>();

  /** The slot doing each dispatch. */
  private final Map<Long, ActorRef<WorkerSlot.Command>> running = new HashMap<>();

  private final int reportEvery;
  private final int window;
  private ActorRef<WorkDistributor.Command> distributor;

  /** A feed of {@code slots} slots, each made by {@code slot} given the feed. */
  static Behavior<Command> create(int slots, SlotFactory slot) {
    return Behaviors.setup(context -> new JobFeed(context, slots, slot));
  }

  private JobFeed(ActorContext<Command> context, int slots, SlotFactory slot) {
    super(context);
    this.reportEvery = Math.max(1, slots / 8);
    // With no job waiting here, the distributor still sees room for a job: never both wait.
    this.window = slots + 2 * reportEvery;
    var receipts = context.messageAdapter(Fetcher.Receipt.class, Confirmed::new);
    for (int i = 0; i < slots; i++) {
      free.add(context.spawn(slot.create(context.getSelf(), receipts), "slot-" + i));
    }
    var receptionist = context.getSystem().receptionist();
    receptionist.tell(Receptionist.register(WorkKeys.FEEDS, context.getSelf()));
    receptionist.tell(
        Receptionist.subscribe(
            WorkKeys.DISTRIBUTOR,
            context.messageAdapter(Receptionist.Listing.class, DistributorListing::new)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Jobs.class, this::onJobs)
        .onMessage(SlotFree.class, this::onSlotFree)
        .onMessage(DistributorListing.class, this::onDistributorListing)
        .onMessage(DistributorFound.class, m -> use(m.distributor()))
        .onMessage(Confirmed.class, this::onConfirmed)
        .build();
  }

  private Behavior<Command> onJobs(Jobs m) {
    for (Fetcher.Command job : m.jobs()) {
      long id = JobBook.dispatchId(job);
      if (running.containsKey(id)) {
        // Given back while this node was unreachable, and given to it again: it is being done.
        done.add(id);
        continue;
      }
      ActorRef<WorkerSlot.Command> slot = free.poll();
      if (slot != null) {
        run(slot, job);
      } else {
        waiting.add(job);
      }
    }
    reportIfDue();
    return this;
  }

  private void run(ActorRef<WorkerSlot.Command> slot, Fetcher.Command job) {
    running.put(JobBook.dispatchId(job), slot);
    slot.tell(new WorkerSlot.Run(job));
  }

  private Behavior<Command> onSlotFree(SlotFree m) {
    done.add(m.dispatchId());
    running.remove(m.dispatchId());
    Fetcher.Command next = waiting.poll();
    if (next != null) {
      run(m.slot(), next);
    } else {
      free.add(m.slot());
    }
    reportIfDue();
    return this;
  }

  /** Reports the jobs done once there are a report's worth. */
  private void reportIfDue() {
    if (done.size() >= reportEvery) {
      pull();
    }
  }

  private Behavior<Command> onDistributorListing(DistributorListing m) {
    var found = m.listing().getServiceInstances(WorkKeys.DISTRIBUTOR);
    // The one already asked stays while it is listed (it may have introduced itself first).
    if (!found.isEmpty() && (distributor == null || !found.contains(distributor))) {
      use(found.iterator().next());
    }
    return this;
  }

  private Behavior<Command> use(ActorRef<WorkDistributor.Command> d) {
    if (!d.equals(distributor)) {
      distributor = d;
      pull();
    }
    return this;
  }

  /** Each receipt goes to the slot whose answer it confirms (one already free needs none). */
  private Behavior<Command> onConfirmed(Confirmed m) {
    if (m.receipt() instanceof Fetcher.Receipts batch) {
      batch.receipts().forEach(this::confirm);
    } else if (m.receipt() instanceof Fetcher.Received r) {
      confirm(r);
    }
    return this;
  }

  private void confirm(Fetcher.Received r) {
    ActorRef<WorkerSlot.Command> slot = running.get(r.dispatchId());
    if (slot != null) {
      slot.tell(new WorkerSlot.Received(r));
    }
  }

  private void pull() {
    if (distributor != null) {
      distributor.tell(new WorkDistributor.Pull(getContext().getSelf(), window, List.copyOf(done)));
      done.clear();
    }
  }
}
