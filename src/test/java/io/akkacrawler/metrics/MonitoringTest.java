package io.akkacrawler.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlProgress;
import io.akkacrawler.CrawlRecord;
import io.akkacrawler.CrawlSummary;
import io.akkacrawler.Crawler;
import io.akkacrawler.Outcome;
import io.akkacrawler.TestCrawls;
import io.akkacrawler.config.MetricsSettings;
import io.akkacrawler.config.SettingsException;
import io.akkacrawler.demo.LoopbackServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A crawl of a loopback site with the metrics endpoint on an ephemeral port: scraped while a page
 * is held and after the end, its counters match the records and the summary; the dashboard page
 * loads nothing from elsewhere and its data has what the page draws.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MonitoringTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS = 12;

  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger flaky = new AtomicInteger();
  private LoopbackServer site;
  private Monitoring monitoring;

  @BeforeEach
  void startSite() throws Exception {
    site =
        LoopbackServer.start(
            ex -> {
              String path = ex.getRequestURI().getPath();
              switch (path) {
                case "/robots.txt" ->
                    LoopbackServer.send(
                        ex, 200, "text/plain", "User-agent: *\nDisallow: /private/\n".getBytes());
                case "/" ->
                    LoopbackServer.html(
                        ex,
                        "<a href=/p/1>1</a><a href=/p/2>2</a><a href=/p/3>3</a><a href=/p/4>4</a>"
                            + "<a href=/p/5>5</a><a href=/missing>m</a><a href=/moved>r</a>"
                            + "<a href=/flaky>f</a><a href=/private/x>x</a><a href=/doc.pdf>d</a>"
                            + "<a href=/slow>s</a>");
                case "/missing" -> LoopbackServer.send(ex, 404, "text/html", "gone".getBytes());
                case "/moved" -> LoopbackServer.redirect(ex, 301, "/target");
                case "/flaky" -> {
                  if (flaky.getAndIncrement() == 0) {
                    LoopbackServer.send(ex, 503, "text/html", "busy".getBytes());
                  } else {
                    LoopbackServer.html(ex, "<title>ok now</title>");
                  }
                }
                case "/doc.pdf" ->
                    LoopbackServer.send(ex, 200, "application/pdf", "%PDF-1.4".getBytes());
                case "/slow" -> {
                  await(release);
                  LoopbackServer.html(ex, "<title>slow</title>");
                }
                default -> LoopbackServer.html(ex, "<title>" + path + "</title>");
              }
            });
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (monitoring != null) {
      monitoring.close();
    }
    site.close();
  }

  private static MetricsSettings ephemeral() {
    return new MetricsSettings(0, "127.0.0.1", false);
  }

  @Test
  void countersMatchTheRecordsDuringAndAfterTheCrawl() throws Exception {
    monitoring = Monitoring.forCrawl(ephemeral(), site.url("/"), false);
    String metrics = monitoring.url() + "metrics";
    CountDownLatch heldPageAlone = new CountDownLatch(1);
    CrawlListener watcher =
        new CrawlListener() {
          @Override
          public void onProgress(CrawlProgress p) {
            if (p.records() == RECORDS - 1 && p.inFlight() == 1) {
              heldPageAlone.countDown();
            }
          }
        };
    TestCrawls.ListSink sink = new TestCrawls.ListSink();
    Crawler.CrawlHandle handle =
        Crawler.of(TestCrawls.settings("", site.url("/")))
            .sink(sink)
            .listener(monitoring.listener().andThen(watcher))
            .start();
    assertTrue(heldPageAlone.await(30, TimeUnit.SECONDS), "every page but the held one is done");

    Scrape during = Scrape.of(metrics);
    assertEquals(1, during.value("crawler_crawl_running"));
    assertEquals(1, during.value("crawler_requests_in_flight"));
    assertEquals(RECORDS - 1, during.sum("crawler_urls_total"));
    assertEquals(recordsByOutcome(sink.records()), byOutcome(during));

    release.countDown();
    CrawlSummary summary = handle.completion().toCompletableFuture().get(30, TimeUnit.SECONDS);
    monitoring.finished(summary);
    Scrape after = Scrape.of(metrics);
    List<CrawlRecord> records = sink.records();
    assertEquals(RECORDS, records.size());
    assertEquals(recordsByOutcome(records), byOutcome(after));
    assertEquals(summary.fetched(), byOutcome(after).get("fetched"));
    assertEquals(1, after.value("crawler_urls_total{outcome=\"skipped\",reason=\"robots\"}"));
    assertEquals(1, after.value("crawler_urls_total{outcome=\"skipped\",reason=\"non-html\"}"));
    assertEquals(1, after.value("crawler_urls_by_status_total{status=\"404\"}"));
    assertEquals(
        records.stream().filter(r -> r.status() == null).count(),
        after.value("crawler_urls_by_status_total{status=\"none\"}"));
    assertEquals(summary.bytes(), after.value("crawler_body_bytes_total"));
    assertEquals(summary.retries(), after.sum("crawler_retries_total"));
    assertEquals(1, after.value("crawler_retries_total{reason=\"http-503\"}"));
    assertEquals(summary.redirects(), after.value("crawler_redirects_total"));
    assertEquals(
        summary.politeness().robotsFetches(), after.value("crawler_robots_requests_total"));
    // Every answered request: the records that had one, the retried attempt, the redirect hop.
    long requested = records.stream().filter(r -> r.status() != null).count();
    assertEquals(
        requested + summary.retries() + summary.redirects(),
        after.value("crawler_fetch_duration_seconds_count"));
    assertEquals(0, after.value("crawler_crawl_running"));
    assertEquals(0, after.value("crawler_requests_in_flight"));
    // The frontier's own figures are sampled once a second: this crawl may end before a commit.
    assertTrue(after.has("crawler_store_commits_total"), after.text());
    assertTrue(after.has("jvm_memory_used_bytes"), "JVM metrics");
    assertTrue(after.has("jvm_threads_current"), "JVM metrics");
    assertTrue(after.has("process_cpu_seconds_total"), "process metrics");
    assertFalse(after.has("crawler_node_jobs_total"), "a standalone crawl is no cluster node");
    assertNoUrlOrHostInLabels(after);
  }

  /** Label values never name a URL or a host: nothing of the site's address is in a series. */
  private void assertNoUrlOrHostInLabels(Scrape scrape) {
    String port = Integer.toString(site.port());
    for (String series : scrape.samples().keySet()) {
      assertFalse(
          series.contains("127.0.0.1") || series.contains(":" + port) || series.contains("/"),
          series);
    }
    for (Map.Entry<String, Double> e : scrape.series("crawler_urls_total").entrySet()) {
      assertTrue(e.getKey().matches("outcome=\"[a-z]+\",reason=\"[a-z0-9-]+\""), e.getKey());
    }
  }

  private static Map<String, Long> recordsByOutcome(List<CrawlRecord> records) {
    return records.stream()
        .collect(Collectors.groupingBy(r -> r.outcome().label(), Collectors.counting()));
  }

  private static Map<String, Long> byOutcome(Scrape scrape) {
    return scrape.series("crawler_urls_total").entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .collect(
            Collectors.groupingBy(
                e -> e.getKey().replaceAll("outcome=\"([a-z]+)\".*", "$1"),
                Collectors.summingLong(e -> e.getValue().longValue())));
  }

  @Test
  void theDashboardLoadsNothingFromElsewhereAndItsDataHasWhatThePageDraws() throws Exception {
    monitoring = Monitoring.forCrawl(ephemeral(), site.url("/"), false);
    JsonNode before = JSON.readTree(Scrape.get(monitoring.url() + "api/status").body());
    assertEquals("starting", before.get("state").asText());

    release.countDown();
    TestCrawls.ListSink sink = new TestCrawls.ListSink();
    CrawlSummary summary =
        Crawler.of(TestCrawls.settings("", site.url("/")))
            .sink(sink)
            .listener(monitoring.listener())
            .start()
            .completion()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    monitoring.finished(summary);

    HttpResponse<String> page = Scrape.get(monitoring.url());
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String html = page.body();
    assertTrue(html.contains("api/status"), "the page asks for its data");
    assertFalse(
        Pattern.compile("(?i)(src|href|action)\\s*=\\s*[\"']?\\s*(https?:)?//")
            .matcher(html)
            .find(),
        "nothing is loaded from another host");
    assertFalse(Pattern.compile("(?i)@import|url\\(\\s*[\"']?(https?:)?//").matcher(html).find());
    assertFalse(html.contains("<script src"), "the script is inline");

    HttpResponse<String> api = Scrape.get(monitoring.url() + "api/status");
    assertEquals("application/json", api.headers().firstValue("Content-Type").orElse(""));
    JsonNode s = JSON.readTree(api.body());
    assertEquals("crawl", s.get("role").asText());
    assertEquals("finished", s.get("state").asText());
    assertEquals(site.url("/"), s.get("title").asText());
    JsonNode totals = s.get("totals");
    assertEquals(summary.records(), totals.get("records").asLong());
    assertEquals(summary.failed(), totals.get("failed").asLong());
    for (String key :
        List.of(
            "fetched",
            "skipped",
            "bytes",
            "retries",
            "redirects",
            "queued",
            "inFlight",
            "hosts",
            "activeHosts",
            "pausedHosts",
            "pagesPerSecond",
            "etaMs",
            "robotsRequests",
            "storeCommits")) {
      assertTrue(totals.has(key), key);
    }
    for (String key :
        List.of("t", "records", "fetched", "skipped", "failed", "bytes", "rate", "inFlight")) {
      assertTrue(s.get("history").get(key).isArray(), key);
    }
    assertEquals(summary.records(), last(s.get("history").get("records")));
    assertEquals(
        site.url("/").replaceAll("/$", ""), s.get("busiestHosts").get(0).get("host").asText());
    assertEquals(RECORDS, s.get("busiestHosts").get(0).get("records").asLong());
    JsonNode slowest = s.get("slowestHosts").get(0);
    for (String key : List.of("host", "requests", "failures", "avgFetchMs", "delayMs", "state")) {
      assertTrue(slowest.has(key), key);
    }
    assertEquals(1, s.get("failingHosts").size(), "the host that answered 503");
    List<String> failed =
        s.get("failures").findValues("reason").stream().map(JsonNode::asText).toList();
    assertTrue(failed.containsAll(List.of("robots", "non-html", "http-404")), failed.toString());
    assertEquals(1, s.get("reasons").get("robots").asLong());
    assertEquals(1, s.get("statuses").get("404").asLong());
    assertEquals(
        CrawlMetrics.LATENCY_BOUNDS.length + 1, s.get("latency").size(), "one more than bounds");
    assertEquals(CrawlMetrics.LATENCY_BOUNDS.length, s.get("latencyBoundsMs").size());
    assertTrue(s.get("nodes").isArray());
    assertTrue(s.get("pausedByReason").isObject());
    assertEquals(404, Scrape.get(monitoring.url() + "nothing-here").statusCode());
    assertEquals(
        sink.records().stream().filter(r -> r.outcome() != Outcome.FETCHED).count() + 1,
        s.get("failures").size(),
        "skipped, failed and HTTP errors");
  }

  private static long last(JsonNode array) {
    return array.get(array.size() - 1).asLong();
  }

  @Test
  void aPortInUseIsOneLineAndNothingIsServed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SettingsException e =
          assertThrows(
              SettingsException.class,
              () ->
                  Monitoring.forCrawl(
                      new MetricsSettings(taken.getLocalPort(), "127.0.0.1", false), "x", false));
      assertTrue(e.getMessage().contains("the port is in use"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void anUnknownBindAddressIsOneLine() {
    SettingsException e =
        assertThrows(
            SettingsException.class,
            () ->
                Monitoring.forCrawl(
                    new MetricsSettings(0, "no-such-host.invalid", false), "x", false));
    assertTrue(e.getMessage().contains("unknown host"), e.getMessage());
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
