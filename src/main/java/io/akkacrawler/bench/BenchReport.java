package io.akkacrawler.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The figures of a {@code crawl bench}: every run's median round as a table (and JSON), the share
 * of the ceilings, recall, the server's load and ours against the peers by the wall clock.
 */
final class BenchReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Rounds of each run by name, in the order they first ran. */
  final Map<String, List<RunResult>> runs = new LinkedHashMap<>();

  /** CPU ms of the site's server during each round of a run (when the bench serves the site). */
  final Map<String, List<Long>> serverCpu = new LinkedHashMap<>();

  /** Recall of each round of the runs that have one; a null recall is an unknown one. */
  final Map<String, List<Double>> recalls = new LinkedHashMap<>();

  /** Peer name to its run's name, or to the one-line reason it was skipped. */
  private final Map<String, Map<String, String>> peers = new LinkedHashMap<>();

  private final PrintStream out;

  BenchReport(PrintStream out) {
    this.out = out;
  }

  void add(RunResult result, Long serverMs) {
    runs.computeIfAbsent(result.run(), k -> new ArrayList<>()).add(result);
    if (serverMs != null) {
      serverCpu.computeIfAbsent(result.run(), k -> new ArrayList<>()).add(serverMs);
    }
  }

  void addRecall(String run, Double recall) {
    recalls.computeIfAbsent(run, k -> new ArrayList<>()).add(recall);
  }

  void peer(Peers.Peer peer) {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put("run", peer.available() ? peer.run() : null);
    entry.put("skipped", peer.skipped());
    peers.put(peer.name(), entry);
  }

  void print(Map<String, Object> header, Path jsonFile) throws IOException {
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
    String format = "%-14s %8s %9s %9s %7s %8s %9s %7s %8s %8s %7s %7s%n";
    out.println();
    out.printf(
        Locale.ROOT,
        format,
        "run",
        "pages",
        "pages/s",
        "wall p/s",
        "MB/s",
        "CPU ms/p",
        "peak RSS",
        "GC ms",
        "% fetch",
        "% parse",
        "recall",
        "server");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RunResult r : median.values()) {
      boolean isCrawl = r.run().startsWith("crawl");
      boolean hasRecall = recalls.containsKey(r.run());
      boolean hasWall = isCrawl || isPeer(r.run());
      Double recall = hasRecall ? medianOf(recalls.get(r.run())) : null;
      Double wall = hasWall ? medianOf(wallRates(r.run())) : null;
      Double vsFetch =
          isCrawl && fetch != null ? 100 * r.pagesPerSecond() / fetch.pagesPerSecond() : null;
      Double vsParse =
          isCrawl && parse != null ? 100 * r.pagesPerSecond() / parse.pagesPerSecond() : null;
      Long cpu = serverCpu.containsKey(r.run()) ? medianOfLongs(serverCpu.get(r.run())) : null;
      Double serverLoad = cpu == null || cpu < 0 ? null : 100 * cpu / 1000.0 / r.seconds();
      out.printf(
          Locale.ROOT,
          format,
          r.run(),
          String.format(Locale.ROOT, "%,d", r.pages()),
          String.format(Locale.ROOT, "%,.0f", r.pagesPerSecond()),
          wall == null ? "" : String.format(Locale.ROOT, "%,.0f", wall),
          String.format(Locale.ROOT, "%.1f", r.megabytesPerSecond()),
          r.cpuMs() < 0 ? "" : String.format(Locale.ROOT, "%.2f", r.cpuMsPerPage()),
          r.peakRssKb() < 0 ? "" : (r.peakRssKb() / 1024) + " MB",
          r.gcMs() < 0 ? "" : Long.toString(r.gcMs()),
          percent(vsFetch),
          percent(vsParse),
          !hasRecall ? "" : recall == null ? "n/a" : String.format(Locale.ROOT, "%.4f", recall),
          percent(serverLoad));
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("run", r.run());
      row.put("peer", isPeer(r.run()));
      row.put("pages", r.pages());
      row.put("seconds", r.seconds());
      row.put("pages_per_second", r.pagesPerSecond());
      row.put("wall_seconds", r.wallSeconds());
      row.put("pages_per_second_wall", wall);
      row.put("mb_per_second", r.megabytesPerSecond());
      row.put("cpu_ms_per_page", r.cpuMs() < 0 ? null : r.cpuMsPerPage());
      row.put("peak_rss_mb", r.peakRssKb() < 0 ? null : r.peakRssKb() / 1024);
      row.put("gc_ms", r.gcMs() < 0 ? null : r.gcMs());
      row.put("percent_of_fetch_ceiling", vsFetch);
      row.put("percent_of_parse_ceiling", vsParse);
      row.put("recall", recall);
      row.put("server_cpu_percent_of_a_core", serverLoad);
      row.put(
          "all_pages_per_second",
          runs.get(r.run()).stream().map(RunResult::pagesPerSecond).toList());
      row.put("all_pages_per_second_wall", hasWall ? wallRates(r.run()) : null);
      rows.add(row);
    }
    int repeat = runs.values().stream().mapToInt(List::size).max().orElse(0);
    out.println(
        "(wall p/s = pages / wall clock of the whole process, JVM or interpreter start included;"
            + " server = the site's server process, CPU as % of one core; medians of "
            + repeat
            + " round(s))");
    RunResult crawl = median.get("crawl");
    if (fetch != null && crawl != null) {
      double headroom = fetch.pagesPerSecond() / crawl.pagesPerSecond();
      out.printf(
          Locale.ROOT,
          "The server %s the bottleneck: the fetch-only ceiling is %.1fx the crawl%n",
          headroom >= 1.3 ? "is not" : "may be",
          headroom);
    }
    Map<String, Double> ratios = ratios(crawl == null ? null : medianOf(wallRates("crawl")));
    if (jsonFile != null) {
      Map<String, Object> doc = new LinkedHashMap<>(header);
      doc.put("runs", rows);
      doc.put("peers", peers);
      doc.put("ours_over_peer_wall", ratios);
      JSON.writeValue(jsonFile.toFile(), doc);
      out.println("Figures written to " + jsonFile);
    }
  }

  /** Prints and returns ours / each peer, both by the wall clock of their whole process. */
  private Map<String, Double> ratios(Double ours) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    peers.forEach(
        (name, peer) -> {
          if (peer.get("skipped") != null) {
            out.printf(Locale.ROOT, "Peer %s skipped: %s%n", name, peer.get("skipped"));
            return;
          }
          Double theirs =
              runs.containsKey(peer.get("run")) ? medianOf(wallRates(peer.get("run"))) : null;
          if (ours == null || theirs == null || theirs <= 0) {
            return;
          }
          ratios.put(name, ours / theirs);
          out.printf(
              Locale.ROOT,
              "ours / %-9s %5.2fx  (crawl %,.0f vs %s %,.0f pages/s, wall clock)%n",
              name + ":",
              ours / theirs,
              ours,
              peer.get("run"),
              theirs);
        });
    return ratios;
  }

  private boolean isPeer(String run) {
    return peers.values().stream().anyMatch(p -> run.equals(p.get("run")));
  }

  private List<Double> wallRates(String run) {
    return runs.get(run).stream().map(RunResult::wallPagesPerSecond).toList();
  }

  private static String percent(Double p) {
    return p == null ? "" : String.format(Locale.ROOT, "%.0f%%", p);
  }

  /** The median, or null when any value is unknown. */
  private static Double medianOf(List<Double> values) {
    if (values.stream().anyMatch(Objects::isNull)) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static long medianOfLongs(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
