package io.akkacrawler.cli;

import com.typesafe.config.Config;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.cluster.ClusterCrawl;
import io.akkacrawler.cluster.WorkerNode;
import io.akkacrawler.config.ClusterSettings;
import io.akkacrawler.config.ProxySettings;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.metrics.Monitoring;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code crawl worker --join HOST:PORT}: a node that fetches for a cluster crawl. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Join a cluster crawl as a worker: pull work from the coordinator until the crawl ends.",
      "The crawl's settings come from the coordinator; --set changes this node's own (for"
          + " example fetch.user-agent). Ctrl-C leaves the cluster; unfinished work goes to the"
          + " other nodes."
    })
final class WorkerCommand implements Callable<Integer> {
  @Option(
      names = "--join",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The coordinator (its --cluster-host and --cluster-port).")
  String join;

  @Option(
      names = "--cluster-port",
      paramLabel = "PORT",
      description = "Port of this node (default: any free port).")
  int port;

  @Option(
      names = "--cluster-host",
      paramLabel = "HOST",
      description =
          "The address other nodes reach this one at (default"
              + " crawler.cluster.hostname, 127.0.0.1).")
  String host;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "HOCON file of settings.")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "This node's own setting over the crawl's (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--parts-dir",
      paramLabel = "DIR",
      description =
          "Where this node writes its part of the output when the coordinator runs with"
              + " --parts (default: the current directory).")
  Path partsDir;

  @Mixin MetricsOptions metrics = new MetricsOptions();

  @Option(
      names = {"-q", "--quiet"},
      description = "No messages but errors.")
  boolean quiet;

  @Option(
      names = "--long",
      description =
          "The crawl is long (tens of thousands of pages for this node): ./crawl compiles with C2"
              + " too, which costs CPU at first and then ~40%% less per page.")
  boolean longCrawl;

  private final PrintStream err;
  private final Cli.Signals signals;

  WorkerCommand(PrintStream err, Cli.Signals signals) {
    this.err = err;
    this.signals = signals;
  }

  @Override
  public Integer call() throws Exception {
    if (!join.matches("[^:\\s]+:\\d{1,5}")) {
      throw new SettingsException("--join takes HOST:PORT (got '" + join + "')");
    }
    int colon = join.lastIndexOf(':');
    int joinPort = Integer.parseInt(join.substring(colon + 1));
    if (joinPort < 1 || joinPort > 65535) {
      throw new SettingsException(
          "--join: the port must be from 1 to 65535 (got " + joinPort + ")");
    }
    ConfigOverrides overrides = new ConfigOverrides();
    sets.forEach(overrides::set);
    if (partsDir != null) {
      overrides.flag("cluster.parts-dir", partsDir.toAbsolutePath().toString(), "--parts-dir");
    }
    Config own = overrides.explicit(configFile);
    // The metrics flags are this process's own: they are not sent over the crawl's settings.
    Config config = metrics.apply(overrides).build(configFile);
    CrawlLaunch.refuseOnWorker(config);
    ClusterSettings cluster = ClusterSettings.load(config);
    // This node's proxy variables serve the crawl when it names no proxy: unusable ones fail now.
    new ProxySettings(null, List.of(), "", "").routes(System.getenv());
    String address = host != null ? host : cluster.hostname();
    ClusterCrawl.checkCanListen(address, port);
    try (Monitoring monitoring =
        MetricsOptions.start(config, MetricsOptions.Role.WORKER, "the crawl at " + join, err)) {
      int code = work(config, own, cluster, address, monitoring);
      if (monitoring != null && (code == ExitCodes.OK || code == ExitCodes.FAILURE)) {
        MetricsOptions.linger(config, monitoring, signals, err);
      }
      return code;
    }
  }

  private int work(
      Config config, Config own, ClusterSettings cluster, String address, Monitoring monitoring)
      throws InterruptedException {
    CompletableFuture<Void> stop = new CompletableFuture<>();
    signals.onInterrupt(
        () -> {
          err.println("Leaving the cluster");
          stop.complete(null);
        });
    try {
      String joinHost = join.substring(0, join.lastIndexOf(':'));
      if (!resolves(joinHost, cluster.rejoinFor(), stop)) {
        if (monitoring != null) {
          tellEnd(monitoring, null, stop.isDone());
        }
        if (stop.isDone()) {
          return ExitCodes.INTERRUPTED;
        }
        err.println(
            "error: gave up: the coordinator's host '"
                + joinHost
                + "' did not resolve for "
                + human(cluster.rejoinFor())
                + " (crawler.cluster.rejoin-for)");
        return ExitCodes.FAILURE;
      }
      WorkerNode.Outcome outcome =
          ClusterCrawl.runWorker(
              config,
              new ClusterCrawl.Node(address, port, join),
              own,
              cluster,
              stop,
              line -> {
                if (!quiet || line.startsWith("error: ")) {
                  err.println(line);
                }
              },
              monitoring == null ? CrawlListener.NONE : monitoring.listener());
      if (monitoring != null) {
        tellEnd(monitoring, outcome, stop.isDone());
      }
      if (stop.isDone()) {
        return ExitCodes.INTERRUPTED;
      }
      if (outcome == WorkerNode.Outcome.SETTINGS_REFUSED) {
        return ExitCodes.USAGE; // its one line is printed
      }
      if (outcome == WorkerNode.Outcome.PART_FAILED) {
        return ExitCodes.FAILURE; // its one line is printed
      }
      if (outcome == WorkerNode.Outcome.CRAWL_LOST) {
        err.println(
            "error: the coordinator "
                + join
                + " is gone, and its crawl cannot be resumed (it ran without --state)");
        return ExitCodes.FAILURE;
      }
      if (outcome == null) {
        err.println(
            "error: gave up: the coordinator "
                + join
                + " could not be reached for "
                + human(cluster.rejoinFor())
                + " (crawler.cluster.rejoin-for)");
        return ExitCodes.FAILURE;
      }
      return ExitCodes.OK;
    } finally {
      signals.reset();
    }
  }

  /**
   * Whether the coordinator's host name resolves, waiting for at most {@code patience} (or until
   * {@code stop}) while it does not: a worker may start before its coordinator's name exists (a
   * container or a DNS record started alongside), as it may start before the coordinator listens.
   */
  private boolean resolves(String joinHost, Duration patience, CompletableFuture<Void> stop)
      throws InterruptedException {
    long giveUpAt = System.nanoTime() + patience.toNanos();
    for (boolean first = true; ; first = false) {
      try {
        InetAddress.getByName(joinHost);
        return true;
      } catch (UnknownHostException e) {
        if (first && !quiet) {
          err.println(
              "The coordinator's host '"
                  + joinHost
                  + "' does not resolve (yet): trying again for "
                  + human(patience)
                  + " (crawler.cluster.rejoin-for)");
        }
      }
      long left = giveUpAt - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        stop.get(Math.min(left, 1_000_000_000L), java.util.concurrent.TimeUnit.NANOSECONDS);
        return false; // stopped
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        // time to look it up again
      }
    }
  }

  /** How this node's part ended, for its dashboard. */
  private static void tellEnd(Monitoring monitoring, WorkerNode.Outcome outcome, boolean stopped) {
    if (stopped) {
      monitoring.ended("interrupted", "this node left the crawl");
    } else if (outcome == WorkerNode.Outcome.FINISHED) {
      monitoring.ended("finished", null);
    } else if (outcome == WorkerNode.Outcome.CRAWL_LOST) {
      monitoring.ended("failed", "the coordinator is gone");
    } else if (outcome == WorkerNode.Outcome.SETTINGS_REFUSED) {
      monitoring.ended("failed", "this node cannot use the crawl's settings");
    } else if (outcome == WorkerNode.Outcome.PART_FAILED) {
      monitoring.ended("failed", "this node's output part could not be written");
    } else {
      monitoring.ended("failed", "the coordinator could not be reached");
    }
  }

  /** 5s, 2m, 1m30s: how long a user set. */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
  }
}
