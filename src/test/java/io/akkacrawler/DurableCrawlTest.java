package io.akkacrawler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.cli.Cli;
import io.akkacrawler.cli.ExitCodes;
import io.akkacrawler.demo.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resumable crawls: the crawler runs as a child process and is killed with SIGKILL at random points
 * of its progress, then resumed, until it finishes; its output must equal an uninterrupted crawl's.
 * The site holds its answers at the chosen point until the kill, so how fast the machine is never
 * decides whether a kill lands mid-crawl.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@Tag("slow")
class DurableCrawlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGES = 3000;

  @TempDir Path dir;
  private LoopbackServer server;

  /** Requests served so far; past {@code holdAfter} each one waits for {@code release}. */
  private final AtomicLong served = new AtomicLong();

  private volatile long holdAfter = Long.MAX_VALUE;
  private volatile CountDownLatch holding = new CountDownLatch(1);
  private volatile CountDownLatch release = new CountDownLatch(0);

  @BeforeEach
  void startSite() throws IOException {
    SiteFixture site = new SiteFixture(PAGES);
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
              site.handle(ex);
            });
  }

  @AfterEach
  void stopSite() {
    server.close();
  }

  private List<String> crawlArgs(Path state, Path out) {
    return List.of(
        "--state",
        state.toString(),
        "-o",
        out.toString(),
        "--delay",
        "0",
        "--per-host",
        "8",
        "--max-in-flight",
        "16",
        "-q",
        server.url("/p/0.html"));
  }

  @Test
  void survivesRepeatedKillNineWithEveryPageExactlyOnce() throws Exception {
    long seed = 20261127L;
    System.out.println("kill -9 harness: random seed " + seed);
    Random random = new Random(seed);
    Path state = dir.resolve("state");
    Path out = dir.resolve("out.jsonl");

    List<String> args = crawlArgs(state, out);
    int kills = 0;
    int runs = 0;
    long linesBefore = 0;
    List<String> log = new ArrayList<>();
    while (true) {
      // The first kill comes with the first request (a crawl still starting); the others after
      // 20 to 500 more requests. Six of them cannot reach the end of 3,000 pages.
      boolean kill = kills < 6;
      long after = kills == 0 ? 0 : 20 + random.nextInt(480);
      holding = new CountDownLatch(1);
      release = new CountDownLatch(1);
      holdAfter = kill ? served.get() + after : Long.MAX_VALUE;
      Process p = child(args);
      runs++;
      if (kill) {
        while (!holding.await(100, TimeUnit.MILLISECONDS)) {
          assertTrue(p.isAlive(), "the crawl ended before its kill: " + log);
        }
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        release.countDown();
        kills++;
        long lines = Files.exists(out) ? Files.lines(out).count() : 0;
        log.add("killed after " + after + " requests with " + lines + " lines");
        linesBefore = lines;
      } else {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the last run ends");
        assertEquals(0, p.exitValue(), "exit code of the last run: " + log);
        break;
      }
      // Killed while starting, before its settings were saved, a crawl is started again.
      args =
          Files.exists(state.resolve("FORMAT"))
              ? List.of("--resume", state.toString(), "-q")
              : crawlArgs(state, out);
    }
    System.out.println("kill -9 harness: " + kills + " kills, " + runs + " runs: " + log);
    assertTrue(linesBefore < PAGES, "killed before the end");

    Map<String, String> resumed = outcomes(out);
    assertEquals(PAGES, resumed.size());

    // The same crawl, uninterrupted.
    Path reference = dir.resolve("reference.jsonl");
    assertEquals(
        ExitCodes.OK,
        Cli.run(
            new String[] {
              "-o",
              reference.toString(),
              "--delay",
              "0",
              "--per-host",
              "8",
              "-q",
              server.url("/p/0.html")
            },
            devNull(),
            devNull(),
            Cli.Signals.manual()));
    assertEquals(outcomes(reference), resumed);

    // A finished crawl says so.
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(
        ExitCodes.OK,
        Cli.run(
            new String[] {"--resume", state.toString()},
            devNull(),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Cli.Signals.manual()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("is finished"));
  }

  @Test
  void resumesAfterCtrlC() throws Exception {
    Path state = dir.resolve("state");
    Path out = dir.resolve("out.jsonl");
    Cli.Signals signals = Cli.Signals.manual();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // The site holds its answers after 200 requests: the interrupt lands mid-crawl.
    holding = new CountDownLatch(1);
    release = new CountDownLatch(1);
    holdAfter = served.get() + 200;
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    crawlArgs(state, out).toArray(String[]::new),
                    devNull(),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    signals));
    assertTrue(holding.await(60, TimeUnit.SECONDS), "the crawl is under way");
    signals.interrupt();
    holdAfter = Long.MAX_VALUE;
    release.countDown(); // the requests in flight finish
    assertEquals(ExitCodes.INTERRUPTED, first.get(60, TimeUnit.SECONDS));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--resume " + state), err.toString());
    long afterInterrupt = Files.lines(out).count();
    assertTrue(afterInterrupt < PAGES);

    ByteArrayOutputStream resumed = new ByteArrayOutputStream();
    assertEquals(
        ExitCodes.OK,
        Cli.run(
            new String[] {"--resume", state.toString(), "-q"},
            devNull(),
            new PrintStream(resumed, true, StandardCharsets.UTF_8),
            Cli.Signals.manual()));
    assertEquals(PAGES, outcomes(out).size());
    // The summary gives this run and the whole crawl.
    assertTrue(
        resumed.toString(StandardCharsets.UTF_8).contains("whole crawl: 3,000 records"),
        resumed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aDamagedStateEndsWithAnErrorInsteadOfHanging() throws Exception {
    Path state = dir.resolve("state");
    Path out = dir.resolve("out.jsonl");
    io.akkacrawler.state.StateDirectory.create(
            state, "{\"crawler\":{}}", List.of(server.url("/p/0.html")), out)
        .close();
    try (io.akkacrawler.state.StateDirectory d = io.akkacrawler.state.StateDirectory.open(state)) {
      d.store().putHost("http://127.0.0.1:1", "{not json".getBytes(StandardCharsets.UTF_8));
      d.store().commit();
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    new String[] {"--resume", state.toString(), "-q"},
                    devNull(),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    Cli.Signals.manual()));
    assertEquals(ExitCodes.FAILURE, exit.get(60, TimeUnit.SECONDS));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("the crawl cannot start"),
        err.toString(StandardCharsets.UTF_8));
  }

  /** Every line must be a whole JSON object, and every URL appear once. */
  static Map<String, String> outcomes(Path file) throws IOException {
    Map<String, String> outcomes = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode record = JSON.readTree(line);
      String previous = outcomes.put(record.get("url").asText(), record.get("outcome").asText());
      assertEquals(null, previous, "twice in the output: " + record.get("url"));
    }
    return outcomes;
  }

  static Process child(List<String> args) throws IOException {
    return ChildJvm.start(List.of("-Xmx256m"), args, null);
  }

  private static PrintStream devNull() {
    return new PrintStream(java.io.OutputStream.nullOutputStream());
  }
}
