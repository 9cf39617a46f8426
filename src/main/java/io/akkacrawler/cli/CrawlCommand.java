package io.akkacrawler.cli;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crawl [OPTIONS] SEED...}: the command's options; {@link CrawlLaunch} runs the crawl. */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Crawls the web from the SEED URLs and writes one JSON line per URL.",
      "Progress and the summary go to stderr. Exit codes: 0 finished, 1 failure,"
          + " 2 bad usage/config/seed, 130 interrupted, 141 stdout closed by its reader."
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
      names = "--warc",
      paramLabel = "DIR",
      description =
          "Also write every HTTP exchange to WARC files in DIR (created if missing), named"
              + " akka-crawler-<start>-<serial>.warc.gz. In cluster mode (with --parts) each"
              + " node writes its own, next to its part.")
  String warc;

  @Option(
      names = "--warc-max-size",
      paramLabel = "SIZE",
      description = "Start a new WARC file before one passes SIZE (default 1GB; 100MB, 2GiB).")
  String warcMaxSize;

  // Declared here so that the help lists these options between -o and --state, as it always has.
  @Mixin CrawlOptions crawl = new CrawlOptions();

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
      names = "--parts",
      description =
          "With --cluster-port: each node writes the records of the pages it fetched to a part"
              + " file of its own (worker --parts-dir); -o FILE gets the rest and"
              + " FILE.parts.json. Read them together with: crawl merge FILE.")
  boolean parts;

  @Mixin MetricsOptions metrics = new MetricsOptions();

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
    return new CrawlLaunch(this, out, err, signals).run();
  }

  /** The address other nodes reach this one at. */
  String clusterHost(Config config) {
    return clusterHost != null
        ? clusterHost
        : io.akkacrawler.config.ClusterSettings.load(config).hostname();
  }

  /** The options of this command that are settings, over those of the mixin. */
  ConfigOverrides overrides() {
    String dir;
    try {
      dir = warc == null ? null : Path.of(warc).toAbsolutePath().normalize().toString();
    } catch (java.nio.file.InvalidPathException e) {
      throw new io.akkacrawler.config.SettingsException("--warc: " + e.getMessage());
    }
    return crawl
        .overrides()
        .flag("warc.dir", dir, "--warc")
        .sizeFlag("warc.max-size", warcMaxSize, "--warc-max-size")
        .flag("output.parts", parts ? Boolean.TRUE : null, "--parts");
  }

  /** The records go to stdout: no state directory, no resume, no output file. */
  boolean toStdout() {
    return state == null && resume == null && (output == null || "-".equals(output));
  }
}
