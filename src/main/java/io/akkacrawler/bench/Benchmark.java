package io.akkacrawler.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.config.SettingsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The {@code crawl bench} procedure: prepares the site, starts its server in a separate process,
 * runs the crawl, the fetch-only ceiling and the parse-only ceiling (each in a fresh JVM with the
 * same flags as this one) and the peers (other crawlers, see {@link Peers}), repeats, and reports
 * medians, ceilings, recall, server load and ours against the peers ({@link BenchReport}).
 */
public final class Benchmark {
  /** Where the pages come from. */
  public record Source(Integer generate, int medianBytes, Path dir, String url) {
    public static Source generate(int pages, int medianBytes) {
      return new Source(pages, medianBytes, null, null);
    }

    public static Source dir(Path dir) {
      return new Source(null, 0, dir, null);
    }

    public static Source url(String url) {
      return new Source(null, 0, null, url);
    }
  }

  private final Source source;
  private final int repeat;
  private final int inFlight;
  private final boolean withState;
  private final boolean keep;
  private final List<String> peerNames;
  private final PrintStream out;

  /**
   * @param peers names of the peers to run ({@link Peers#NAMES}); those not installed are skipped
   */
  public Benchmark(
      Source source,
      int repeat,
      int inFlight,
      boolean withState,
      boolean keep,
      List<String> peers,
      PrintStream out) {
    this.source = source;
    this.peerNames = List.copyOf(peers);
    this.repeat = repeat;
    this.inFlight = inFlight;
    this.withState = withState;
    this.keep = keep;
    this.out = out;
  }

  public void run(Path jsonFile) throws Exception {
    List<Peers.Peer> peers = Peers.probe(peerNames);
    Path work = Files.createTempDirectory("akka-crawler-bench-");
    Process server = null;
    try {
      Path root;
      String origin;
      List<String> paths = List.of();
      String entry;
      if (source.url() != null) {
        root = null;
        entry = source.url();
        origin = null;
      } else {
        int port = freePort();
        origin = "http://127.0.0.1:" + port;
        if (source.generate() != null) {
          root = work.resolve("site");
          out.printf(
              Locale.ROOT,
              "Generating %,d pages (median %d KB) in %s%n",
              source.generate(),
              source.medianBytes() / 1024,
              root);
          paths = new SiteGenerator(source.generate(), source.medianBytes(), origin).write(root);
        } else {
          root = source.dir();
          paths = htmlFiles(root);
          if (paths.isEmpty()) {
            throw new SettingsException("no .html files in " + root);
          }
        }
        entry = origin + (paths.contains("/index.html") ? "/index.html" : paths.get(0));
        server = startServer(root, port, totalBytes(root, paths));
        out.printf(
            Locale.ROOT,
            "Serving %,d pages (%s) from a separate process on %s%n",
            paths.size(),
            size(totalBytes(root, paths)),
            origin);
      }
      Path urlsFile = work.resolve("urls.txt");
      Path pathsFile = work.resolve("paths.txt");
      Files.write(pathsFile, paths);
      Files.write(urlsFile, paths.stream().map(p -> origin + p).toList());

      BenchReport report = new BenchReport(out);
      peers.forEach(report::peer);
      int cores = Runtime.getRuntime().availableProcessors();
      for (int r = 1; r <= repeat; r++) {
        if (repeat > 1) {
          out.printf(Locale.ROOT, "Round %d of %d%n", r, repeat);
        }
        Path crawlOut = work.resolve("crawl-" + r + ".jsonl");
        RunResult crawl = measure(server, report, () -> child(crawlArgs(entry, crawlOut, "-")));
        report.addRecall("crawl", recall(fetchedUrls(crawlOut), origin, paths));
        if (withState) {
          Path stateOut = work.resolve("state-" + r + ".jsonl");
          String state = work.resolve("state-" + r).toString();
          measure(server, report, () -> child(crawlArgs(entry, stateOut, state)));
          report.addRecall("crawl --state", recall(fetchedUrls(stateOut), origin, paths));
        }
        if (crawl.pages() == 0) {
          throw new SettingsException("the crawl found no pages at " + entry);
        }
        if (source.url() != null) {
          Files.write(urlsFile, fetchedUrls(crawlOut));
        }
        measure(
            server,
            report,
            () -> child(List.of("fetch", urlsFile.toString(), Integer.toString(inFlight))));
        if (root != null) {
          List<String> args =
              List.of(
                  "parse", root.toString(), origin, Integer.toString(cores), pathsFile.toString());
          measure(server, report, () -> child(args));
        }
        for (Peers.Peer peer : peers) {
          if (peer.available()) {
            Peers.Outcome outcome =
                measure(server, report, () -> Peers.run(peer, entry, work), Peers.Outcome::result);
            report.addRecall(peer.run(), recall(outcome.urls(), origin, paths));
          }
        }
      }
      Map<String, Object> header = new LinkedHashMap<>();
      header.put("source", source);
      header.put("repeat", repeat);
      header.put("in_flight", inFlight);
      header.put("cores", cores);
      header.put("jvm_flags", jvmFlags());
      report.print(header, jsonFile);
    } finally {
      if (server != null) {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
      }
      if (!keep) {
        deleteTree(work);
      } else {
        out.println("Kept " + work);
      }
    }
  }

  private List<String> crawlArgs(String entry, Path output, String state) {
    return List.of("crawl", entry, output.toString(), state, Integer.toString(inFlight));
  }

  /** Runs one measured process, with the site server's CPU during it. */
  private RunResult measure(Process server, BenchReport report, Callable<RunResult> run)
      throws Exception {
    return measure(server, report, run, r -> r);
  }

  /** Runs one measured process whose outcome holds its result, with the server's CPU during it. */
  private <T> T measure(
      Process server, BenchReport report, Callable<T> run, Function<T, RunResult> resultOf)
      throws Exception {
    long before = server == null ? -1 : ProcessStats.cpuMillisOf(server.pid());
    T outcome = run.call();
    RunResult result = resultOf.apply(outcome);
    report.add(result, server == null ? null : ProcessStats.cpuMillisOf(server.pid()) - before);
    out.printf(
        Locale.ROOT,
        "  %-14s %,8d pages in %6.2f s (%6.2f s wall)%n",
        result.run(),
        result.pages(),
        result.seconds(),
        result.wallSeconds());
    return outcome;
  }

  /** Share of the site's pages among these URLs (null when the site's pages are unknown). */
  private static Double recall(List<String> urls, String origin, List<String> paths) {
    if (paths.isEmpty()) {
      return null;
    }
    Set<String> fetched = new HashSet<>(urls);
    long found = paths.stream().filter(p -> fetched.contains(origin + p)).count();
    return found / (double) paths.size();
  }

  private static List<String> fetchedUrls(Path output) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<String> urls = new ArrayList<>();
    try (Stream<String> lines = Files.lines(output)) {
      for (String line : (Iterable<String>) lines::iterator) {
        var record = mapper.readTree(line);
        if ("fetched".equals(record.get("outcome").asText())) {
          urls.add(record.get("final_url").asText());
        }
      }
    }
    return urls;
  }

  private RunResult child(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmFlags());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchRun.class.getName());
    command.addAll(args);
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith(BenchRun.PREFIX)) {
          result = line.substring(BenchRun.PREFIX.length());
        } else {
          lines.add(line);
        }
      }
    }
    p.waitFor();
    double wall = (System.nanoTime() - start) / 1e9;
    if (result == null) {
      throw new IllegalStateException(
          "the "
              + args.get(0)
              + " run failed: "
              + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
    }
    return new ObjectMapper().readValue(result, RunResult.class).withWall(wall);
  }

  /** The JVM flags this process runs with, so that every run gets the launcher's. */
  private static List<String> jvmFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-X") && !a.startsWith("-Xlog"))
        .toList();
  }

  private Process startServer(Path root, int port, long siteBytes) throws Exception {
    // The server holds the whole site in memory, ready-made responses and all.
    long heapMb = 256 + siteBytes * 3 / 2 / (1 << 20);
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx" + heapMb + "m",
                "-cp",
                System.getProperty("java.class.path"),
                StaticServer.class.getName(),
                root.toString(),
                Integer.toString(port)));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null || !line.startsWith("serving")) {
      p.destroy();
      throw new IllegalStateException("the site's server did not start: " + line);
    }
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static List<String> htmlFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".html") || p.toString().endsWith(".htm"))
          .map(p -> "/" + root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }

  private static long totalBytes(Path root, List<String> paths) throws IOException {
    long total = 0;
    for (String p : paths) {
      total += Files.size(root.resolve(p.substring(1)));
    }
    return total;
  }

  private static String size(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
