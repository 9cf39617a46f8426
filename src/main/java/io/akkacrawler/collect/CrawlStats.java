package io.akkacrawler.collect;

import io.akkacrawler.CrawlProgress;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.CrawlSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

/** The collector's counters: plain mutable state, touched by the collector actor only. */
final class CrawlStats {
  private static final int TOP_HOSTS = 20;

  /** Hosts in the live dashboard's tables. */
  private static final int DASHBOARD_HOSTS = 10;

  /** Fewer records first, then the later name: the head of a queue of the busiest is the least. */
  private static final Comparator<Map.Entry<String, long[]>> BUSY =
      Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0])
          .thenComparing(Map.Entry::getKey, Comparator.reverseOrder());

  private long records;
  private long fetched;
  private long skipped;
  private long failed;
  private long bytes;
  private long retries;
  private long redirects;
  private long linksFound;
  private final Map<String, Long> reasons = new HashMap<>();
  private final Map<Integer, Long> statuses = new HashMap<>();
  private final Map<String, long[]> hosts = new HashMap<>();

  private long lastProgressRecords;
  private long lastProgressAt = -1;

  /** Answers relayed by each node ("host:port"), in cluster mode. */
  private final Map<String, Long> answersByNode = new java.util.TreeMap<>();

  /**
   * The node of {@code ref} ({@code host:port}; {@code self} when the ref is local) relayed an
   * answer of a job's current dispatch.
   */
  void answeredBy(akka.actor.typed.ActorRef<?> ref, akka.actor.Address self) {
    akka.actor.Address a = ref.path().address();
    if (a.host().isEmpty()) {
      a = self; // a slot on this node
    }
    answersByNode.merge(
        a.host().getOrElse(() -> "local") + ":" + a.port().getOrElse(() -> 0), 1L, Long::sum);
  }

  /** The record of the URL {@code url} was written. */
  /** A record, of a page with {@code links} links (its record may not list them). */
  void recorded(CrawlRecord r, String url, int links) {
    String host = hostOf(url);
    records++;
    switch (r.outcome()) {
      case FETCHED -> fetched++;
      case SKIPPED -> skipped++;
      case FAILED -> failed++;
    }
    bytes += r.bytes();
    linksFound += links;
    if (r.reason() != null) {
      reasons.merge(r.reason(), 1L, Long::sum);
    }
    if (r.status() != null) {
      statuses.merge(r.status(), 1L, Long::sum);
    }
    long[] h = hosts.computeIfAbsent(host, k -> new long[3]);
    h[0]++;
    if (r.outcome() == io.akkacrawler.Outcome.FAILED) {
      h[1]++;
    }
    h[2] += r.bytes();
  }

  void retried() {
    retries++;
  }

  void redirected() {
    redirects++;
  }

  long records() {
    return records;
  }

  CrawlProgress progress(long elapsedMs, Collector.Report frontier) {
    double rate = 0;
    if (lastProgressAt >= 0 && elapsedMs > lastProgressAt) {
      rate = (records - lastProgressRecords) * 1000.0 / (elapsedMs - lastProgressAt);
    } else if (elapsedMs > 0) {
      rate = records * 1000.0 / elapsedMs;
    }
    lastProgressAt = elapsedMs;
    lastProgressRecords = records;
    return new CrawlProgress(
        elapsedMs,
        records,
        fetched,
        skipped,
        failed,
        retries,
        frontier.queued(),
        frontier.inFlight(),
        frontier.hosts(),
        frontier.activeHosts(),
        frontier.pausedHosts(),
        bytes,
        rate,
        frontier.pauseReason(),
        frontier.totalKnown(),
        new CrawlProgress.Details(
            redirects,
            frontier.robotsRequests(),
            frontier.storeCommits(),
            frontier.pausedByReason(),
            busiest(DASHBOARD_HOSTS),
            frontier.slowestHosts(),
            frontier.failingHosts(),
            answersByNode));
  }

  /** The {@code n} hosts with the most records, the busiest first; one pass over the hosts. */
  private List<CrawlSummary.HostCount> busiest(int n) {
    PriorityQueue<Map.Entry<String, long[]>> top = new PriorityQueue<>(BUSY);
    for (Map.Entry<String, long[]> e : hosts.entrySet()) {
      if (top.size() < n) {
        top.add(e);
      } else if (BUSY.compare(e, top.peek()) > 0) {
        top.poll();
        top.add(e);
      }
    }
    List<CrawlSummary.HostCount> busiest = new ArrayList<>(top.size());
    while (!top.isEmpty()) {
      Map.Entry<String, long[]> e = top.poll();
      busiest.add(0, hostCount(e));
    }
    return busiest;
  }

  private static CrawlSummary.HostCount hostCount(Map.Entry<String, long[]> e) {
    return new CrawlSummary.HostCount(
        e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]);
  }

  CrawlSummary summary(
      long durationMs, boolean interrupted, long notCrawled, CrawlSummary.Politeness politeness) {
    List<CrawlSummary.HostCount> top =
        hosts.entrySet().stream()
            .map(
                e ->
                    new CrawlSummary.HostCount(
                        e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
            .sorted(
                Comparator.comparingLong(CrawlSummary.HostCount::records)
                    .reversed()
                    .thenComparing(CrawlSummary.HostCount::host))
            .limit(TOP_HOSTS)
            .toList();
    return new CrawlSummary(
        durationMs,
        records,
        fetched,
        skipped,
        failed,
        byCountDescending(reasons, Function.identity()),
        byCountDescending(statuses, Function.identity()),
        bytes,
        retries,
        redirects,
        linksFound,
        top,
        interrupted,
        notCrawled,
        politeness,
        Map.copyOf(answersByNode));
  }

  private static <K extends Comparable<K>> Map<K, Long> byCountDescending(
      Map<K, Long> counts, Function<K, K> key) {
    Map<K, Long> sorted = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<K, Long>comparingByValue()
                .reversed()
                .thenComparing(e -> key.apply(e.getKey())))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private static String hostOf(String url) {
    try {
      return io.akkacrawler.url.UrlNormalizer.hostKey(url);
    } catch (IllegalArgumentException unusable) {
      return "(invalid URLs)";
    }
  }
}
