package io.akkacrawler.cluster;

import akka.actor.NoSerializationVerificationNeeded;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Leave;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlMessage;
import io.akkacrawler.LocalWorkers;
import io.akkacrawler.collect.PartWriter;
import io.akkacrawler.collect.WarcOutput;
import io.akkacrawler.config.ClusterSettings;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.LongCrawl;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.config.WarcSettings;
import io.akkacrawler.fetch.FetchInterceptor;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.fetch.HttpFetcher;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The fetching side of a cluster node: finds the coordinator's monitor, asks it for the crawl's
 * spec, then runs a local fetcher pool and a {@link JobFeed} with a number of {@link WorkerSlot}s
 * that takes work from the coordinator, reports the node's figures every second, and leaves the
 * cluster when the crawl is over. It completes {@code outcome} with how its part ended: the crawl
 * finished, or the coordinator was lost.
 */
public final class WorkerNode extends AbstractBehavior<WorkerNode.Command> {
  /** How a node's part in a crawl ended. */
  public enum Outcome {
    FINISHED,
    /** The coordinator is gone, and it may come back with the crawl ({@code --resume}). */
    COORDINATOR_LOST,
    /** The coordinator is gone with a crawl that cannot be resumed (it had no {@code --state}). */
    CRAWL_LOST,
    /** The crawl's settings cannot be used on this node (its CA file is missing, say). */
    SETTINGS_REFUSED,
    /**
     * This node's output part could not be written (a full disk, say): it left the crawl, whose
     * coordinator gives the jobs it had not written to other nodes.
     */
    PART_FAILED
  }

  public sealed interface Command extends CrawlMessage {}

  /** The crawl is over (or was stopped on the coordinator): leave the cluster. */
  public record Finished(boolean stopped) implements Command {}

  private record MonitorListing(Receptionist.Listing listing)
      implements Command, NoSerializationVerificationNeeded {}

  private record SpecReceived(CrawlSpec spec, Throwable failure)
      implements Command, NoSerializationVerificationNeeded {}

  private record MonitorGone() implements Command, NoSerializationVerificationNeeded {}

  private record PartFailed(PartWriter.Failed failure)
      implements Command, NoSerializationVerificationNeeded {}

  enum SlotDone implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private enum StatsTick implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  private final TimerScheduler<Command> timers;
  private final Config overrides;
  private final ClusterSettings cluster;
  private final FetchInterceptor interceptor;
  private final boolean leaveWhenFinished;
  private final CompletableFuture<Outcome> outcome;
  private final Consumer<String> lines;
  private final CrawlListener listener;
  private final String name;
  private ActorRef<ClusterMonitor.Command> monitor;
  private HttpFetcher http;
  private int slots;
  private long completed;
  private boolean finished;
  private boolean resumable;

  /**
   * @param overrides settings of this node over the coordinator's (for example its User-Agent)
   * @param cluster this node's cluster settings (its own, not the coordinator's)
   * @param leaveWhenFinished leave the cluster at the end (not on the coordinator's own node)
   * @param lines where the node's messages for its user go
   * @param listener hears of the node's slots and their jobs (its metrics)
   */
  public static Behavior<Command> create(
      Config overrides,
      ClusterSettings cluster,
      FetchInterceptor interceptor,
      boolean leaveWhenFinished,
      CompletableFuture<Outcome> outcome,
      Consumer<String> lines,
      CrawlListener listener) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers ->
                    new WorkerNode(
                        context,
                        timers,
                        overrides,
                        cluster,
                        interceptor,
                        leaveWhenFinished,
                        outcome,
                        lines,
                        listener)));
  }

  private WorkerNode(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      Config overrides,
      ClusterSettings cluster,
      FetchInterceptor interceptor,
      boolean leaveWhenFinished,
      CompletableFuture<Outcome> outcome,
      Consumer<String> lines,
      CrawlListener listener) {
    super(context);
    this.listener = listener;
    this.timers = timers;
    this.overrides = overrides;
    this.cluster = cluster;
    this.interceptor = interceptor;
    this.leaveWhenFinished = leaveWhenFinished;
    this.outcome = outcome;
    this.lines = lines;
    this.name = nodeName(context);
    context
        .getSystem()
        .receptionist()
        .tell(Receptionist.register(WorkKeys.NODES, context.getSelf()));
    context
        .getSystem()
        .receptionist()
        .tell(
            Receptionist.subscribe(
                WorkKeys.MONITOR,
                context.messageAdapter(Receptionist.Listing.class, MonitorListing::new)));
  }

  static String nodeName(ActorContext<?> context) {
    var address = Cluster.get(context.getSystem()).selfMember().address();
    return address.host().getOrElse(() -> "local") + ":" + address.port().getOrElse(() -> 0);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MonitorListing.class, this::onMonitorListing)
        .onMessage(SpecReceived.class, this::onSpecReceived)
        .onMessageEquals(
            SlotDone.INSTANCE,
            () -> {
              completed++;
              return this;
            })
        .onMessageEquals(StatsTick.INSTANCE, this::onStatsTick)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(MonitorGone.class, this::onMonitorGone)
        .onMessage(PartFailed.class, this::onPartFailed)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onMonitorListing(MonitorListing m) {
    var found = m.listing().getServiceInstances(WorkKeys.MONITOR);
    if (monitor == null && !found.isEmpty()) {
      monitor = found.iterator().next();
      getContext().watchWith(monitor, new MonitorGone());
      askForSpec();
    }
    return this;
  }

  private void askForSpec() {
    getContext()
        .ask(
            CrawlSpec.class,
            monitor,
            Duration.ofSeconds(10),
            ClusterMonitor.GetSpec::new,
            SpecReceived::new);
  }

  private Behavior<Command> onSpecReceived(SpecReceived m) {
    if (slots > 0) {
      return this; // already fetching
    }
    if (m.failure() != null) {
      getContext()
          .getLog()
          .warn("No crawl spec from the coordinator yet: {}", m.failure().toString());
      askForSpec();
      return this;
    }
    CrawlSettings settings;
    WarcSettings warc;
    ActorRef<Fetcher.Command> pool;
    try {
      Config config =
          overrides
              .withFallback(ConfigFactory.parseString(m.spec().crawlerConfig()))
              .withFallback(ConfigFactory.load())
              .resolve();
      settings = CrawlSettings.load(config, m.spec().seeds());
      // WARC files only with a part of the node's own (the coordinator refuses them otherwise).
      warc = m.spec().parts() == null ? null : WarcSettings.load(config);
      if (!cluster.simulate()) {
        // The TLS and proxy settings are read here; exchanges are kept for the WARC files.
        http = new HttpFetcher(settings.fetch(), warc != null && warc.enabled());
      }
    } catch (SettingsException e) {
      lines.accept("error: the crawl's settings cannot be used on this node: " + e.getMessage());
      outcome.complete(Outcome.SETTINGS_REFUSED);
      getContext().getSystem().terminate();
      return this;
    }
    resumable = m.spec().resumable();
    if (cluster.simulate()) {
      pool = getContext().spawn(SimulatedFetcher.create(), "simulated-fetcher");
    } else {
      pool = LocalWorkers.spawnPool(getContext(), settings, http, interceptor);
    }
    WorkerSlot.NodePart part = null;
    if (m.spec().parts() != null) {
      var self = Cluster.get(getContext().getSystem()).selfMember().uniqueAddress();
      Path file = m.spec().partFile(cluster.partsDir(), self);
      try {
        part =
            new WorkerSlot.NodePart(
                getContext()
                    .spawn(
                        PartWriter.create(
                            file,
                            !warc.enabled()
                                ? null
                                : WarcOutput.create(
                                    cluster.partsDir(),
                                    CrawlSpec.nodeName(self),
                                    warc.maxSize(),
                                    WarcOutput.infoFor(settings),
                                    Clock.systemUTC()),
                            settings.parse().extract(),
                            resumable,
                            getContext().messageAdapter(PartWriter.Failed.class, PartFailed::new)),
                        "part",
                        // It syncs the part to disk: blocking I/O, as the collector's.
                        DispatcherSelector.fromConfig("crawler.io-dispatcher")),
                file.toAbsolutePath().toString());
      } catch (IOException e) {
        lines.accept("error: cannot write this node's output part " + file + ": " + e.getMessage());
        outcome.complete(Outcome.SETTINGS_REFUSED);
        getContext().getSystem().terminate();
        return this;
      }
      lines.accept("Writing the records of this node's pages to " + file);
    }
    slots = cluster.slotsFor(settings.fetchers());
    Relay relay =
        new Relay(
            getContext().getSystem(),
            m.spec().inbox(),
            getContext().spawn(AnswerOutbox.create(AnswerOutbox.LINGER), "outbox"),
            cluster.maxResultSize());
    ActorRef<Fetcher.Command> fetchers = pool;
    WorkerSlot.NodePart nodePart = part;
    getContext()
        .spawn(
            JobFeed.create(
                slots,
                (feed, receipts) ->
                    WorkerSlot.create(
                        fetchers,
                        feed,
                        receipts,
                        getContext().getSelf(),
                        relay,
                        listener,
                        nodePart)),
            "feed");
    listener.onNodeStarted(name, slots);
    timers.startTimerWithFixedDelay(StatsTick.INSTANCE, Duration.ofSeconds(1));
    lines.accept(
        (cluster.simulate()
                ? "Simulating fetches for the crawl with "
                : "Fetching for the crawl with ")
            + slots
            + " slots");
    return this;
  }

  private Behavior<Command> onStatsTick() {
    listener.onNodeTick(completed);
    monitor.tell(new ClusterMonitor.NodeStats(name, completed, slots, getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onFinished(Finished m) {
    if (!finished) {
      finished = true;
      if (monitor != null) {
        monitor.tell(new ClusterMonitor.NodeStats(name, completed, slots, getContext().getSelf()));
      }
      lines.accept(
          String.format(
              Locale.ROOT,
              (m.stopped()
                      ? "The crawl was stopped on its coordinator: this node did %s"
                      : "The crawl is over: this node did %s")
                  + " (robots.txt and sitemaps included)",
              completed == 1 ? "1 job" : String.format(Locale.ROOT, "%,d jobs", completed)));
      String hint = LongCrawl.hint(completed);
      if (hint != null) {
        lines.accept(hint);
      }
      outcome.complete(Outcome.FINISHED);
      if (leaveWhenFinished) {
        Cluster cluster = Cluster.get(getContext().getSystem());
        cluster.manager().tell(Leave.create(cluster.selfMember().address()));
      }
    }
    return this;
  }

  /**
   * This node can no longer keep the records of its pages: it leaves the crawl, so that work
   * pulling gives its jobs (and those it fetched but did not write) to the other nodes, instead of
   * taking more work that it would lose.
   */
  private Behavior<Command> onPartFailed(PartFailed m) {
    if (!finished) {
      finished = true;
      lines.accept(
          String.format(
              Locale.ROOT,
              "error: cannot write this node's output part %s (%s): leaving the crawl after %,d"
                  + " jobs; the coordinator gives the jobs it did not write to other nodes",
              m.failure().part(),
              m.failure().reason(),
              completed));
      outcome.complete(Outcome.PART_FAILED);
      Cluster cluster = Cluster.get(getContext().getSystem());
      cluster.manager().tell(Leave.create(cluster.selfMember().address()));
    }
    return this;
  }

  private Behavior<Command> onMonitorGone(MonitorGone m) {
    MemberStatus self = Cluster.get(getContext().getSystem()).selfMember().status();
    boolean leaving = self == MemberStatus.leaving() || self == MemberStatus.exiting();
    if (!finished && !leaving && !resumable) {
      outcome.complete(Outcome.CRAWL_LOST); // the command says so
      getContext().getSystem().terminate();
    } else if (!finished && !leaving) {
      lines.accept(
          String.format(
              Locale.ROOT,
              "The coordinator is gone (this node did %s): joining it again when it is back",
              completed == 1 ? "1 job" : String.format(Locale.ROOT, "%,d jobs", completed)));
      outcome.complete(Outcome.COORDINATOR_LOST);
      getContext().getSystem().terminate();
    }
    return this;
  }

  private Behavior<Command> onPostStop() {
    if (http != null) {
      http.close();
    }
    return this;
  }
}
