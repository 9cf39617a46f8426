package io.akkacrawler.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code crawl bench} procedure: prepares the site, starts its server in a separate process,
 * runs the fetch-only ceiling, the parse-only ceiling and the crawl (each in a fresh JVM with the
 * same flags as this one), repeats, and reports medians, ceilings, recall and server load.
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

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Source source;
  private final int repeat;
  private final int inFlight;
  private final boolean withState;
  private final boolean keep;
  private final PrintStream out;

  public Benchmark(
      Source source, int repeat, int inFlight, boolean withState, boolean keep, PrintStream out) {
    this.source = source;
    this.repeat = repeat;
    this.inFlight = inFlight;
    this.withState = withState;
    this.keep = keep;
    this.out = out;
  }

  public void run(Path jsonFile) throws Exception {
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

      Map<String, List<RunResult>> runs = new LinkedHashMap<>();
      Map<String, List<Long>> serverCpu = new LinkedHashMap<>();
      Map<String, List<Double>> recalls = new LinkedHashMap<>();
      int cores = Runtime.getRuntime().availableProcessors();
      for (int r = 1; r <= repeat; r++) {
        if (repeat > 1) {
          out.printf(Locale.ROOT, "Round %d of %d%n", r, repeat);
        }
        Path crawlOut = work.resolve("crawl-" + r + ".jsonl");
        RunResult crawl =
            measure(
                server,
                serverCpu,
                runs,
                List.of("crawl", entry, crawlOut.toString(), "-", Integer.toString(inFlight)));
        recalls
            .computeIfAbsent("crawl", k -> new ArrayList<>())
            .add(recall(crawlOut, origin, paths));
        if (withState) {
          Path stateOut = work.resolve("state-" + r + ".jsonl");
          measure(
              server,
              serverCpu,
              runs,
              List.of(
                  "crawl",
                  entry,
                  stateOut.toString(),
                  work.resolve("state-" + r).toString(),
                  Integer.toString(inFlight)));
          recalls
              .computeIfAbsent("crawl --state", k -> new ArrayList<>())
              .add(recall(stateOut, origin, paths));
        }
        if (source.url() != null) {
          Files.write(urlsFile, fetchedUrls(crawlOut));
        }
        measure(
            server,
            serverCpu,
            runs,
            List.of("fetch", urlsFile.toString(), Integer.toString(inFlight)));
        if (root != null) {
          measure(
              server,
              serverCpu,
              runs,
              List.of(
                  "parse", root.toString(), origin, Integer.toString(cores), pathsFile.toString()));
        }
        if (crawl.pages() == 0) {
          throw new SettingsException("the crawl found no pages at " + entry);
        }
      }
      report(runs, serverCpu, recalls, jsonFile);
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

  private RunResult measure(
      Process server,
      Map<String, List<Long>> serverCpu,
      Map<String, List<RunResult>> runs,
      List<String> args)
      throws Exception {
    long before = server == null ? -1 : ProcessStats.cpuMillisOf(server.pid());
    RunResult result = child(args);
    if (server != null) {
      serverCpu
          .computeIfAbsent(result.run(), k -> new ArrayList<>())
          .add(ProcessStats.cpuMillisOf(server.pid()) - before);
    }
    runs.computeIfAbsent(result.run(), k -> new ArrayList<>()).add(result);
    out.printf(
        Locale.ROOT,
        "  %-14s %,8d pages in %6.2f s%n",
        result.run(),
        result.pages(),
        result.seconds());
    return result;
  }

  private void report(
      Map<String, List<RunResult>> runs,
      Map<String, List<Long>> serverCpu,
      Map<String, List<Double>> recalls,
      Path jsonFile)
      throws IOException {
    Map<String, RunResult> median = new LinkedHashMap<>();
    runs.forEach(
        (name, list) ->
            median.put(
                name,
                list.stream()
                    .sorted(Comparator.comparingDouble(RunResult::pagesPerSecond))
                    .toList()
                    .get(list.size() / 2)));
    RunResult fetch = median.get("fetch-only");
    RunResult parse = median.get("parse-only");
    out.println();
    out.printf(
        Locale.ROOT,
        "%-14s %8s %9s %7s %8s %9s %7s %8s %8s %7s %7s%n",
        "run",
        "pages",
        "pages/s",
        "MB/s",
        "CPU ms/p",
        "peak RSS",
        "GC ms",
        "% fetch",
        "% parse",
        "recall",
        "server");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<String, RunResult> e : median.entrySet()) {
      RunResult r = e.getValue();
      boolean isCrawl = r.run().startsWith("crawl");
      Double recall = isCrawl ? medianOf(recalls.get(r.run())) : null;
      Double vsFetch =
          isCrawl && fetch != null ? 100 * r.pagesPerSecond() / fetch.pagesPerSecond() : null;
      Double vsParse =
          isCrawl && parse != null ? 100 * r.pagesPerSecond() / parse.pagesPerSecond() : null;
      Long cpu = serverCpu.containsKey(r.run()) ? medianOfLongs(serverCpu.get(r.run())) : null;
      Double serverLoad = cpu == null ? null : 100 * cpu / 1000.0 / r.seconds();
      out.printf(
          Locale.ROOT,
          "%-14s %,8d %,9.0f %7.1f %8.2f %6d MB %7d %8s %8s %7s %7s%n",
          r.run(),
          r.pages(),
          r.pagesPerSecond(),
          r.megabytesPerSecond(),
          r.cpuMsPerPage(),
          r.peakRssKb() / 1024,
          r.gcMs(),
          percent(vsFetch),
          percent(vsParse),
          isCrawl ? recallText(recall) : "",
          serverLoad == null ? "" : String.format(Locale.ROOT, "%.0f%%", serverLoad));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("run", r.run());
      row.put("pages", r.pages());
      row.put("seconds", r.seconds());
      row.put("pages_per_second", r.pagesPerSecond());
      row.put("mb_per_second", r.megabytesPerSecond());
      row.put("cpu_ms_per_page", r.cpuMsPerPage());
      row.put("peak_rss_mb", r.peakRssKb() / 1024);
      row.put("gc_ms", r.gcMs());
      row.put("percent_of_fetch_ceiling", vsFetch);
      row.put("percent_of_parse_ceiling", vsParse);
      row.put("recall", recall);
      row.put("server_cpu_percent_of_a_core", serverLoad);
      row.put(
          "all_pages_per_second",
          runs.get(r.run()).stream().map(RunResult::pagesPerSecond).toList());
      rows.add(row);
    }
    out.println(
        "(server = the site's server process, CPU as % of one core; medians of "
            + repeat
            + " round(s))");
    RunResult crawl = median.get("crawl");
    if (fetch != null && crawl != null) {
      double headroom = fetch.pagesPerSecond() / crawl.pagesPerSecond();
      out.printf(
          Locale.ROOT,
          "The server %s the bottleneck: the fetch-only ceiling is %.1fx the" + " crawl%n",
          headroom >= 1.3 ? "is not" : "may be",
          headroom);
    }
    if (jsonFile != null) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("source", source);
      doc.put("repeat", repeat);
      doc.put("in_flight", inFlight);
      doc.put("cores", Runtime.getRuntime().availableProcessors());
      doc.put("jvm_flags", jvmFlags());
      doc.put("runs", rows);
      JSON.writeValue(jsonFile.toFile(), doc);
      out.println("Figures written to " + jsonFile);
    }
  }

  private static String percent(Double p) {
    return p == null ? "" : String.format(Locale.ROOT, "%.0f%%", p);
  }

  /** "n/a" when the site's page list is unknown (a crawl of --url). */
  private static String recallText(Double recall) {
    return recall == null ? "n/a" : String.format(Locale.ROOT, "%.4f", recall);
  }

  /** The median, or null when any value is unknown. */
  private static Double medianOf(List<Double> values) {
    if (values.contains(null)) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static long medianOfLongs(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /** Share of the site's pages that the crawl fetched (null when the site's pages are unknown). */
  private static Double recall(Path output, String origin, List<String> paths) throws IOException {
    if (paths.isEmpty()) {
      return null;
    }
    Set<String> fetched = new HashSet<>(fetchedUrls(output));
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
    if (result == null) {
      throw new IllegalStateException(
          "the "
              + args.get(0)
              + " run failed: "
              + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
    }
    return new ObjectMapper().readValue(result, RunResult.class);
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
