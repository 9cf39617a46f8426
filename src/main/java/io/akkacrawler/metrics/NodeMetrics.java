package io.akkacrawler.metrics;

import io.akkacrawler.CrawlListener;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cluster node's own Prometheus metrics (its slots and the jobs its fetchers answered), as a
 * {@link CrawlListener}. Its calls come from the node's slots, several actors: they touch only data
 * points made at the start, which are safe for that.
 */
final class NodeMetrics implements CrawlListener {
  /** What a node's slot answers; anything else is counted as "other". */
  static final List<String> RESULTS =
      List.of(
          "fetched",
          "skipped",
          "failed",
          "retry",
          "crashed",
          "restarted",
          "redirect",
          "robots",
          "sitemap",
          "other");

  private final Counter jobs;
  private final Counter bytes;
  private final Histogram latency;
  private final Gauge slots;
  private final Gauge busy;

  /** Made once, read by every slot. */
  private final Map<String, CounterDataPoint> jobPoints;

  private volatile String name;

  NodeMetrics(PrometheusRegistry registry) {
    jobs =
        Counter.builder()
            .name("crawler_node_jobs_total")
            .help("Cluster mode: jobs this node's fetchers answered, by result")
            .labelNames("result")
            .withoutExemplars()
            .register(registry);
    Map<String, CounterDataPoint> points = new HashMap<>();
    RESULTS.forEach(r -> points.put(r, jobs.labelValues(r)));
    jobPoints = Map.copyOf(points);
    bytes =
        Counter.builder()
            .name("crawler_node_body_bytes_total")
            .help("Cluster mode: body bytes this node's fetchers received for pages")
            .withoutExemplars()
            .register(registry);
    latency =
        Histogram.builder()
            .name("crawler_node_fetch_duration_seconds")
            .help("Cluster mode: time of each page request this node made")
            .classicOnly()
            .classicUpperBounds(CrawlMetrics.LATENCY_BOUNDS)
            .withoutExemplars()
            .register(registry);
    slots =
        Gauge.builder()
            .name("crawler_node_slots")
            .help("Cluster mode: this node's fetch slots")
            .register(registry);
    busy =
        Gauge.builder()
            .name("crawler_node_slots_busy")
            .help("Cluster mode: this node's slots working on a job")
            .register(registry);
  }

  @Override
  public void onNodeStarted(String node, int slotCount) {
    name = node;
    slots.set(slotCount);
    busy.set(0);
  }

  @Override
  public void onNodeSlot(boolean taken) {
    busy.inc(taken ? 1 : -1);
  }

  @Override
  public void onNodeAnswer(String result, int status, long bodyBytes, long fetchMs) {
    CounterDataPoint p = jobPoints.get(result);
    (p == null ? jobPoints.get("other") : p).inc();
    if (bodyBytes > 0) {
      bytes.inc(bodyBytes);
    }
    if (!"robots".equals(result) && !"sitemap".equals(result)) {
      latency.observe(fetchMs / 1000.0);
    }
  }

  /** This node's figures, read from its data points (safe from any thread). */
  Figures figures() {
    Map<String, Long> answered = new LinkedHashMap<>();
    for (String result : RESULTS) {
      long n = jobPoints.get(result).getLongValue();
      if (n > 0) {
        answered.put(result, n);
      }
    }
    double meanMs =
        latency.collect().getDataPoints().stream()
            .mapToDouble(d -> d.getCount() == 0 ? 0 : d.getSum() / d.getCount() * 1000)
            .findFirst()
            .orElse(0);
    return new Figures(
        name, (int) slots.get(), (int) busy.get(), answered, (long) bytes.get(), meanMs);
  }

  /** What this node did, for its dashboard; {@code name} null until it has joined a crawl. */
  record Figures(
      String name, int slots, int busy, Map<String, Long> jobs, long bytes, double meanFetchMs) {
    long answered() {
      return jobs.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
