package io.akkacrawler.cli;

import com.typesafe.config.Config;
import io.akkacrawler.CrawlException;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.Crawler;
import io.akkacrawler.ResultSink;
import io.akkacrawler.cluster.ClusterCrawl;
import io.akkacrawler.collect.JsonlSink;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.demo.DemoSite;
import io.akkacrawler.demo.LoopbackServer;
import io.akkacrawler.state.StateDirectory;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crawl [OPTIONS] SEED...}: parses the options into settings and runs one crawl. */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Crawls the web from the SEED URLs and writes one JSON line per URL.",
      "Progress and the summary go to stderr. Exit codes: 0 finished, 1 failure,"
          + " 2 bad usage/config/seed, 130 interrupted."
    })
final class CrawlCommand implements Callable<Integer> {
  /** Catalogue pages of the demo site. */
  static final int DEMO_PAGES = 300;

  @Parameters(paramLabel = "SEED", arity = "0..*", description = "Start URLs (http or https).")
  List<String> seeds = new ArrayList<>();

  @Option(
      names = "--seeds",
      paramLabel = "FILE",
      description = "Read more seed URLs from FILE: one per line, # starts a comment.")
  Path seedsFile;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Write the JSON Lines records to FILE; - is stdout (the default, except"
              + " with --state: DIR/records.jsonl).")
  String output;

  @Option(
      names = "--max-depth",
      paramLabel = "N",
      description =
          "Follow links up to N hops from the seeds; 0 fetches only the seeds, -1 no"
              + " limit (default).")
  Integer maxDepth;

  @Option(
      names = "--max-pages",
      paramLabel = "N",
      description = "Admit at most N URLs (seeds included); 0 = no limit (default).")
  Long maxPages;

  @Option(
      names = "--scope",
      paramLabel = "SCOPE",
      description = "Links followed: host (default), domain, prefix or any.")
  String scope;

  @Option(
      names = "--include",
      paramLabel = "REGEX",
      description =
          "Follow only links matching one of these (repeatable); the seeds are crawled"
              + " whatever the filters say.")
  List<String> include;

  @Option(
      names = "--exclude",
      paramLabel = "REGEX",
      description = "Never follow links matching one of these (repeatable; not the seeds).")
  List<String> exclude;

  @Option(
      names = "--fetchers",
      paramLabel = "N",
      description = "Fetcher actors; default one per core.")
  Integer fetchers;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description = "URLs fetched at once; default 4 per fetcher.")
  Integer maxInFlight;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "Deadline of a whole request: seconds (10, 2.5) or with a unit (500ms, 1m);"
              + " default 30s.")
  String timeout;

  @Option(names = "--user-agent", paramLabel = "TEXT", description = "User-Agent header.")
  String userAgent;

  @Option(
      names = "--delay",
      paramLabel = "DURATION",
      description =
          "Least pause between two requests to one host: seconds (1, 0.5, 0) or with a"
              + " unit (250ms); default 1 second.")
  String delay;

  @Option(
      names = "--per-host",
      paramLabel = "N",
      description = "Requests in flight per host (default 1; 0 = no limit).")
  Integer perHost;

  @Option(
      names = "--ignore-robots",
      description = "Do not fetch or obey robots.txt (the summary says so).")
  boolean ignoreRobots;

  @Option(
      names = "--sitemaps",
      description =
          "Also crawl the URLs of the hosts' sitemaps (robots.txt Sitemap: lines,"
              + " else /sitemap.xml).")
  boolean sitemaps;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "HOCON file with settings (over application.conf).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set any config key, e.g. --set fetch.max-body=2MiB (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(
      names = "--state",
      paramLabel = "DIR",
      description =
          "Keep the crawl's state in DIR so that it survives a crash or Ctrl-C"
              + " (resume it with --resume DIR).")
  Path state;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description =
          "Continue the crawl kept in DIR, with its saved settings (see the README"
              + " for the options that may change).")
  Path resume;

  @Option(
      names = "--cluster-port",
      paramLabel = "PORT",
      description =
          "Run as the coordinator of a cluster crawl, listening on PORT; workers join"
              + " with: crawl worker --join HOST:PORT.")
  Integer clusterPort;

  @Option(
      names = "--cluster-host",
      paramLabel = "HOST",
      description =
          "The address other nodes reach this one at (default crawler.cluster.hostname,"
              + " 127.0.0.1).")
  String clusterHost;

  @Option(
      names = "--no-fetch",
      description = "With --cluster-port: coordinate only, let the workers fetch.")
  boolean noFetch;

  @Option(
      names = {"-q", "--quiet"},
      description = "No progress lines (the summary still prints).")
  boolean quiet;

  @Option(
      names = "--demo",
      description = "Crawl a bundled demo site served on 127.0.0.1 (no internet needed).")
  boolean demo;

  private final PrintStream out;
  private final PrintStream err;
  private final Cli.Signals signals;

  CrawlCommand(PrintStream out, PrintStream err, Cli.Signals signals) {
    this.out = out;
    this.err = err;
    this.signals = signals;
  }

  @Override
  public Integer call() throws IOException {
    ConfigOverrides overrides = new ConfigOverrides();
    sets.forEach(overrides::set);
    overrides
        .flag("max-depth", maxDepth, "--max-depth")
        .flag("max-pages", maxPages, "--max-pages")
        .flag("scope", scope, "--scope")
        .flag("include", include, "--include")
        .flag("exclude", exclude, "--exclude")
        .flag("fetchers", fetchers, "--fetchers")
        .flag("max-in-flight", maxInFlight, "--max-in-flight")
        .durationFlag("fetch.request-timeout", timeout, "--timeout")
        .flag("fetch.user-agent", userAgent, "--user-agent")
        .durationFlag("politeness.delay", delay, "--delay")
        .flag("politeness.max-per-host", perHost, "--per-host")
        .flag("robots.enabled", ignoreRobots ? Boolean.FALSE : null, "--ignore-robots")
        .flag("sitemaps.enabled", sitemaps ? Boolean.TRUE : null, "--sitemaps");
    if (resume != null) {
      return resume(overrides);
    }
    if (demo) {
      // The demo site is our own loopback server: crawl it at full speed unless told otherwise.
      overrides
          .durationFlag("politeness.delay", delay == null ? "0s" : delay, "--delay")
          .flag("politeness.max-per-host", perHost == null ? 8 : perHost)
          .flag("politeness.throttle-pause", "500ms");
    }
    Config config = overrides.build(configFile);
    checkClusterPort(config);
    List<String> allSeeds = new ArrayList<>(seeds);
    if (seedsFile != null) {
      allSeeds.addAll(readSeeds(seedsFile));
    }
    LoopbackServer demoSite = null;
    try {
      if (demo) {
        demoSite = DemoSite.start(DEMO_PAGES);
        allSeeds.add(0, demoSite.url("/"));
        err.println("Demo site with " + DEMO_PAGES + " products at " + demoSite.url("/"));
      }
      if (allSeeds.isEmpty()) {
        throw new SettingsException(
            "no seed URLs: give them as arguments, with --seeds FILE, or try --demo");
      }
      CrawlSettings settings = CrawlSettings.load(config, allSeeds);
      if (state == null) {
        return crawl(settings, config, openOutput(), null);
      }
      if ("-".equals(output)) {
        throw new SettingsException("--state needs an output file (-o FILE), not stdout");
      }
      Path file = output == null ? state.resolve("records.jsonl") : Path.of(output);
      try (StateDirectory dir =
          StateDirectory.create(state, ConfigOverrides.render(config), allSeeds, file)) {
        return crawl(settings, config, openFile(file, 0), dir);
      }
    } finally {
      if (demoSite != null) {
        demoSite.close();
      }
    }
  }

  /** A coordinator that could not listen fails now, before the output file is touched. */
  private void checkClusterPort(Config config) {
    if (clusterPort != null) {
      ClusterCrawl.checkCanListen(
          clusterHost != null ? clusterHost : config.getString("crawler.cluster.hostname"),
          clusterPort);
    }
  }

  private int resume(ConfigOverrides overrides) throws IOException {
    if (!seeds.isEmpty() || seedsFile != null || demo || state != null) {
      throw new SettingsException(
          "--resume takes no seeds, --seeds, --demo or --state: they are in the saved crawl");
    }
    try (StateDirectory dir = StateDirectory.open(resume)) {
      if (output != null && !Path.of(output).toAbsolutePath().equals(dir.output())) {
        throw new SettingsException(
            "-o cannot change when resuming: this crawl writes to " + dir.output());
      }
      if (dir.finished()) {
        err.println("The crawl in " + resume + " is finished; its records are in " + dir.output());
        return ExitCodes.OK;
      }
      Config config = overrides.buildOver(dir.crawlerConfig(), configFile);
      checkClusterPort(config);
      CrawlSettings settings = CrawlSettings.load(config, dir.seeds());
      err.println(
          "Resuming the crawl in "
              + resume
              + " ("
              + dir.output()
              + " from byte "
              + dir.committedOffset()
              + ")");
      earlierRecords = dir.committedRecords();
      return crawl(settings, config, openFile(dir.output(), dir.committedOffset()), dir);
    }
  }

  /** Records that earlier runs of a resumed crawl committed (0 for a new crawl). */
  private long earlierRecords;

  private int crawl(CrawlSettings settings, Config config, ResultSink sink, StateDirectory dir)
      throws IOException {
    Duration interval =
        System.console() != null ? settings.progressIntervalTty() : settings.progressIntervalLog();
    ProgressPrinter progress = new ProgressPrinter(err, interval);
    io.akkacrawler.CrawlListener listener = quiet ? io.akkacrawler.CrawlListener.NONE : progress;
    ClusterCrawl.Coordinator coordinator = null;
    Crawler.CrawlHandle handle;
    if (clusterPort != null) {
      String host =
          clusterHost != null ? clusterHost : config.getString("crawler.cluster.hostname");
      coordinator =
          ClusterCrawl.startCoordinator(
              settings,
              config,
              ConfigOverrides.render(config),
              new ClusterCrawl.Node(host, clusterPort, null),
              !noFetch,
              sink,
              listener,
              dir == null ? null : dir.store(),
              quiet ? null : err::println,
              interval);
      err.println(
          "Coordinating the crawl at "
              + host
              + ":"
              + clusterPort
              + "; workers join with: ./crawl worker --join "
              + host
              + ":"
              + clusterPort);
      handle = coordinator.handle();
    } else {
      Crawler crawler = Crawler.of(settings).sink(sink).listener(listener).config(config);
      if (dir != null) {
        crawler.store(dir.store());
      }
      handle = crawler.start();
    }
    java.util.concurrent.atomic.AtomicInteger interrupts =
        new java.util.concurrent.atomic.AtomicInteger();
    signals.onInterrupt(
        () -> {
          err.println(
              interrupts.incrementAndGet() == 1
                  ? "Interrupted: finishing the requests in flight (Ctrl-C again to stop now)"
                  : "Stopping now: the requests in flight are abandoned");
          handle.stop();
        });
    CrawlSummary summary;
    try {
      summary = handle.completion().toCompletableFuture().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof CrawlException) {
        if (toStdout() && String.valueOf(cause.getMessage()).endsWith("Broken pipe")) {
          return ExitCodes.BROKEN_PIPE; // `./crawl ... | head`: the reader has what it wanted
        }
        err.println("error: " + cause.getMessage());
        if (dir != null) {
          err.println(
              "The state in "
                  + dir.directory()
                  + " is kept as of its last commit:"
                  + " resume with ./crawl --resume "
                  + dir.directory());
        }
        return ExitCodes.FAILURE;
      }
      throw e;
    } finally {
      signals.reset();
    }
    SummaryPrinter.print(summary, err);
    if (resume != null) {
      err.printf(
          java.util.Locale.ROOT,
          "  whole crawl: %,d records (%,d from earlier runs, %,d in this one)%n",
          earlierRecords + summary.records(),
          earlierRecords,
          summary.records());
    }
    if (coordinator != null) {
      // The collector's count of answers per node; a node's own reports may miss its last second.
      Map<String, Long> perNode = new java.util.TreeMap<>(coordinator.nodeTotals());
      perNode.putAll(summary.answersByNode());
      perNode.forEach(
              (node, jobs) ->
                  err.printf(java.util.Locale.ROOT, "  node %s: %,d jobs%n", node, jobs));
    }
    if (output != null && !"-".equals(output) || dir != null) {
      err.println("Records written to " + (dir != null ? dir.output() : output));
    }
    if (dir != null && summary.interrupted()) {
      err.println(
          "Crawl state saved in "
              + dir.directory()
              + ": resume with ./crawl --resume "
              + dir.directory());
    }
    return summary.interrupted() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
  }

  private boolean toStdout() {
    return state == null && resume == null && (output == null || "-".equals(output));
  }

  private ResultSink openOutput() {
    if (toStdout()) {
      // System.out hides write errors: the descriptor itself reports a closed pipe or a full disk.
      return JsonlSink.toStream(out == System.out ? new FileOutputStream(FileDescriptor.out) : out);
    }
    return openFile(Path.of(output), 0);
  }

  private static ResultSink openFile(Path path, long offset) {
    try {
      return JsonlSink.appendAt(path, offset);
    } catch (IOException e) {
      throw new SettingsException(
          "cannot write the output file '"
              + path
              + "': "
              + (e instanceof NoSuchFileException ? "no such directory" : e.getMessage()));
    }
  }

  static List<String> readSeeds(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new SettingsException("seeds file not found: " + file);
    } catch (IOException e) {
      throw new SettingsException("cannot read seeds file '" + file + "': " + e.getMessage());
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String s = lines.get(i).strip();
      if (!s.isEmpty() && !s.startsWith("#")) {
        try {
          urls.add(CrawlSettings.checkSeed(s));
        } catch (SettingsException e) {
          throw new SettingsException(file + " line " + (i + 1) + ": " + e.getMessage());
        }
      }
    }
    return urls;
  }
}
