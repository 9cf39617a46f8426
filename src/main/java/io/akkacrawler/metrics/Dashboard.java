package io.akkacrawler.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlProgress;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The live dashboard's data, as a {@link CrawlListener}: keeps the latest failures (a bounded ring)
 * and the figures over time, and at every progress tick (a worker: every node tick) renders the
 * whole status as JSON for {@code /api/status}. Its state is written by one actor at a time (the
 * collector; on a worker, its node) and, once the crawl is over, by the thread that ends it; HTTP
 * threads only read the last rendered bytes.
 */
final class Dashboard implements CrawlListener {
  /** What this process is: a crawl (standalone or coordinator) or a cluster worker. */
  enum Role {
    CRAWL,
    WORKER
  }

  /** Hosts in each table. */
  private static final int HOSTS = 10;

  /** Failures kept for the table of the latest ones. */
  static final int FAILURES = 30;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Role role;
  private final String title;
  private final CrawlMetrics crawl;
  private final NodeMetrics node;
  private final LongSupplier epochMs;
  private final long startMs;

  private final ArrayDeque<Map<String, Object>> failures = new ArrayDeque<>();
  private final History history = new History(600);
  private CrawlProgress latest;
  private long lastNodeAnswered;
  private double lastNodeSecond;

  private volatile byte[] status;

  /**
   * @param title what is crawled (the seeds), or the worker's coordinator
   * @param epochMs the wall clock, in milliseconds (failures are stamped with it)
   */
  Dashboard(Role role, String title, CrawlMetrics crawl, NodeMetrics node, LongSupplier epochMs) {
    this.role = role;
    this.title = title;
    this.crawl = crawl;
    this.node = node;
    this.epochMs = epochMs;
    this.startMs = epochMs.getAsLong();
    publish(role == Role.CRAWL ? "starting" : "waiting", null, null);
  }

  /** The status as JSON: what {@code /api/status} answers. */
  byte[] status() {
    return status;
  }

  @Override
  public void onRecord(CrawlRecord r) {
    if (r.outcome() == Outcome.FETCHED && (r.status() == null || r.status() < 400)) {
      return;
    }
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("time", epochMs.getAsLong());
    f.put("url", r.url());
    f.put("outcome", r.outcome().label());
    f.put("reason", r.reason() != null ? r.reason() : "http-" + r.status());
    f.put("status", r.status());
    f.put("error", r.error());
    if (failures.size() == FAILURES) {
      failures.removeLast();
    }
    failures.addFirst(f);
  }

  @Override
  public void onProgress(CrawlProgress p) {
    if (role != Role.CRAWL) {
      return;
    }
    latest = p;
    history.add(
        p.elapsedMs() / 1000.0,
        p.records(),
        p.fetched(),
        p.skipped(),
        p.failed(),
        p.bytes(),
        p.pagesPerSecond(),
        p.inFlight(),
        p.queued());
    publish("running", null, null);
  }

  @Override
  public void onNodeTick(long completed) {
    if (role != Role.WORKER) {
      return;
    }
    NodeMetrics.Figures f = node.figures();
    double second = (epochMs.getAsLong() - startMs) / 1000.0;
    long answered = f.answered();
    double rate =
        second > lastNodeSecond ? (answered - lastNodeAnswered) / (second - lastNodeSecond) : 0;
    lastNodeAnswered = answered;
    lastNodeSecond = second;
    Map<String, Long> jobs = f.jobs();
    history.add(
        second,
        answered,
        jobs.getOrDefault("fetched", 0L),
        jobs.getOrDefault("skipped", 0L),
        jobs.getOrDefault("failed", 0L) + jobs.getOrDefault("retry", 0L),
        f.bytes(),
        rate,
        f.busy(),
        0);
    publish("fetching", null, null);
  }

  /**
   * The crawl ended with {@code summary}: its final figures, shown from now on; "stopped" when its
   * time limit ended it.
   */
  void finished(CrawlSummary summary, boolean timeLimit) {
    history.add(
        summary.durationMs() / 1000.0,
        summary.records(),
        summary.fetched(),
        summary.skipped(),
        summary.failed(),
        summary.bytes(),
        latest == null ? summary.pagesPerSecond() : latest.pagesPerSecond(),
        0,
        summary.notCrawled());
    publish(
        timeLimit ? "stopped" : summary.interrupted() ? "interrupted" : "finished", null, summary);
  }

  /** The crawl (or a worker's part in it) ended without a summary: {@code message} says why. */
  void ended(String state, String message) {
    publish(state, message, null);
  }

  private void publish(String state, String message, CrawlSummary summary) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("role", role.name().toLowerCase(java.util.Locale.ROOT));
    s.put("state", state);
    s.put("message", message);
    s.put("title", title);
    s.put("updatedAt", epochMs.getAsLong());
    s.put("latencyBoundsMs", latencyBoundsMs());
    s.put("history", history.toMap());
    s.put("failures", new ArrayList<>(failures));
    if (role == Role.CRAWL) {
      crawlStatus(s, summary);
    } else {
      s.put("node", nodeStatus());
    }
    try {
      status = JSON.writeValueAsBytes(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the dashboard's status cannot be written as JSON", e);
    }
  }

  private void crawlStatus(Map<String, Object> s, CrawlSummary summary) {
    CrawlProgress p = latest;
    CrawlProgress.Details d = p == null ? CrawlProgress.Details.NONE : p.details();
    Map<String, Object> t = new LinkedHashMap<>();
    if (summary != null) {
      s.put("elapsedMs", summary.durationMs());
      t.put("records", summary.records());
      t.put("fetched", summary.fetched());
      t.put("skipped", summary.skipped());
      t.put("failed", summary.failed());
      t.put("bytes", summary.bytes());
      t.put("retries", summary.retries());
      t.put("redirects", summary.redirects());
      t.put("queued", summary.notCrawled());
      t.put("inFlight", 0);
      t.put("hosts", p == null ? summary.hosts().size() : p.hosts());
      t.put("activeHosts", 0);
      t.put("pausedHosts", 0);
      t.put("pagesPerSecond", summary.pagesPerSecond());
      t.put("etaMs", -1);
      t.put("robotsRequests", summary.politeness().robotsFetches());
    } else {
      s.put("elapsedMs", p == null ? 0 : p.elapsedMs());
      t.put("records", p == null ? 0 : p.records());
      t.put("fetched", p == null ? 0 : p.fetched());
      t.put("skipped", p == null ? 0 : p.skipped());
      t.put("failed", p == null ? 0 : p.failed());
      t.put("bytes", p == null ? 0 : p.bytes());
      t.put("retries", p == null ? 0 : p.retries());
      t.put("redirects", d.redirects());
      t.put("queued", p == null ? 0 : p.queued());
      t.put("inFlight", p == null ? 0 : p.inFlight());
      t.put("hosts", p == null ? 0 : p.hosts());
      t.put("activeHosts", p == null ? 0 : p.activeHosts());
      t.put("pausedHosts", p == null ? 0 : p.pausedHosts());
      t.put("pagesPerSecond", p == null ? 0 : p.pagesPerSecond());
      t.put("etaMs", p == null ? -1 : p.etaMs());
      t.put("robotsRequests", d.robotsRequests());
    }
    t.put("storeCommits", d.storeCommits());
    s.put("totals", t);
    s.put("pausedByReason", summary == null ? d.pausedByReason() : Map.of());
    s.put("reasons", crawl.reasons());
    s.put("statuses", crawl.statuses());
    s.put("latency", crawl.latencyCounts());
    if (summary != null) {
      s.put("busiestHosts", summary.hosts().stream().limit(HOSTS).toList());
      s.put("slowestHosts", summary.politeness().slowestHosts());
      s.put("failingHosts", summary.politeness().failingHosts());
    } else {
      s.put("busiestHosts", d.busiestHosts());
      s.put("slowestHosts", d.slowestHosts());
      s.put("failingHosts", d.failingHosts());
    }
    Map<String, Long> answers =
        summary != null && !summary.answersByNode().isEmpty()
            ? summary.answersByNode()
            : d.answersByNode();
    s.put("nodes", nodes(answers));
  }

  private static List<Map<String, Object>> nodes(Map<String, Long> answers) {
    long all = answers.values().stream().mapToLong(Long::longValue).sum();
    List<Map<String, Object>> nodes = new ArrayList<>();
    answers.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Map<String, Object> n = new LinkedHashMap<>();
              n.put("node", e.getKey());
              n.put("answers", e.getValue());
              n.put("share", all == 0 ? 0 : e.getValue() / (double) all);
              nodes.add(n);
            });
    return nodes;
  }

  private Map<String, Object> nodeStatus() {
    NodeMetrics.Figures f = node.figures();
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("name", f.name());
    n.put("slots", f.slots());
    n.put("busy", f.busy());
    n.put("answered", f.answered());
    n.put("jobs", f.jobs());
    n.put("bytes", f.bytes());
    n.put("meanFetchMs", Math.round(f.meanFetchMs()));
    return n;
  }

  private static List<Double> latencyBoundsMs() {
    List<Double> bounds = new ArrayList<>();
    for (double b : CrawlMetrics.LATENCY_BOUNDS) {
      bounds.add(b * 1000);
    }
    return bounds;
  }
}
