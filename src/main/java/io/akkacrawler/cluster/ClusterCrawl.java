package io.akkacrawler.cluster;

import akka.actor.typed.ActorSystem;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Leave;
import com.typesafe.config.Config;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.Crawler;
import io.akkacrawler.ResultSink;
import io.akkacrawler.collect.OutputParts;
import io.akkacrawler.config.ClusterSettings;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.fetch.FetchInterceptor;
import io.akkacrawler.state.CrawlStore;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Cluster mode: one crawl across several JVMs. The coordinator node runs the crawl supervisor as a
 * cluster singleton over the frontier (and its store), the collector, and the {@link
 * ClusterMonitor}, all under its {@link CoordinatorNode}; every fetching node (the coordinator too,
 * unless told not to) runs a {@link WorkerNode} whose slots get their jobs from the coordinator's
 * {@link WorkDistributor}. This class starts the nodes' actor systems and waits for them.
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
   * crawl), its cluster settings read from it; {@code crawlerConfig} its {@code crawler} section in
   * HOCON, which joining nodes get; {@code lines} (null: nowhere) takes a line of the cluster's
   * progress per {@code progressInterval}.
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
    return startCoordinator(
        settings,
        ClusterSettings.load(config),
        config,
        crawlerConfig,
        node,
        fetch,
        sink,
        null,
        listener,
        store,
        lines,
        progressInterval);
  }

  /**
   * Starts the coordinator of a crawl with these cluster settings (see above); with {@code parts}
   * (null: none) each node writes the records of its pages to a part of its own.
   */
  public static Coordinator startCoordinator(
      CrawlSettings settings,
      ClusterSettings cluster,
      Config config,
      String crawlerConfig,
      Node node,
      boolean fetch,
      ResultSink sink,
      OutputParts parts,
      CrawlListener listener,
      CrawlStore store,
      Consumer<String> lines,
      Duration progressInterval) {
    CompletableFuture<CrawlSummary> result = new CompletableFuture<>();
    CompletableFuture<Map<String, Long>> totals = new CompletableFuture<>();
    CrawlStore frontierStore = store != null ? store : CrawlStore.inMemory();
    ActorSystem<CoordinatorNode.Command> system =
        ActorSystem.create(
            CoordinatorNode.create(
                new CoordinatorNode.Setup(
                    settings,
                    cluster,
                    new CrawlSpec(
                        crawlerConfig,
                        settings.seeds(),
                        store != null,
                        null,
                        parts == null ? null : parts.output().getFileName().toString()),
                    fetch,
                    sink,
                    parts,
                    listener,
                    frontierStore,
                    lines,
                    progressInterval,
                    result,
                    totals)),
            ClusterSetup.SYSTEM,
            ClusterSetup.nodeConfig(node, ClusterSetup.COORDINATOR, cluster)
                .withFallback(config)
                .resolve());
    if (!fetch && lines != null) {
      lines.accept("Waiting for a worker to join (this node does not fetch)");
    }
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
        new Crawler.CrawlHandle(() -> system.tell(CoordinatorNode.Stop.INSTANCE), completion);
    return new Coordinator(handle, totals);
  }

  /**
   * Whether something accepts connections at {@code hostPort} ("host:port", "[::1]:port") within 2
   * s: the coordinator's process, when a worker lost sight of it. A killed one's port refuses.
   */
  static boolean listening(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      return false;
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1))), 2_000);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Runs a worker node until the crawl it joined is over; if the coordinator is lost (or cannot be
   * reached), starts again and rejoins, for at most the cluster's {@code rejoin-for} from the loss
   * (or the start). Returns its outcome, or null when it gave up or was stopped by {@code stop}.
   * {@code listener} hears of the node's slots and their jobs (its metrics).
   */
  public static WorkerNode.Outcome runWorker(
      Config config,
      Node node,
      Config overrides,
      ClusterSettings cluster,
      CompletableFuture<Void> stop,
      Consumer<String> log,
      CrawlListener listener)
      throws InterruptedException {
    long giveUpAt = System.nanoTime() + cluster.rejoinFor().toNanos();
    boolean joinedOnce = false; // then its address was right: no hint about how it is written
    while (true) {
      CompletableFuture<WorkerNode.Outcome> outcome = new CompletableFuture<>();
      ActorSystem<WorkerNode.Command> system =
          ActorSystem.create(
              WorkerNode.create(
                  overrides, cluster, FetchInterceptor.NONE, true, outcome, log, listener),
              ClusterSetup.SYSTEM,
              ClusterSetup.nodeConfig(node, ClusterSetup.WORKER, cluster)
                  .withFallback(config)
                  .resolve());
      stop.thenRun(
          () -> {
            Cluster members = Cluster.get(system);
            MemberStatus status = members.selfMember().status();
            if (status == MemberStatus.up() || status == MemberStatus.weaklyUp()) {
              members.manager().tell(Leave.create(members.selfMember().address()));
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
      if (outcome.getNow(null) == WorkerNode.Outcome.CRAWL_LOST && listening(node.join())) {
        // Its coordinator's process is still there: this node was taken out of the cluster (a
        // long pause, a cut network) while the crawl goes on, and joins it again.
        log.accept(
            "This node was taken out of the cluster, and its coordinator "
                + node.join()
                + " is still there: joining again");
        giveUpAt = System.nanoTime() + cluster.rejoinFor().toNanos();
        joinedOnce = true;
        continue;
      }
      if (outcome.getNow(null) == WorkerNode.Outcome.FINISHED
          || outcome.getNow(null) == WorkerNode.Outcome.CRAWL_LOST
          || outcome.getNow(null) == WorkerNode.Outcome.SETTINGS_REFUSED
          || outcome.getNow(null) == WorkerNode.Outcome.PART_FAILED) {
        return outcome.getNow(null);
      }
      if (outcome.getNow(null) == WorkerNode.Outcome.COORDINATOR_LOST) {
        // It had joined: the time to get back in counts from the loss.
        giveUpAt = System.nanoTime() + cluster.rejoinFor().toNanos();
        joinedOnce = true;
      }
      if (System.nanoTime() > giveUpAt) {
        return null;
      }
      log.accept(
          "The coordinator "
              + node.join()
              + (joinedOnce
                  ? " is not reachable: joining again shortly"
                  : " is not reachable (give its address exactly as it printed it, e.g. not"
                      + " localhost for 127.0.0.1): joining again shortly"));
      try {
        stop.get(2, java.util.concurrent.TimeUnit.SECONDS); // a stop ends the wait at once
        return null;
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        // time to join again
      }
    }
  }
}
