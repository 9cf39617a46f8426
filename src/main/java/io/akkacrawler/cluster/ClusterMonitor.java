package io.akkacrawler.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import io.akkacrawler.CrawlMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The coordinator's view of its nodes: hands the crawl's spec to nodes that join, collects their
 * figures, prints the cluster's progress (pages/s per node), and tells every node when the crawl is
 * over. Lives on the coordinator next to the crawl singleton.
 */
public final class ClusterMonitor extends AbstractBehavior<ClusterMonitor.Command> {
  public sealed interface Command extends CrawlMessage {}

  /** A node asks what to fetch for. */
  public record GetSpec(ActorRef<CrawlSpec> replyTo) implements Command {}

  /** A node's running count of finished jobs and its number of slots; {@code from} the node. */
  public record NodeStats(String node, long completed, int slots, ActorRef<WorkerNode.Command> from)
      implements Command {}

  /** The crawl is over: tell every node. */
  public record FinishCrawl(boolean stopped)
      implements Command, NoSerializationVerificationNeeded {}

  /** Jobs finished per node, for the summary. */
  public record GetTotals(ActorRef<NodeTotals> replyTo)
      implements Command, NoSerializationVerificationNeeded {}

  /** The answer to {@link GetTotals}. */
  public record NodeTotals(Map<String, Long> jobs) implements CrawlMessage {}

  private record NodesListing(Receptionist.Listing listing)
      implements Command, NoSerializationVerificationNeeded {}

  private enum Tick implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /** Nodes report every second; one silent this long is left out of the progress line. */
  private static final long SILENT_AFTER_NANOS = TimeUnit.SECONDS.toNanos(3);

  private final CrawlSpec spec;
  private final Consumer<String> lines;
  private final Map<String, long[]> nodes = new TreeMap<>();
  private Set<ActorRef<WorkerNode.Command>> workers = Set.of();

  /** Nodes that reported: one that joined late may not be in the receptionist's listing yet. */
  private final Set<ActorRef<WorkerNode.Command>> reporters = new HashSet<>();

  private boolean finished;
  private boolean stopped;
  private final LongSupplier nanoClock;
  private long lastTickNanos;

  /**
   * @param lines where progress lines go (null: nowhere)
   * @param interval how often a progress line is printed
   */
  public static Behavior<Command> create(
      CrawlSpec spec, Consumer<String> lines, Duration interval) {
    return create(spec, lines, interval, System::nanoTime);
  }

  /** With the clock that tells when nodes last reported (System::nanoTime but in tests). */
  static Behavior<Command> create(
      CrawlSpec spec, Consumer<String> lines, Duration interval, LongSupplier nanoClock) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new ClusterMonitor(context, timers, spec, lines, interval, nanoClock)));
  }

  private ClusterMonitor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      CrawlSpec spec,
      Consumer<String> lines,
      Duration interval,
      LongSupplier nanoClock) {
    super(context);
    this.spec = spec;
    this.lines = lines;
    this.nanoClock = nanoClock;
    this.lastTickNanos = nanoClock.getAsLong();
    context
        .getSystem()
        .receptionist()
        .tell(Receptionist.register(WorkKeys.MONITOR, context.getSelf()));
    context
        .getSystem()
        .receptionist()
        .tell(
            Receptionist.subscribe(
                WorkKeys.NODES,
                context.messageAdapter(Receptionist.Listing.class, NodesListing::new)));
    if (lines != null) {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(
            GetSpec.class,
            m -> {
              m.replyTo().tell(spec);
              return this;
            })
        .onMessage(NodeStats.class, this::onNodeStats)
        .onMessage(
            NodesListing.class,
            m -> {
              workers = m.listing().getServiceInstances(WorkKeys.NODES);
              return this;
            })
        .onMessage(
            FinishCrawl.class,
            m -> {
              finished = true;
              stopped = m.stopped();
              Set<ActorRef<WorkerNode.Command>> all = new HashSet<>(workers);
              all.addAll(reporters);
              all.forEach(w -> w.tell(new WorkerNode.Finished(stopped)));
              return this;
            })
        .onMessage(GetTotals.class, this::onGetTotals)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .build();
  }

  private Behavior<Command> onNodeStats(NodeStats m) {
    long[] n = nodes.computeIfAbsent(m.node(), k -> new long[4]);
    n[0] = Math.max(n[0], m.completed());
    n[2] = m.slots();
    n[3] = nanoClock.getAsLong();
    if (reporters.add(m.from()) && finished) {
      m.from().tell(new WorkerNode.Finished(stopped)); // joined as the crawl ended
    }
    return this;
  }

  private Behavior<Command> onTick() {
    long now = nanoClock.getAsLong();
    double seconds = Math.max(1e-3, (now - lastTickNanos) / 1e9);
    lastTickNanos = now;
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, long[]> e : nodes.entrySet()) {
      long[] n = e.getValue();
      if (now - n[3] > SILENT_AFTER_NANOS) {
        continue; // left, or lost: it no longer reports
      }
      parts.add(
          String.format(
              Locale.ROOT,
              "%s %.1f pages/s (%d slots)",
              e.getKey(),
              (n[0] - n[1]) / seconds,
              n[2]));
      n[1] = n[0];
    }
    lines.accept(
        "  cluster: "
            + (parts.isEmpty()
                ? "no node is fetching"
                : parts.size()
                    + (parts.size() == 1 ? " node fetching | " : " nodes fetching | ")
                    + String.join(" | ", parts)));
    return this;
  }

  private Behavior<Command> onGetTotals(GetTotals m) {
    Map<String, Long> totals = new TreeMap<>();
    nodes.forEach((node, n) -> totals.put(node, n[0]));
    m.replyTo().tell(new NodeTotals(totals));
    return this;
  }
}
