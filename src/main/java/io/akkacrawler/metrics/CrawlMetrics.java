package io.akkacrawler.metrics;

import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlProgress;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.Outcome;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The crawl's Prometheus metrics, as a {@link CrawlListener}. Per record it does a few counter
 * increments: its calls (records, retries, redirects) come from the collector, one actor, so the
 * data points they use are cached in plain maps. Figures the frontier owns (queued, in flight,
 * hosts, robots.txt requests, store commits) are read at scrape time from the latest progress
 * snapshot. Label values are bounded: outcomes, reasons and results are fixed sets, statuses are
 * the registered codes (others become their class), and no label names a URL or a host.
 */
final class CrawlMetrics implements CrawlListener {
  /** Upper bounds of the fetch latency histogram, in seconds. */
  static final double[] LATENCY_BOUNDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private final Counter urls;
  private final Counter statuses;
  private final Counter bytes;
  private final Histogram latency;
  private final Counter retries;
  private final Counter redirects;

  /** Data points by outcome and reason, by status, by retry reason: the collector's only. */
  private final Map<Outcome, Map<String, CounterDataPoint>> urlPoints =
      new EnumMap<>(Outcome.class);

  private final CounterDataPoint[] statusPoints = new CounterDataPoint[600];
  private final Map<String, CounterDataPoint> statusClassPoints = new HashMap<>();
  private final Map<String, CounterDataPoint> retryPoints = new HashMap<>();

  /** The latest progress (or, once over, the final figures), for the frontier's figures. */
  private volatile CrawlProgress latest;

  private volatile boolean running = true;

  /** A record or a progress report came: the crawl has started (before its first report too). */
  private volatile boolean started;

  CrawlMetrics(PrometheusRegistry registry) {
    urls =
        Counter.builder()
            .name("crawler_urls_total")
            .help("URLs recorded, by outcome and reason (none when fetched)")
            .labelNames("outcome", "reason")
            .withoutExemplars()
            .register(registry);
    statuses =
        Counter.builder()
            .name("crawler_urls_by_status_total")
            .help("URLs recorded, by their last HTTP status (none: no response; 4xx: unregistered)")
            .labelNames("status")
            .withoutExemplars()
            .register(registry);
    bytes =
        Counter.builder()
            .name("crawler_body_bytes_total")
            .help("Body bytes of the recorded responses, as received on the wire")
            .withoutExemplars()
            .register(registry);
    latency =
        Histogram.builder()
            .name("crawler_fetch_duration_seconds")
            .help(
                "Time of each request, answered or failed (a timeout, a reset): recorded URLs,"
                    + " retried attempts, redirect hops")
            .classicOnly()
            .classicUpperBounds(LATENCY_BOUNDS)
            .withoutExemplars()
            .register(registry);
    retries =
        Counter.builder()
            .name("crawler_retries_total")
            .help("Attempts that failed and were tried again, by reason")
            .labelNames("reason")
            .withoutExemplars()
            .register(registry);
    redirects =
        Counter.builder()
            .name("crawler_redirects_total")
            .help("Redirect hops followed")
            .withoutExemplars()
            .register(registry);
    crawlGauges(registry);
  }

  /** The gauges and counters read from the latest progress snapshot at scrape time. */
  private void crawlGauges(PrometheusRegistry registry) {
    gauge(
        registry,
        "crawler_requests_in_flight",
        "Requests dispatched, not answered yet",
        CrawlProgress::inFlight);
    gauge(
        registry,
        "crawler_urls_queued",
        "URLs waiting in the frontier (retries included)",
        CrawlProgress::queued);
    gauge(registry, "crawler_hosts", "Hosts known to the frontier", CrawlProgress::hosts);
    gauge(
        registry,
        "crawler_hosts_active",
        "Hosts with requests in flight",
        CrawlProgress::activeHosts);
    gauge(
        registry,
        "crawler_crawl_elapsed_seconds",
        "Time since the crawl started",
        p -> p.elapsedMs() / 1000.0);
    GaugeWithCallback.builder()
        .name("crawler_crawl_running")
        .help("1 while the crawl runs, 0 once it has ended")
        .callback(cb -> cb.call(started && running ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("crawler_hosts_paused")
        .help("Hosts paused, by the reason of their pause (breaker, http-429, unreachable, ...)")
        .labelNames("reason")
        .callback(
            cb -> {
              CrawlProgress p = latest;
              if (p != null) {
                Map<String, Integer> byLabel = new HashMap<>();
                p.details()
                    .pausedByReason()
                    .forEach((r, n) -> byLabel.merge(MetricLabels.reason(r), n, Integer::sum));
                byLabel.forEach((r, n) -> cb.call(n, r));
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("crawler_robots_requests_total")
        .help("robots.txt requests made")
        .callback(cb -> cb.call(latest == null ? 0 : latest.details().robotsRequests()))
        .register(registry);
    CounterWithCallback.builder()
        .name("crawler_store_commits_total")
        .help("Commits of written records to the frontier's store")
        .callback(cb -> cb.call(latest == null ? 0 : latest.details().storeCommits()))
        .register(registry);
    CounterWithCallback.builder()
        .name("crawler_node_answers_total")
        .help("Cluster mode, on the coordinator: answers taken from each node")
        .labelNames("node")
        .callback(
            cb -> {
              CrawlProgress p = latest;
              if (p != null) {
                p.details().answersByNode().forEach((node, n) -> cb.call(n, node));
              }
            })
        .register(registry);
  }

  private void gauge(
      PrometheusRegistry registry,
      String name,
      String help,
      ToDoubleFunction<CrawlProgress> figure) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .callback(
            cb -> {
              CrawlProgress p = latest;
              if (p != null) {
                cb.call(figure.applyAsDouble(p));
              }
            })
        .register(registry);
  }

  @Override
  public void onProgress(CrawlProgress progress) {
    latest = progress;
    started = true;
  }

  @Override
  public void onRecord(CrawlRecord r) {
    started = true;
    urlPoints
        .computeIfAbsent(r.outcome(), o -> new HashMap<>())
        .computeIfAbsent(
            r.reason() == null ? "none" : r.reason(),
            reason -> urls.labelValues(r.outcome().label(), MetricLabels.reason(reason)))
        .inc();
    statusPoint(r.status() == null ? 0 : r.status()).inc();
    if (r.bytes() > 0) {
      bytes.inc(r.bytes());
    }
    if (r.status() != null || r.fetchMs() > 0) {
      latency.observe(r.fetchMs() / 1000.0);
    }
  }

  private CounterDataPoint statusPoint(int status) {
    if (status >= 100 && status < 600) {
      CounterDataPoint p = statusPoints[status];
      if (p == null) {
        p = statuses.labelValues(MetricLabels.status(status));
        statusPoints[status] = p;
      }
      return p;
    }
    return statusClassPoints.computeIfAbsent(
        MetricLabels.status(status), label -> statuses.labelValues(label));
  }

  @Override
  public void onRetry(String reason, long fetchMs) {
    retryPoints
        .computeIfAbsent(
            reason == null ? "none" : reason, r -> retries.labelValues(MetricLabels.reason(r)))
        .inc();
    latency.observe(fetchMs / 1000.0);
  }

  @Override
  public void onRedirect(long fetchMs) {
    redirects.inc();
    latency.observe(fetchMs / 1000.0);
  }

  /** The crawl is over: the frontier's figures as they ended, and no longer running. */
  void finished(CrawlSummary summary) {
    CrawlProgress last = latest;
    CrawlProgress.Details d = last == null ? CrawlProgress.Details.NONE : last.details();
    latest =
        new CrawlProgress(
            summary.durationMs(),
            summary.records(),
            summary.fetched(),
            summary.skipped(),
            summary.failed(),
            summary.retries(),
            summary.notCrawled(),
            0,
            last == null ? summary.hosts().size() : last.hosts(),
            0,
            0,
            summary.bytes(),
            summary.pagesPerSecond(),
            null,
            true,
            new CrawlProgress.Details(
                summary.redirects(),
                summary.politeness().robotsFetches(),
                d.storeCommits(),
                Map.of(),
                d.busiestHosts(),
                d.slowestHosts(),
                d.failingHosts(),
                summary.answersByNode().isEmpty() ? d.answersByNode() : summary.answersByNode()));
    running = false;
  }

  /** The crawl ended without a summary (it failed): no longer running. */
  void ended() {
    running = false;
  }

  /** Records per skip or failure reason, most frequent first (read from the counters). */
  Map<String, Long> reasons() {
    Map<String, Long> reasons = new HashMap<>();
    urls.collect()
        .getDataPoints()
        .forEach(
            d -> {
              String reason = d.getLabels().get("reason");
              if (!"none".equals(reason)) {
                reasons.merge(reason, (long) d.getValue(), Long::sum);
              }
            });
    return byCount(reasons);
  }

  /** Records per status label, most frequent first (read from the counters). */
  Map<String, Long> statuses() {
    Map<String, Long> counts = new HashMap<>();
    statuses
        .collect()
        .getDataPoints()
        .forEach(d -> counts.merge(d.getLabels().get("status"), (long) d.getValue(), Long::sum));
    return byCount(counts);
  }

  /** Requests per latency bucket (not cumulative): one per bound, then one above the last. */
  List<Long> latencyCounts() {
    return latency.collect().getDataPoints().stream()
        .findFirst()
        .map(
            d -> {
              List<Long> counts = new java.util.ArrayList<>();
              d.getClassicBuckets().forEach(b -> counts.add(b.getCount()));
              return counts;
            })
        .orElse(List.of());
  }

  private static Map<String, Long> byCount(Map<String, Long> counts) {
    Map<String, Long> sorted = new java.util.LinkedHashMap<>();
    counts.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }
}
