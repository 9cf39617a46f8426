package io.akkacrawler.cli;

import com.typesafe.config.Config;
import io.akkacrawler.CrawlException;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.Crawler;
import io.akkacrawler.ResultSink;
import io.akkacrawler.cluster.ClusterCrawl;
import io.akkacrawler.collect.OutputParts;
import io.akkacrawler.collect.WarcOutput;
import io.akkacrawler.config.ClusterSettings;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.LongCrawl;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.metrics.Monitoring;
import io.akkacrawler.state.StateDirectory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A crawl {@link CrawlLaunch} prepared, from start to exit code: starts it standalone or as a
 * cluster coordinator, relays Ctrl-C, waits for it and prints the summary.
 */
final class CrawlRun {
  private final CrawlCommand options;
  private final PrintStream err;
  private final Cli.Signals signals;

  /** Records that earlier runs of a resumed crawl committed (0 for a new crawl). */
  private final long earlierRecords;

  /** The crawl's WARC files, or null. */
  private WarcOutput warc;

  /** The metrics endpoint, or null. */
  private final Monitoring monitoring;

  CrawlRun(
      CrawlCommand options,
      PrintStream err,
      Cli.Signals signals,
      long earlierRecords,
      Monitoring monitoring) {
    this.options = options;
    this.err = err;
    this.signals = signals;
    this.earlierRecords = earlierRecords;
    this.monitoring = monitoring;
  }

  /**
   * Runs the crawl into {@code sink} (and {@code warc}, if not null), kept in {@code dir} if not
   * null; returns the exit code.
   */
  int run(
      CrawlSettings settings, Config config, ResultSink sink, WarcOutput warc, StateDirectory dir) {
    this.warc = warc;
    Duration interval =
        stderrIsTerminal() ? settings.progressIntervalTty() : settings.progressIntervalLog();
    CrawlListener listener =
        options.quiet ? CrawlListener.NONE : new ProgressPrinter(err, interval, statusLine());
    if (monitoring != null) {
      listener = listener.andThen(monitoring.listener());
    }
    ClusterCrawl.Coordinator coordinator = null;
    Crawler.CrawlHandle handle;
    if (options.clusterPort != null) {
      coordinator = startCoordinator(settings, config, sink, listener, dir, interval);
      handle = coordinator.handle();
    } else {
      Crawler crawler =
          Crawler.of(settings).sink(sink).warc(warc).listener(listener).config(config);
      if (dir != null) {
        crawler.store(dir.store());
      }
      handle = crawler.start();
    }
    AtomicInteger stops = new AtomicInteger(); // Ctrl-C, SIGTERM and the time limit
    AtomicBoolean timeUp = new AtomicBoolean();
    AtomicBoolean over = new AtomicBoolean();
    signals.onInterrupt(
        () -> {
          err.println(
              stops.incrementAndGet() == 1
                  ? "Interrupted: finishing the requests in flight (Ctrl-C again to stop now)"
                  : "Stopping now: the requests in flight are abandoned");
          handle.stop();
        });
    Duration maxTime = settings.maxTime();
    if (!maxTime.isZero()) {
      CompletableFuture.delayedExecutor(maxTime.toMillis(), TimeUnit.MILLISECONDS)
          .execute(
              () -> {
                if (!over.get() && stops.compareAndSet(0, 1)) {
                  timeUp.set(true);
                  err.println(
                      "Time limit of "
                          + Durations.format(maxTime)
                          + " reached: finishing the requests in flight");
                  handle.stop();
                }
              });
    }
    CrawlSummary summary;
    try {
      summary = handle.completion().toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (monitoring != null) {
        monitoring.ended("failed", String.valueOf(cause.getMessage()));
      }
      if (cause instanceof CrawlException) {
        int code = failed(cause, dir);
        MetricsOptions.linger(config, monitoring, signals, err);
        return code;
      }
      throw e;
    } finally {
      over.set(true);
      signals.reset();
    }
    // Stopped by the time limit alone: the crawl did what it was asked (exit 0).
    boolean timeLimit = summary.interrupted() && timeUp.get() && stops.get() == 1;
    boolean interrupted = summary.interrupted() && !timeLimit;
    if (monitoring != null) {
      monitoring.finished(summary, timeLimit);
    }
    Path output = dir != null ? dir.output() : options.toStdout() ? null : Path.of(options.output);
    // Unlinked while open: the writes went nowhere that can be read.
    outputGone = output != null && parts == null && !Files.exists(output);
    printSummary(summary, settings, coordinator, dir, interrupted);
    if (outputGone) {
      err.println(
          "error: " + output + " was deleted while the crawl wrote it: its records are lost");
      return ExitCodes.FAILURE;
    }
    // One Ctrl-C ends the crawl and keeps the dashboard up (--linger); a second one meant "now".
    if (stops.get() <= 1) {
      MetricsOptions.linger(config, monitoring, signals, err);
    }
    return interrupted ? ExitCodes.INTERRUPTED : ExitCodes.OK;
  }

  /** The output file was deleted while the crawl wrote it. */
  private boolean outputGone;

  /** The nodes' output parts of a cluster crawl with --parts (null without). */
  private OutputParts parts;

  /** The nodes write WARC files next to their parts (a cluster crawl with --warc and --parts). */
  private boolean nodeWarcs;

  private OutputParts outputParts(Config config, StateDirectory dir) {
    if (!config.getBoolean("crawler.output.parts")) {
      return null;
    }
    Path output = dir != null ? dir.output() : Path.of(options.output);
    try {
      parts = new OutputParts(output, dir == null ? Map.of() : dir.committedParts());
      nodeWarcs = io.akkacrawler.config.WarcSettings.load(config).enabled();
      return parts;
    } catch (IOException e) {
      throw new SettingsException(
          "cannot write " + OutputParts.manifestOf(output) + ": " + e.getMessage());
    }
  }

  private ClusterCrawl.Coordinator startCoordinator(
      CrawlSettings settings,
      Config config,
      ResultSink sink,
      CrawlListener listener,
      StateDirectory dir,
      Duration interval) {
    String host = options.clusterHost(config);
    int port = options.clusterPort;
    ClusterCrawl.Coordinator coordinator =
        ClusterCrawl.startCoordinator(
            settings,
            ClusterSettings.load(config),
            config,
            ConfigOverrides.render(config),
            new ClusterCrawl.Node(host, port, null),
            !options.noFetch,
            sink,
            outputParts(config, dir),
            listener,
            dir == null ? null : dir.store(),
            options.quiet ? null : err::println,
            interval);
    err.println(
        "Coordinating the crawl at "
            + host
            + ":"
            + port
            + "; workers join with: ./crawl worker --join "
            + host
            + ":"
            + port);
    return coordinator;
  }

  /** The exit code of a crawl that ended with {@code failure}, a {@link CrawlException}. */
  /**
   * The status line the progress is rewritten on: the terminal's, unless the records go to stdout,
   * which is most likely that terminal too (a record would be glued to the line).
   */
  private StatusLine statusLine() {
    StatusLine status = StatusLine.installed();
    return status != null && err == System.err && !options.toStdout() ? status : null;
  }

  /**
   * Whether the progress lines go to a terminal: {@code ./crawl} says whether stderr is one (the
   * JVM cannot tell); without it, whether the process has a console (stdin and stdout).
   */
  static boolean stderrIsTerminal() {
    String launcher = System.getProperty(Cli.STDERR_TTY);
    return launcher != null ? Boolean.parseBoolean(launcher) : System.console() != null;
  }

  private int failed(Throwable failure, StateDirectory dir) {
    StatusLine.release();
    if (options.toStdout() && String.valueOf(failure.getMessage()).endsWith("Broken pipe")) {
      return ExitCodes.BROKEN_PIPE; // `./crawl ... | head`: the reader has what it wanted
    }
    err.println("error: " + failure.getMessage());
    if (dir != null) {
      err.println(
          "The state in "
              + dir.directory()
              + " is kept as of its last commit:"
              + " resume with "
              + resumeCommand(dir));
    }
    return ExitCodes.FAILURE;
  }

  private void printSummary(
      CrawlSummary summary,
      CrawlSettings settings,
      ClusterCrawl.Coordinator coordinator,
      StateDirectory dir,
      boolean interrupted) {
    StatusLine.release();
    SummaryPrinter.print(
        summary, err, summary.interrupted() && !interrupted ? "stopped at its time limit" : null);
    if (settings.fetch().tls().insecure()) {
      err.println("  TLS certificates were NOT checked (--insecure)");
    }
    String hint = options.noFetch ? null : LongCrawl.hint(summary.fetched());
    if (hint != null) {
      err.println("  " + hint);
    }
    if (options.resume != null) {
      err.printf(
          Locale.ROOT,
          "  whole crawl: %,d records (%,d from earlier runs, %,d in this one)%n",
          earlierRecords + summary.records(),
          earlierRecords,
          summary.records());
    }
    if (coordinator != null) {
      // The collector's count of answers per node; a node's own reports may miss its last second.
      Map<String, Long> perNode = new TreeMap<>(coordinator.nodeTotals());
      perNode.putAll(summary.answersByNode());
      perNode.forEach(
          (node, jobs) -> err.printf("  node %s: %s%n", node, SummaryPrinter.count(jobs, "job")));
    }
    if ((options.output != null && !"-".equals(options.output) || dir != null) && !outputGone) {
      Object file = dir != null ? dir.output() : options.output;
      err.println(
          parts == null
              ? "Records written to " + file
              : "Records written to "
                  + file
                  + " and the nodes' parts it lists in "
                  + OutputParts.manifestOf(Path.of(file.toString())).getFileName()
                  + ": read them as one with ./crawl merge "
                  + file);
      if (nodeWarcs) {
        err.println(
            "WARC files written by each node next to its part, listed there too: copy them out"
                + " with ./crawl merge "
                + file
                + " --warc-dir DIR");
      }
    }
    if (warc != null) {
      err.println(
          "WARC files written to " + warc.directory() + " (last: " + warc.position().file() + ")");
    }
    if (dir != null && summary.interrupted()) {
      err.println(
          "Crawl state saved in " + dir.directory() + ": resume with " + resumeCommand(dir));
    }
  }

  /** The command that resumes the crawl in {@code dir}: a cluster crawl again as a coordinator. */
  private String resumeCommand(StateDirectory dir) {
    StringBuilder b = new StringBuilder("./crawl --resume ").append(dir.directory());
    if (options.clusterPort != null) {
      if (options.clusterHost != null) {
        b.append(" --cluster-host ").append(options.clusterHost);
      }
      b.append(" --cluster-port ").append(options.clusterPort);
      if (options.noFetch) {
        b.append(" --no-fetch");
      }
    }
    return b.toString();
  }
}
