package io.akkacrawler.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.ClusterEvent;
import akka.cluster.UniqueAddress;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.Leave;
import akka.cluster.typed.SingletonActor;
import akka.cluster.typed.Subscribe;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.ResultSink;
import io.akkacrawler.collect.Collector;
import io.akkacrawler.collect.OutputParts;
import io.akkacrawler.collect.Outputs;
import io.akkacrawler.config.ClusterSettings;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.fetch.FetchInterceptor;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.frontier.CrawlSupervisor;
import io.akkacrawler.state.CrawlStore;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The guardian of the coordinator's actor system: starts the crawl singleton (at once, or when the
 * first worker joins if this node does not fetch), the {@link ClusterMonitor} and this node's own
 * {@link WorkerNode}; passes stop requests on to the crawl. When the crawl is over it tells the
 * nodes, waits for the others to leave (at most {@link #LEAVE_WAIT}), completes the node totals and
 * leaves the cluster, which ends the system.
 */
final class CoordinatorNode extends AbstractBehavior<CoordinatorNode.Command> {
  /** Local messages only: never checked for serialization. */
  sealed interface Command extends NoSerializationVerificationNeeded {}

  /** Stops the crawl (a second one stops it at once); before any worker came, it stops at once. */
  enum Stop implements Command {
    INSTANCE
  }

  private record NodesListing(Receptionist.Listing listing) implements Command {}

  private record CrawlEnded(CrawlSummary summary, Throwable failure) implements Command {}

  private record MemberChanged(ClusterEvent.MemberEvent event) implements Command {}

  private record TotalsReceived(ClusterMonitor.NodeTotals totals, Throwable failure)
      implements Command {}

  private enum LeaveWaitOver implements Command {
    INSTANCE
  }

  private enum ForceTerminate implements Command {
    INSTANCE
  }

  /** How long the coordinator waits, once the crawl is over, for the other nodes to leave. */
  static final Duration LEAVE_WAIT = Duration.ofSeconds(10);

  /** How long leaving may take before the system is ended anyway. */
  private static final Duration TERMINATE_AFTER = Duration.ofSeconds(5);

  /** What the coordinator runs, handed over as one value. */
  record Setup(
      CrawlSettings settings,
      ClusterSettings cluster,
      CrawlSpec spec,
      boolean fetch,
      ResultSink sink,
      OutputParts parts,
      CrawlListener listener,
      CrawlStore store,
      Consumer<String> lines,
      Duration progressInterval,
      CompletableFuture<CrawlSummary> result,
      CompletableFuture<Map<String, Long>> totals) {}

  private final TimerScheduler<Command> timers;
  private final Setup setup;
  private final CrawlSupervisor.Workers workers;
  private final ActorRef<ClusterMonitor.Command> monitor;
  private final UniqueAddress self;

  /** The other members of the cluster that have not been removed yet. */
  private final Set<UniqueAddress> others = new HashSet<>();

  /** The crawl singleton's proxy, once the crawl is started. */
  private ActorRef<CrawlSupervisor.Command> crawl;

  private boolean crawlOver;
  private boolean leaving;

  static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(
        context -> Behaviors.withTimers(timers -> new CoordinatorNode(context, timers, setup)));
  }

  private CoordinatorNode(ActorContext<Command> context, TimerScheduler<Command> timers, Setup s) {
    super(context);
    this.timers = timers;
    this.setup = s;
    this.workers = clusterWorkers(s);
    Cluster cluster = Cluster.get(context.getSystem());
    this.self = cluster.selfMember().uniqueAddress();
    cluster
        .subscriptions()
        .tell(
            Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new),
                ClusterEvent.MemberEvent.class));
    context.pipeToSelf(s.result(), CrawlEnded::new);
    if (s.fetch()) {
      startCrawl();
    } else {
      // Nothing is dispatched before a node can fetch: no request waits for nobody until its
      // deadline (and robots.txt is not given up on for it).
      context
          .getSystem()
          .receptionist()
          .tell(
              Receptionist.subscribe(
                  WorkKeys.NODES,
                  context.messageAdapter(Receptionist.Listing.class, NodesListing::new)));
    }
    ActorRef<ResultInbox.Command> inbox = context.spawn(ResultInbox.create(), "inbox");
    this.monitor =
        context.spawn(
            ClusterMonitor.create(s.spec().withInbox(inbox), s.lines(), s.progressInterval()),
            "monitor");
    if (s.fetch()) {
      context.spawn(
          WorkerNode.create(
              ConfigFactory.empty(),
              s.parts() == null
                  ? s.cluster()
                  : s.cluster().withPartsDir(s.parts().output().getParent()),
              FetchInterceptor.NONE,
              false,
              new CompletableFuture<>(),
              line -> {},
              s.listener()),
          "node");
    }
  }

  /**
   * The supervisor's collector is local; its fetchers are the nodes' slots, fed by the distributor.
   */
  private static CrawlSupervisor.Workers clusterWorkers(Setup s) {
    return new CrawlSupervisor.Workers() {
      @Override
      public ActorRef<Collector.Command> spawnCollector(
          ActorContext<CrawlSupervisor.Command> ctx, ActorRef<Collector.Event> events) {
        // As a standalone crawl's (LocalWorkers), with the nodes' parts if they write them.
        Outputs outputs = new Outputs(s.sink(), null, s.store().durable(), s.parts());
        return ctx.spawn(
            Collector.create(s.settings(), outputs, s.listener(), events),
            "collector",
            DispatcherSelector.fromConfig("crawler.io-dispatcher"));
      }

      @Override
      public ActorRef<Fetcher.Command> spawnFetchers(ActorContext<CrawlSupervisor.Command> ctx) {
        return ctx.spawn(
            WorkDistributor.create(s.settings().dispatchDeadline()),
            "work-distributor",
            DispatcherSelector.sameAsParent());
      }
    };
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(NodesListing.class, this::onNodesListing)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .onMessage(CrawlEnded.class, this::onCrawlEnded)
        .onMessage(MemberChanged.class, this::onMemberChanged)
        .onMessageEquals(LeaveWaitOver.INSTANCE, this::leave)
        .onMessage(TotalsReceived.class, this::onTotalsReceived)
        .onMessageEquals(ForceTerminate.INSTANCE, this::onForceTerminate)
        .build();
  }

  private void startCrawl() {
    if (crawl != null) {
      return;
    }
    ActorSystem<?> system = getContext().getSystem();
    crawl =
        ClusterSingleton.get(system)
            .init(
                SingletonActor.of(
                        CrawlSupervisor.create(
                            setup.settings(), workers, setup.store(), setup.result()),
                        "crawl")
                    .withSettings(
                        ClusterSingletonSettings.create(system).withRole(ClusterSetup.COORDINATOR))
                    .withProps(DispatcherSelector.fromConfig("crawler.io-dispatcher")));
  }

  private Behavior<Command> onNodesListing(NodesListing m) {
    if (!m.listing().getServiceInstances(WorkKeys.NODES).isEmpty()) {
      startCrawl();
    }
    return this;
  }

  private Behavior<Command> onStop() {
    startCrawl(); // stopped before any worker came: it stops at once
    crawl.tell(new CrawlSupervisor.Stop());
    return this;
  }

  /** The crawl is over: tell the nodes and let them leave (each reports its last figures). */
  private Behavior<Command> onCrawlEnded(CrawlEnded m) {
    crawlOver = true;
    monitor.tell(new ClusterMonitor.FinishCrawl(m.summary() == null || m.summary().interrupted()));
    timers.startSingleTimer(LeaveWaitOver.INSTANCE, LEAVE_WAIT);
    return others.isEmpty() ? leave() : this;
  }

  private Behavior<Command> onMemberChanged(MemberChanged m) {
    UniqueAddress member = m.event().member().uniqueAddress();
    if (member.equals(self)) {
      return this;
    }
    if (m.event() instanceof ClusterEvent.MemberRemoved) {
      others.remove(member);
      if (crawl != null && setup.parts() != null) {
        // What its part had not flushed is done again now, not after the dispatch deadline.
        crawl.tell(new CrawlSupervisor.NodeGone(CrawlSpec.nodeName(member)));
      }
    } else {
      others.add(member);
    }
    return crawlOver && others.isEmpty() ? leave() : this;
  }

  /** Notes what each node did, then leaves the cluster. */
  private Behavior<Command> leave() {
    if (leaving) {
      return this;
    }
    leaving = true;
    timers.cancel(LeaveWaitOver.INSTANCE);
    getContext()
        .ask(
            ClusterMonitor.NodeTotals.class,
            monitor,
            Duration.ofSeconds(3),
            ClusterMonitor.GetTotals::new,
            TotalsReceived::new);
    return this;
  }

  private Behavior<Command> onTotalsReceived(TotalsReceived m) {
    setup.totals().complete(m.totals() == null ? Map.of() : m.totals().jobs());
    Cluster cluster = Cluster.get(getContext().getSystem());
    cluster.manager().tell(Leave.create(cluster.selfMember().address()));
    // Leaving ends the system through coordinated shutdown; make sure it ends anyway.
    timers.startSingleTimer(ForceTerminate.INSTANCE, TERMINATE_AFTER);
    return this;
  }

  private Behavior<Command> onForceTerminate() {
    getContext().getSystem().terminate();
    return this;
  }
}
