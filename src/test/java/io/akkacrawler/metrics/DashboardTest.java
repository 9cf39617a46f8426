package io.akkacrawler.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.Outcome;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DashboardTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AtomicLong clock = new AtomicLong(1_000);

  private static CrawlRecord record(String url, Outcome outcome, String reason, Integer status) {
    return new CrawlRecord(
        url, url, outcome, reason, status, 0, null, null, 0, 3, null, null, List.of(), List.of(),
        Map.of(), false, false, false, 1, List.of(), null);
  }

  private JsonNode status(Dashboard d) throws IOException {
    return JSON.readTree(d.status());
  }

  @Test
  void keepsTheLatestFailuresNewestFirstAndNoMoreThanItsRing() throws IOException {
    CrawlMetrics metrics = new CrawlMetrics(new PrometheusRegistry());
    Dashboard d = new Dashboard(Dashboard.Role.CRAWL, "http://a.test/", metrics, null, clock::get);
    d.onRecord(record("http://a.test/ok", Outcome.FETCHED, null, 200));
    d.onRecord(record("http://a.test/gone", Outcome.FETCHED, null, 404));
    for (int i = 0; i < Dashboard.FAILURES + 5; i++) {
      clock.incrementAndGet();
      d.onRecord(record("http://a.test/t" + i, Outcome.FAILED, "timeout", null));
    }
    d.onRecord(record("http://a.test/r", Outcome.SKIPPED, "robots", null));
    d.ended("failed", "the output cannot be written");
    JsonNode s = status(d);
    assertEquals("failed", s.get("state").asText());
    assertEquals("the output cannot be written", s.get("message").asText());
    JsonNode failures = s.get("failures");
    assertEquals(Dashboard.FAILURES, failures.size());
    assertEquals("robots", failures.get(0).get("reason").asText());
    assertEquals("skipped", failures.get(0).get("outcome").asText());
    assertEquals("http://a.test/t34", failures.get(1).get("url").asText());
    assertEquals(1_035, failures.get(1).get("time").asLong());
  }

  @Test
  void aWorkerShowsItsNodesFiguresOverTime() throws IOException {
    NodeMetrics node = new NodeMetrics(new PrometheusRegistry());
    Dashboard d = new Dashboard(Dashboard.Role.WORKER, "the crawl at c:1", null, node, clock::get);
    assertEquals("waiting", status(d).get("state").asText());
    node.onNodeStarted("127.0.0.1:2552", 8);
    node.onNodeSlot(true);
    node.onNodeAnswer("fetched", 200, 1_000, 20);
    node.onNodeAnswer("robots", 0, 0, 0);
    clock.addAndGet(1_000);
    d.onNodeTick(2);
    JsonNode s = status(d);
    assertEquals("worker", s.get("role").asText());
    assertEquals("fetching", s.get("state").asText());
    JsonNode n = s.get("node");
    assertEquals("127.0.0.1:2552", n.get("name").asText());
    assertEquals(8, n.get("slots").asInt());
    assertEquals(1, n.get("busy").asInt());
    assertEquals(2, n.get("answered").asLong());
    assertEquals(1, n.get("jobs").get("fetched").asLong());
    assertEquals(1_000, n.get("bytes").asLong());
    assertEquals(20, n.get("meanFetchMs").asLong(), "page requests only");
    assertEquals(2.0, s.get("history").get("rate").get(0).asDouble(), "2 jobs in its 1st second");
  }

  @Test
  void theCrawlRunsFromItsFirstRecordNotFromItsFirstProgressReport() {
    PrometheusRegistry registry = new PrometheusRegistry();
    CrawlMetrics metrics = new CrawlMetrics(registry);
    assertEquals(0, running(registry), "not started");
    metrics.onRecord(record("http://a.test/ok", Outcome.FETCHED, null, 200));
    assertEquals(1, running(registry), "a record counted: the crawl runs");
    metrics.ended();
    assertEquals(0, running(registry));
  }

  private static double running(PrometheusRegistry registry) {
    for (var snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getName().equals("crawler_crawl_running")) {
        return ((io.prometheus.metrics.model.snapshots.GaugeSnapshot) snapshot)
            .getDataPoints()
            .get(0)
            .getValue();
      }
    }
    throw new AssertionError("no crawler_crawl_running");
  }
}
