package io.akkacrawler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.demo.LoopbackServer;
import io.akkacrawler.warc.WarcRead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcRevisit;

/**
 * WARC files across {@code kill -9} and {@code --resume} (the harness of {@link DurableCrawlTest}):
 * the files end with whole records, every page's exchange is in them exactly once, and every
 * revisit refers to a response that is still there.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@Tag("slow")
class DurableWarcCrawlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGES = 1000;
  private static final String SAME = "<html><body><p>Twice the same</p></body></html>";

  @TempDir Path dir;
  private LoopbackServer server;
  private final AtomicLong served = new AtomicLong();
  private volatile long holdAfter = Long.MAX_VALUE;
  private volatile CountDownLatch holding = new CountDownLatch(1);
  private volatile CountDownLatch release = new CountDownLatch(0);

  @BeforeEach
  void startSite() throws IOException {
    SiteFixture pages = new SiteFixture(PAGES);
    Routes site =
        new Routes()
            .page("/copy-a.html", SAME)
            .page("/copy-b.html", SAME)
            .page("/landing.html", "<html><body>Landed</body></html>")
            .on("/moved", ex -> LoopbackServer.redirect(ex, 301, "/landing.html"))
            .on(
                "/robots.txt",
                ex ->
                    LoopbackServer.send(
                        ex, 200, "text/plain", "User-agent: *\nAllow: /\n".getBytes()));
    server =
        LoopbackServer.start(
            ex -> {
              if (served.incrementAndGet() > holdAfter) {
                holding.countDown();
                try {
                  release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              String path = ex.getRequestURI().getPath();
              if (path.startsWith("/p/")) {
                pages.handle(ex);
              } else {
                site.handle(ex);
              }
            });
  }

  @AfterEach
  void stopSite() {
    server.close();
  }

  private List<String> crawlArgs(Path state, Path out, Path warc) {
    return List.of(
        "--state",
        state.toString(),
        "-o",
        out.toString(),
        "--warc",
        warc.toString(),
        "--warc-max-size",
        "64KiB",
        "--delay",
        "0",
        "--per-host",
        "8",
        "--max-in-flight",
        "16",
        "-q",
        server.url("/p/0.html"),
        server.url("/moved"),
        server.url("/missing.html"),
        server.url("/copy-a.html"),
        server.url("/copy-b.html"));
  }

  @Test
  void afterKillNineAndResumeEveryExchangeIsInTheFilesOnce() throws Exception {
    long seed = 20261201L;
    System.out.println("WARC kill -9 harness: random seed " + seed);
    Random random = new Random(seed);
    Path state = dir.resolve("state");
    Path out = dir.resolve("out.jsonl");
    Path warc = dir.resolve("warc");
    List<String> args = crawlArgs(state, out, warc);
    int kills = 0;
    List<String> log = new ArrayList<>();
    while (true) {
      boolean kill = kills < 5;
      long after = kills == 0 ? 0 : 20 + random.nextInt(200);
      holding = new CountDownLatch(1);
      release = new CountDownLatch(1);
      holdAfter = kill ? served.get() + after : Long.MAX_VALUE;
      Process p = DurableCrawlTest.child(args);
      if (!kill) {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the last run ends");
        assertEquals(0, p.exitValue(), "exit code of the last run: " + log);
        break;
      }
      while (!holding.await(100, TimeUnit.MILLISECONDS)) {
        assertTrue(p.isAlive(), "the crawl ended before its kill: " + log);
      }
      p.destroyForcibly(); // SIGKILL
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      release.countDown();
      kills++;
      log.add("killed after " + after + " requests with " + warcFiles(warc).size() + " files");
      args =
          Files.exists(state.resolve("FORMAT"))
              ? List.of("--resume", state.toString(), "-q")
              : crawlArgs(state, out, warc);
    }
    System.out.println("WARC kill -9 harness: " + kills + " kills: " + log);

    // Every file reads to its end: no torn record anywhere.
    List<WarcRead> all = new ArrayList<>();
    for (Path f : warcFiles(warc)) {
      List<WarcRead> records = WarcRead.all(f);
      assertEquals("warcinfo", records.get(0).type(), f.toString());
      all.addAll(records);
    }
    Map<String, Integer> responses = new HashMap<>();
    Set<String> responseIds = new HashSet<>();
    long requests = 0;
    for (WarcRead r : all) {
      switch (r.type()) {
        case "response", "revisit" -> {
          responses.merge(r.target(), 1, Integer::sum);
          responseIds.add(r.record().id().toString());
        }
        case "request" -> requests++;
        default -> {}
      }
    }
    assertEquals(responses.values().stream().mapToInt(i -> i).sum(), requests);

    // Each page's exchange is there exactly once; a redirect or robots.txt at most once.
    Map<String, JsonNode> records = records(out);
    assertEquals(PAGES + 4, records.size());
    for (JsonNode record : records.values()) {
      String finalUrl = record.get("final_url").asText();
      assertEquals(1, responses.getOrDefault(finalUrl, 0), "exchanges of " + finalUrl);
    }
    assertTrue(responses.getOrDefault(server.url("/moved"), 0) <= 1, "the redirect once");
    assertTrue(responses.getOrDefault(server.url("/robots.txt"), 0) <= 1, "robots.txt once");

    // Revisits refer to responses that are still in the files.
    long revisits = 0;
    for (WarcRead r : all) {
      if (r.record() instanceof WarcRevisit v) {
        revisits++;
        assertTrue(
            responseIds.contains(v.refersTo().orElseThrow().toString()),
            "the revisit of " + v.target() + " refers to a record in the files");
      }
    }
    assertTrue(revisits >= 1, "the copy is a revisit");
  }

  private static List<Path> warcFiles(Path warc) throws IOException {
    if (!Files.isDirectory(warc)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(warc)) {
      return s.sorted().toList();
    }
  }

  /** The records by URL; each URL once. */
  private static Map<String, JsonNode> records(Path out) throws IOException {
    Map<String, JsonNode> byUrl = new HashMap<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      JsonNode r = JSON.readTree(line);
      assertEquals(null, byUrl.put(r.get("url").asText(), r), "twice: " + r.get("url"));
    }
    return byUrl;
  }
}
