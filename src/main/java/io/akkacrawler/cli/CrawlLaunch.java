package io.akkacrawler.cli;

import com.typesafe.config.Config;
import io.akkacrawler.ResultSink;
import io.akkacrawler.cluster.ClusterCrawl;
import io.akkacrawler.collect.JsonlSink;
import io.akkacrawler.collect.WarcOutput;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.config.WarcSettings;
import io.akkacrawler.cookies.CookiesTxt;
import io.akkacrawler.demo.DemoSite;
import io.akkacrawler.demo.LoopbackServer;
import io.akkacrawler.metrics.Monitoring;
import io.akkacrawler.state.StateDirectory;
import io.akkacrawler.warc.WarcPosition;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The launch of {@code crawl}: builds the settings from the options, the seeds and the demo site,
 * opens the output or the state directory (new or resumed), then hands over to {@link CrawlRun}.
 */
final class CrawlLaunch {
  private final CrawlCommand options;
  private final PrintStream out;
  private final PrintStream err;
  private final Cli.Signals signals;

  CrawlLaunch(CrawlCommand options, PrintStream out, PrintStream err, Cli.Signals signals) {
    this.options = options;
    this.out = out;
    this.err = err;
    this.signals = signals;
  }

  /** The metrics endpoint, while the crawl runs (null without --metrics-port). */
  private Monitoring monitoring;

  /** Runs the crawl the options describe; returns the exit code. */
  int run() throws IOException {
    try {
      return launch();
    } finally {
      if (monitoring != null) {
        monitoring.close();
      }
    }
  }

  private int launch() throws IOException {
    if (options.demo && (!options.seeds.isEmpty() || options.seedsFile != null)) {
      throw new SettingsException(
          "--demo crawls its own site, with politeness off: give your seeds without --demo");
    }
    if (options.clusterPort == null && (options.noFetch || options.clusterHost != null)) {
      throw new SettingsException(
          "--no-fetch and --cluster-host are for a cluster's coordinator: give --cluster-port too");
    }
    ConfigOverrides overrides = options.metrics.apply(options.overrides());
    if (options.resume != null) {
      return resume(overrides);
    }
    if (options.demo) {
      // The demo site is our own loopback server: crawl it at full speed unless told otherwise.
      String delay = options.crawl.delay;
      Integer perHost = options.crawl.perHost;
      overrides
          .durationFlag("politeness.delay", delay == null ? "0s" : delay, "--delay")
          .flag("politeness.max-per-host", perHost == null ? 8 : perHost)
          .flag("politeness.throttle-pause", "500ms");
    }
    Config config = overrides.build(options.crawl.configFile);
    checkClusterPort(config);
    List<String> allSeeds = new ArrayList<>(options.seeds);
    if (options.seedsFile != null) {
      allSeeds.addAll(readSeeds(options.seedsFile));
    }
    LoopbackServer demoSite = null;
    try {
      if (options.demo) {
        demoSite = DemoSite.start(CrawlCommand.DEMO_PAGES);
        allSeeds.add(0, demoSite.url("/"));
        err.println(
            "Demo site with " + CrawlCommand.DEMO_PAGES + " products at " + demoSite.url("/"));
      }
      if (allSeeds.isEmpty()) {
        throw new SettingsException(
            "no seed URLs: give them as arguments, with --seeds FILE, or try --demo");
      }
      CrawlSettings settings = withCookies(CrawlSettings.load(config, allSeeds));
      startMonitoring(config, allSeeds);
      WarcSettings warc = WarcSettings.load(config);
      if (warc.enabled() && options.clusterPort == null) {
        // Checked before a state directory is made for a crawl that could not start.
        openWarc(warc, () -> WarcOutput.checkDirectory(warc.dir()));
      }
      if (options.state == null) {
        return crawl(settings, config, openOutput(), newWarc(settings, warc), null, 0);
      }
      if ("-".equals(options.output)) {
        throw new SettingsException("--state needs an output file (-o FILE), not stdout");
      }
      Path file =
          options.output == null ? options.state.resolve("records.jsonl") : Path.of(options.output);
      try (StateDirectory dir =
          StateDirectory.create(options.state, ConfigOverrides.render(config), allSeeds, file)) {
        ResultSink sink = openFile(file, 0);
        WarcOutput warcOutput = newWarc(settings, warc);
        if (warcOutput != null) {
          dir.startWarc(warcOutput.position());
        }
        return crawl(settings, config, sink, warcOutput, dir, 0);
      }
    } finally {
      if (demoSite != null) {
        demoSite.close();
      }
    }
  }

  /** Metrics that cannot be served fail now, before the output file is touched. */
  private void startMonitoring(Config config, List<String> seeds) {
    String title = seeds.get(0) + (seeds.size() > 1 ? " (+" + (seeds.size() - 1) + " more)" : "");
    MetricsOptions.Role role =
        options.clusterPort == null
            ? MetricsOptions.Role.STANDALONE
            : options.noFetch
                ? MetricsOptions.Role.COORDINATOR
                : MetricsOptions.Role.FETCHING_COORDINATOR;
    monitoring = MetricsOptions.start(config, role, title, err);
  }

  /**
   * A coordinator that could not listen fails now, before the output file is touched; and so does
   * one asked for what a cluster crawl cannot do yet.
   */
  private void checkClusterPort(Config config) {
    if (config.getBoolean("crawler.output.parts")) {
      if (options.clusterPort == null) {
        throw new SettingsException(
            "--parts (output.parts) is for cluster mode: give --cluster-port too");
      }
      if (options.toStdout()) {
        throw new SettingsException("--parts needs an output file (-o FILE), not stdout");
      }
    }
    if (options.clusterPort != null) {
      if (options.clusterPort < 1 || options.clusterPort > 65535) {
        throw new SettingsException(
            "--cluster-port takes a port from 1 to 65535 (workers join the coordinator there), not "
                + options.clusterPort);
      }
      if (!config.getBoolean("crawler.output.parts") && WarcSettings.load(config).enabled()) {
        throw new SettingsException(
            "WARC files in cluster mode (--warc, crawler.warc.dir) need --parts: each node writes"
                + " its own, in its --parts-dir");
      }
      ClusterCrawl.checkCanListen(options.clusterHost(config), options.clusterPort);
    }
  }

  /**
   * A worker's WARC files follow the coordinator's settings (each node writes its own, in its
   * --parts-dir): a worker's own warc.dir would be ignored, so it is refused.
   */
  static void refuseOnWorker(Config config) {
    if (WarcSettings.load(config).enabled()) {
      throw new SettingsException(
          "a worker writes WARC files when the coordinator's crawl keeps them (--warc with"
              + " --parts), into its --parts-dir: do not set warc.dir on a worker");
    }
  }

  private int resume(ConfigOverrides overrides) throws IOException {
    if (!options.seeds.isEmpty()
        || options.seedsFile != null
        || options.demo
        || options.state != null) {
      throw new SettingsException(
          "--resume takes no seeds, --seeds, --demo or --state: they are in the saved crawl");
    }
    try (StateDirectory dir = StateDirectory.open(options.resume)) {
      if (options.output != null
          && !Path.of(options.output)
              .toAbsolutePath()
              .normalize()
              .equals(dir.output().toAbsolutePath().normalize())) {
        throw new SettingsException(
            "-o cannot change when resuming: this crawl writes to " + dir.output());
      }
      if (dir.finished()) {
        err.println(
            "The crawl in " + options.resume + " is finished; its records are in " + dir.output());
        return ExitCodes.OK;
      }
      Config config = overrides.buildOver(dir.crawlerConfig(), options.crawl.configFile);
      checkClusterPort(config);
      CrawlSettings settings = withCookies(CrawlSettings.load(config, dir.seeds()));
      startMonitoring(config, dir.seeds());
      WarcSettings warc = WarcSettings.load(config);
      WarcPosition committed = warc.enabled() ? dir.committedWarc() : null;
      err.println(
          "Resuming the crawl in "
              + options.resume
              + " ("
              + dir.output()
              + " from byte "
              + dir.committedOffset()
              + (committed == null
                  ? ""
                  : "; "
                      + warc.dir().resolve(committed.file())
                      + " from byte "
                      + committed.offset())
              + ")");
      ResultSink sink = openFile(dir.output(), dir.committedOffset());
      WarcOutput warcOutput;
      if (committed != null) {
        warcOutput =
            openWarc(
                warc,
                () ->
                    WarcOutput.resume(
                        warc.dir(),
                        warc.maxSize(),
                        warcInfo(settings),
                        Clock.systemUTC(),
                        committed));
      } else {
        // Killed before its WARC files were started: they start now.
        warcOutput = newWarc(settings, warc);
        if (warcOutput != null) {
          dir.startWarc(warcOutput.position());
        }
      }
      return crawl(settings, config, sink, warcOutput, dir, dir.committedRecords());
    }
  }

  /**
   * The settings with the cookies of {@code --cookies FILE}, if given, checked with the rest of the
   * fetch settings that a crawl would otherwise only meet when it starts (the proxy variables).
   */
  private CrawlSettings withCookies(CrawlSettings settings) {
    settings.fetch().proxy().routes(System.getenv());
    Path file = options.crawl.cookiesFile;
    if (file == null) {
      return settings;
    }
    if (!settings.fetch().cookies()) {
      throw new SettingsException(
          "--cookies cannot go with --no-cookies (or fetch.cookies = false)");
    }
    try {
      return settings.withCookies(CookiesTxt.parse(Files.readAllLines(file)));
    } catch (NoSuchFileException e) {
      throw new SettingsException("cookies file not found: " + file);
    } catch (IOException e) {
      throw new SettingsException(
          "cannot read cookies file '" + file + "': " + SettingsException.why(e));
    } catch (CookiesTxt.FormatException e) {
      throw new SettingsException("--cookies " + file + " " + e.getMessage());
    }
  }

  /** {@code earlierRecords}: those that earlier runs of a resumed crawl committed. */
  private int crawl(
      CrawlSettings settings,
      Config config,
      ResultSink sink,
      WarcOutput warc,
      StateDirectory dir,
      long earlierRecords) {
    return new CrawlRun(options, err, signals, earlierRecords, monitoring)
        .run(settings, config, sink, warc, dir);
  }

  /**
   * A new crawl's WARC files, or null when it keeps none or its nodes write them (cluster mode).
   */
  private WarcOutput newWarc(CrawlSettings settings, WarcSettings warc) {
    if (!warc.enabled() || options.clusterPort != null) {
      return null;
    }
    return openWarc(
        warc,
        () -> WarcOutput.create(warc.dir(), warc.maxSize(), warcInfo(settings), Clock.systemUTC()));
  }

  private interface WarcOpener<T> {
    T open() throws IOException;
  }

  private static <T> T openWarc(WarcSettings warc, WarcOpener<T> opener) {
    try {
      return opener.open();
    } catch (IOException | UncheckedIOException e) {
      IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      String why =
          io instanceof java.nio.file.FileAlreadyExistsException
              ? "not a directory"
              : SettingsException.why(io);
      throw new SettingsException("cannot write WARC files in '" + warc.dir() + "': " + why);
    }
  }

  /** The warcinfo fields of the crawl's WARC files. */
  static Map<String, String> warcInfo(CrawlSettings settings) {
    return WarcOutput.infoFor(settings);
  }

  private ResultSink openOutput() {
    if (options.toStdout()) {
      // System.out hides write errors: the descriptor itself reports a closed pipe or a full disk.
      return JsonlSink.toStream(out == System.out ? new FileOutputStream(FileDescriptor.out) : out);
    }
    return openFile(Path.of(options.output), 0);
  }

  private static ResultSink openFile(Path path, long offset) {
    try {
      return JsonlSink.appendAt(path, offset);
    } catch (IOException e) {
      throw new SettingsException(
          "cannot write the output file '"
              + path
              + "': "
              + (e instanceof NoSuchFileException
                  ? "no such directory"
                  : SettingsException.why(e)));
    }
  }

  /** The seed URLs of a {@code --seeds} file: one per line, blank lines and # comments skipped. */
  static List<String> readSeeds(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new SettingsException("seeds file not found: " + file);
    } catch (IOException e) {
      throw new SettingsException(
          "cannot read seeds file '" + file + "': " + SettingsException.why(e));
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
