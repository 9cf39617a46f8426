package io.akkacrawler.cli;

import io.akkacrawler.bench.Benchmark;
import io.akkacrawler.bench.Peers;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crawl bench}: pages/s of the crawler against the fetch and parse ceilings. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measure the crawler on a local site: a fetch-only ceiling (HTTP client alone), a"
          + " parse-only ceiling (jsoup from memory, one thread per core) and the crawl itself"
          + " (politeness off, robots.txt on; without and with --state), each in its own JVM.",
      "The site is served by a separate process on 127.0.0.1. Peers (the Python crawler of the"
          + " project's seed, wget -r) crawl it too; ours and theirs are compared by the wall"
          + " clock of each whole process."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(
      names = "--generate",
      paramLabel = "N",
      description = "Generate a deterministic site of N pages (the default, N = 10000).")
  Integer generate;

  @Option(
      names = "--median-kb",
      paramLabel = "KB",
      description = "Median page size of the generated site (default 20).")
  int medianKb = 20;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Serve and crawl this directory of HTML (entry: index.html).")
  Path dir;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "Crawl an already running server from this URL (no parse ceiling).")
  String url;

  @Option(
      names = "--repeat",
      paramLabel = "K",
      description = "Run everything K times and report the median (default 1).")
  int repeat = 1;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      description = "Requests in flight for the fetch ceiling and the crawl (default 16).")
  int inFlight = 16;

  @Option(names = "--no-state", description = "Skip the crawl with --state.")
  boolean noState;

  @Option(
      names = "--peers",
      paramLabel = "LIST",
      split = ",",
      description =
          "Peers run on the same site: python (the seed's multiprocessing + requests crawler),"
              + " wget (wget -r, one connection). Default: all; one not installed is skipped.")
  List<String> peers = Peers.NAMES;

  @Option(names = "--no-peers", description = "Run no peer.")
  boolean noPeers;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(names = "--keep", description = "Keep the generated site and the outputs.")
  boolean keep;

  private final java.io.PrintStream out;

  BenchCommand(java.io.PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    int sources = (generate != null ? 1 : 0) + (dir != null ? 1 : 0) + (url != null ? 1 : 0);
    if (sources > 1) {
      throw new io.akkacrawler.config.SettingsException("give one of --generate, --dir and --url");
    }
    Benchmark.Source source =
        url != null
            ? Benchmark.Source.url(url)
            : dir != null
                ? Benchmark.Source.dir(dir)
                : Benchmark.Source.generate(generate == null ? 10_000 : generate, medianKb * 1024);
    new Benchmark(
            source, Math.max(1, repeat), inFlight, !noState, keep, noPeers ? List.of() : peers, out)
        .run(json);
    return ExitCodes.OK;
  }
}
