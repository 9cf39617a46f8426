package io.akkacrawler.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.Leave;
import akka.cluster.typed.SingletonActor;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.Crawler;
import io.akkacrawler.LocalWorkers;
import io.akkacrawler.ResultSink;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.fetch.FetchInterceptor;
import io.akkacrawler.fetch.Fetcher;
import io.akkacrawler.frontier.CrawlSupervisor;
import io.akkacrawler.state.CrawlStore;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Cluster mode: one crawl across several JVMs. The coordinator node runs the crawl supervisor as a
 * cluster singleton over the frontier (and its store), the collector, and the {@link
 * ClusterMonitor}; every fetching node (the coordinator too, unless told not to) runs a {@link
 * WorkerNode} whose slots pull jobs through Akka's reliable-delivery work pulling.
 */
public final class ClusterCrawl {
  private ClusterCrawl() {}

  /** Where a node listens, and the coordinator it joins ({@code join} null for the coordinator). */
  public record Node(String host, int port, String join) {}

  /** A running coordinator: the crawl's handle, and (at the end) the jobs each node did. */
  public record Coordinator(
      Crawler.CrawlHandle handle, CompletableFuture<Map<String, Long>> totals) {
    /** Jobs finished per node, once the crawl is over (empty before, or when unknown). */
    public Map<String, Long> nodeTotals() {
      return totals.getNow(Map.of());
    }
  }

  /**
   * Fails with one line if this node could not listen at {@code host:port} (the port is taken, or
   * the host is not this machine's), before anything is started or any file is opened.
   */
  public static void checkCanListen(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(host, port));
    } catch (BindException e) {
      throw new SettingsException(
          "cannot listen on "
              + host
              + ":"
              + port
              + ": "
              + (String.valueOf(e.getMessage()).contains("in use")
                  ? "the port is in use (choose another --cluster-port)"
                  : e.getMessage() + " (is --cluster-host this machine's address?)"));
    } catch (IOException | IllegalArgumentException e) {
      throw new SettingsException("cannot listen on " + host + ":" + port + ": " + e.getMessage());
    }
  }

  /**
   * Starts the coordinator of a crawl. {@code config} is the crawl's config (as for a standalone
   * crawl); {@code crawlerConfig} its {@code crawler} section in HOCON, which joining nodes get;
   * {@code lines} (null: nowhere) takes a line of the cluster's progress per {@code
   * progressInterval}.
   */
  public static Coordinator startCoordinator(
      CrawlSettings settings,
      Config config,
      String crawlerConfig,
      Node node,
      boolean fetch,
      ResultSink sink,
      CrawlListener listener,
      CrawlStore store,
      Consumer<String> lines,
      Duration progressInterval) {
    CompletableFuture<CrawlSummary> result = new CompletableFuture<>();
    CrawlStore frontierStore = store != null ? store : CrawlStore.inMemory();
    CompletableFuture<ActorRef<CrawlSupervisor.Command>> crawl = new CompletableFuture<>();
    CompletableFuture<ActorRef<ClusterMonitor.Command>> monitorRef = new CompletableFuture<>();
    AtomicBoolean started = new AtomicBoolean();
    AtomicReference<Runnable> startCrawl = new AtomicReference<>();
    Behavior<Void> guardian =
        Behaviors.setup(
            context -> {
              CrawlSupervisor.Workers workers =
                  new CrawlSupervisor.Workers() {
                    private final LocalWorkers local =
                        new LocalWorkers(
                            settings,
                            sink,
                            listener,
                            FetchInterceptor.NONE,
                            null,
                            frontierStore.durable());

                    @Override
                    public ActorRef<io.akkacrawler.collect.Collector.Command> spawnCollector(
                        akka.actor.typed.javadsl.ActorContext<CrawlSupervisor.Command> ctx,
                        ActorRef<io.akkacrawler.collect.Collector.Event> events) {
                      return local.spawnCollector(ctx, events);
                    }

                    @Override
                    public ActorRef<Fetcher.Command> spawnFetchers(
                        akka.actor.typed.javadsl.ActorContext<CrawlSupervisor.Command> ctx) {
                      return ctx.spawn(WorkDistributor.create(), "work-distributor");
                    }
                  };
              ActorSystem<?> system = context.getSystem();
              startCrawl.set(
                  () -> {
                    if (started.compareAndSet(false, true)) {
                      crawl.complete(
                          ClusterSingleton.get(system)
                              .init(
                                  SingletonActor.of(
                                          CrawlSupervisor.create(
                                              settings, workers, frontierStore, result),
                                          "crawl")
                                      .withSettings(
                                          ClusterSingletonSettings.create(system)
                                              .withRole(ClusterSetup.COORDINATOR))
                                      .withProps(
                                          DispatcherSelector.fromConfig("crawler.io-dispatcher"))));
                    }
                  });
              if (fetch) {
                startCrawl.get().run();
              } else {
                // Nothing is dispatched before a node can fetch: no request waits for nobody
                // until its deadline (and robots.txt is not given up on for it).
                if (lines != null) {
                  lines.accept("Waiting for a worker to join (this node does not fetch)");
                }
                context.spawn(onFirstWorker(startCrawl.get()), "await-worker");
              }
              monitorRef.complete(
                  context.spawn(
                      ClusterMonitor.create(
                          new CrawlSpec(crawlerConfig, settings.seeds(), store != null),
                          lines,
                          progressInterval),
                      "monitor"));
              if (fetch) {
                context.spawn(
                    WorkerNode.create(
                        ConfigFactory.empty(),
                        FetchInterceptor.NONE,
                        false,
                        new CompletableFuture<>(),
                        line -> {}),
                    "node");
              }
              return Behaviors.empty();
            });
    ActorSystem<Void> system =
        ActorSystem.create(
            guardian,
            ClusterSetup.SYSTEM,
            ClusterSetup.nodeConfig(node, ClusterSetup.COORDINATOR).withFallback(config).resolve());
    ActorRef<ClusterMonitor.Command> monitor = monitorRef.join();
    // When the crawl is over: tell the nodes, let them leave (each reports its last figures as it
    // goes), note what each node did, then go.
    CompletableFuture<Map<String, Long>> totals = new CompletableFuture<>();
    result.whenComplete(
        (summary, failure) -> {
          monitor.tell(new ClusterMonitor.FinishCrawl(summary == null || summary.interrupted()));
          awaitOthersLeaving(
              system, monitor, totals, System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        });
    // Over once the system is down and the store closed: the CLI exits right then.
    CompletionStage<CrawlSummary> completion =
        system
            .getWhenTerminated()
            .handle(
                (done, failure) -> {
                  if (store == null) {
                    frontierStore.close();
                  }
                  return done;
                })
            .thenCompose(done -> result);
    Crawler.CrawlHandle handle =
        new Crawler.CrawlHandle(
            () -> {
              startCrawl.get().run(); // stopped before any worker came: it stops at once
              crawl.join().tell(new CrawlSupervisor.Stop());
            },
            completion);
    return new Coordinator(handle, totals);
  }

  /** Runs {@code start} once a worker node has registered, then stops. */
  private static Behavior<Receptionist.Listing> onFirstWorker(Runnable start) {
    return Behaviors.setup(
        context -> {
          context
              .getSystem()
              .receptionist()
              .tell(Receptionist.subscribe(WorkKeys.NODES, context.getSelf()));
          return Behaviors.receiveMessage(
              listing -> {
                if (listing.getServiceInstances(WorkKeys.NODES).isEmpty()) {
                  return Behaviors.same();
                }
                start.run();
                return Behaviors.stopped();
              });
        });
  }

  private static void awaitOthersLeaving(
      ActorSystem<Void> system,
      ActorRef<ClusterMonitor.Command> monitor,
      CompletableFuture<Map<String, Long>> totals,
      long deadlineNanos) {
    Cluster cluster = Cluster.get(system);
    long others = 0;
    for (akka.cluster.Member m : cluster.state().getMembers()) {
      if (!m.equals(cluster.selfMember()) && m.status() != MemberStatus.removed()) {
        others++;
      }
    }
    if (others == 0 || System.nanoTime() > deadlineNanos) {
      AskPattern.<ClusterMonitor.Command, ClusterMonitor.NodeTotals>ask(
              monitor, ClusterMonitor.GetTotals::new, Duration.ofSeconds(3), system.scheduler())
          .whenComplete(
              (answer, error) -> {
                totals.complete(answer == null ? Map.of() : answer.jobs());
                cluster.manager().tell(Leave.create(cluster.selfMember().address()));
                // Leaving ends the system through coordinated shutdown; make sure it ends anyway.
                CompletableFuture.delayedExecutor(5, TimeUnit.SECONDS).execute(system::terminate);
              });
    } else {
      CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)
          .execute(() -> awaitOthersLeaving(system, monitor, totals, deadlineNanos));
    }
  }

  /**
   * Runs a worker node until the crawl it joined is over; if the coordinator is lost (or cannot be
   * reached), starts again and rejoins, for at most {@code rejoinFor} from the loss (or the start).
   * Returns its outcome, or null when it gave up or was stopped by {@code stop}.
   */
  public static WorkerNode.Outcome runWorker(
      Config config,
      Node node,
      Config overrides,
      Duration rejoinFor,
      CompletableFuture<Void> stop,
      Consumer<String> log)
      throws InterruptedException {
    long giveUpAt = System.nanoTime() + rejoinFor.toNanos();
    while (true) {
      CompletableFuture<WorkerNode.Outcome> outcome = new CompletableFuture<>();
      ActorSystem<WorkerNode.Command> system =
          ActorSystem.create(
              WorkerNode.create(overrides, FetchInterceptor.NONE, true, outcome, log),
              ClusterSetup.SYSTEM,
              ClusterSetup.nodeConfig(node, ClusterSetup.WORKER).withFallback(config).resolve());
      stop.thenRun(
          () -> {
            Cluster cluster = Cluster.get(system);
            MemberStatus status = cluster.selfMember().status();
            if (status == MemberStatus.up() || status == MemberStatus.weaklyUp()) {
              cluster.manager().tell(Leave.create(cluster.selfMember().address()));
            } else {
              system.terminate(); // not in the cluster (yet): nothing to hand back
            }
          });
      log.accept("Node " + Cluster.get(system).selfMember().address() + " joining " + node.join());
      try {
        system.getWhenTerminated().toCompletableFuture().get();
      } catch (java.util.concurrent.ExecutionException e) {
        // terminated anyway
      }
      if (stop.isDone()) {
        return null;
      }
      if (outcome.getNow(null) == WorkerNode.Outcome.FINISHED
          || outcome.getNow(null) == WorkerNode.Outcome.CRAWL_LOST) {
        return outcome.getNow(null);
      }
      if (outcome.getNow(null) == WorkerNode.Outcome.COORDINATOR_LOST) {
        // It had joined: the time to get back in counts from the loss.
        giveUpAt = System.nanoTime() + rejoinFor.toNanos();
      }
      if (System.nanoTime() > giveUpAt) {
        return null;
      }
      log.accept(
          "The coordinator "
              + node.join()
              + " is not reachable (give its address exactly as it printed it, e.g. not"
              + " localhost for 127.0.0.1): joining again shortly");
      Thread.sleep(2_000);
    }
  }
}
