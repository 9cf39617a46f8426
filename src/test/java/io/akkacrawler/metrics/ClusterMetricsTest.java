package io.akkacrawler.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.SiteFixture;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.cluster.ClusterCrawl;
import io.akkacrawler.cluster.WorkerNode;
import io.akkacrawler.config.ClusterSettings;
import io.akkacrawler.config.CrawlSettings;
import io.akkacrawler.config.MetricsSettings;
import io.akkacrawler.demo.LoopbackServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster crawl in one JVM (a coordinator that does not fetch, and one worker), each node with
 * its own metrics endpoint: the coordinator's has the crawl's totals and each node's share, the
 * worker's its own jobs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@Tag("slow")
class ClusterMetricsTest {
  private static final int PAGES = 60;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theCoordinatorHasTheCrawlsTotalsAndEachNodeItsOwnFigures() throws Exception {
    MetricsSettings ephemeral = new MetricsSettings(0, "127.0.0.1", false);
    SiteFixture site = new SiteFixture(PAGES);
    try (LoopbackServer server = LoopbackServer.start(site::handle);
        Monitoring coordinator = Monitoring.forCrawl(ephemeral, "site", false);
        Monitoring worker = Monitoring.forWorker(ephemeral, "the crawl")) {
      Config config =
          TestCrawls.config(
              "crawler.cluster { stable-after = 3s, join-timeout = 8s, slots = 4 },"
                  + " crawler.max-in-flight = 8");
      CrawlSettings settings = CrawlSettings.load(config, List.of(server.url(SiteFixture.path(0))));
      int port = freePort();
      TestCrawls.ListSink sink = new TestCrawls.ListSink();
      ClusterCrawl.Coordinator crawl =
          ClusterCrawl.startCoordinator(
              settings,
              config,
              config.withOnlyPath("crawler").root().render(ConfigRenderOptions.concise()),
              new ClusterCrawl.Node("127.0.0.1", port, null),
              false,
              sink,
              coordinator.listener(),
              null,
              null,
              java.time.Duration.ofSeconds(1));
      CompletableFuture<WorkerNode.Outcome> workerOutcome =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ClusterCrawl.runWorker(
                      config,
                      new ClusterCrawl.Node("127.0.0.1", 0, "127.0.0.1:" + port),
                      ConfigFactory.empty(),
                      ClusterSettings.load(config),
                      new CompletableFuture<>(),
                      line -> {},
                      worker.listener());
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      CrawlSummary summary =
          crawl.handle().completion().toCompletableFuture().get(90, TimeUnit.SECONDS);
      coordinator.finished(summary);
      assertEquals(WorkerNode.Outcome.FINISHED, workerOutcome.get(60, TimeUnit.SECONDS));
      worker.ended("finished", null);

      assertEquals(PAGES, sink.records().size());
      Scrape totals = Scrape.of(coordinator.url() + "metrics");
      assertEquals(PAGES, totals.sum("crawler_urls_total"));
      assertEquals(PAGES, totals.value("crawler_urls_total{outcome=\"fetched\",reason=\"none\"}"));
      assertEquals(1, totals.series("crawler_node_answers_total").size(), "one node fetched");
      assertEquals(PAGES, totals.sum("crawler_node_answers_total"), "each page once");
      assertFalse(totals.has("crawler_node_jobs_total"), "this coordinator does not fetch");
      JsonNode status = JSON.readTree(Scrape.get(coordinator.url() + "api/status").body());
      assertEquals(1, status.get("nodes").size());
      assertEquals(PAGES, status.get("nodes").get(0).get("answers").asLong());
      assertEquals(1.0, status.get("nodes").get(0).get("share").asDouble());

      Scrape own = Scrape.of(worker.url() + "metrics");
      assertEquals(PAGES, own.value("crawler_node_jobs_total{result=\"fetched\"}"));
      assertEquals(1, own.value("crawler_node_jobs_total{result=\"robots\"}"));
      assertEquals(4, own.value("crawler_node_slots"));
      assertEquals(0, own.value("crawler_node_slots_busy"));
      assertEquals(PAGES, own.value("crawler_node_fetch_duration_seconds_count"));
      assertTrue(own.value("crawler_node_body_bytes_total") > 0);
      assertFalse(own.has("crawler_urls_total"), "the crawl's totals are the coordinator's");
      assertTrue(own.has("jvm_memory_used_bytes"));
      JsonNode node = JSON.readTree(Scrape.get(worker.url() + "api/status").body());
      assertEquals("worker", node.get("role").asText());
      assertEquals("finished", node.get("state").asText());
      assertEquals(PAGES + 1, node.get("node").get("answered").asLong());
      assertEquals(
          status.get("nodes").get(0).get("node").asText(), node.get("node").get("name").asText());
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
