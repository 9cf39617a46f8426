package io.akkacrawler.cli;

import io.akkacrawler.bench.FrontierBenchmark;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crawl bench-frontier}: the frontier's rates, heap and disk at a given size. */
@Command(
    name = "bench-frontier",
    mixinStandardHelpOptions = true,
    description =
        "Measure the frontier on its store: enqueue, seen-check and dequeue rates, heap"
            + " and disk size (run with JAVA_OPTS=-Xmx512m to check the memory bound).")
final class BenchFrontierCommand implements Callable<Integer> {
  @Option(names = "--urls", paramLabel = "N", description = "URLs to enqueue (default 1,000,000).")
  long urls = 1_000_000;

  @Option(
      names = "--hosts",
      paramLabel = "N",
      description = "Hosts they spread over (default 1000).")
  int hosts = 1000;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Where the store goes (default: a temporary directory, removed afterwards).")
  Path dir;

  private final PrintStream out;

  BenchFrontierCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    Path where = dir != null ? dir : Files.createTempDirectory("akka-crawler-bench-");
    try {
      new FrontierBenchmark(urls, hosts, where, out).run();
    } finally {
      if (dir == null) {
        try (var paths = Files.walk(where)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    return ExitCodes.OK;
  }
}
