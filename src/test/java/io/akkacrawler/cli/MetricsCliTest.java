package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.SiteFixture;
import io.akkacrawler.demo.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --metrics-port}, {@code --metrics-bind} and {@code --linger} on the command line. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Cli.Signals signals, String... args) {
    return Cli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        signals);
  }

  private synchronized String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void assertOneLineError(int code, String expectedPart) {
    assertEquals(ExitCodes.USAGE, code, err());
    List<String> lines = err().lines().toList();
    assertEquals(1, lines.size(), err());
    assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(expectedPart), err());
  }

  @Test
  void servesTheFinalFiguresUntilCtrlCWithLinger() throws Exception {
    SiteFixture site = new SiteFixture(40);
    try (LoopbackServer server = LoopbackServer.start(site::handle)) {
      Path output = dir.resolve("out.jsonl");
      Cli.Signals signals = Cli.Signals.manual();
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  run(
                      signals,
                      "--metrics-port",
                      "0",
                      "--linger",
                      "-q",
                      "--delay",
                      "0",
                      "--per-host",
                      "4",
                      "-o",
                      output.toString(),
                      server.url(SiteFixture.path(0))));
      awaitCondition(() -> err().contains("until Ctrl-C") || exit.isDone());
      Matcher m = Pattern.compile("Dashboard at (http://127\\.0\\.0\\.1:\\d+/)").matcher(err());
      assertTrue(m.find(), err());
      String url = m.group(1);

      String metrics = get(url + "metrics").body();
      long lines = Files.readAllLines(output).size();
      assertEquals(40, lines);
      assertTrue(metrics.contains("crawler_crawl_running 0.0"), metrics);
      assertEquals(lines, sum(metrics, "crawler_urls_total"), metrics);
      var status = JSON.readTree(get(url + "api/status").body());
      assertEquals("finished", status.get("state").asText());
      assertEquals(lines, status.get("totals").get("records").asLong());

      signals.interrupt();
      assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS), err());
      assertThrows(ConnectException.class, () -> get(url + "metrics"), "stopped at exit");
    }
  }

  /** A site without end: /p/N links to /p/N+1. */
  private static LoopbackServer endlessSite() throws IOException {
    return LoopbackServer.start(
        ex -> {
          long n = Long.parseLong(ex.getRequestURI().getPath().replaceAll("\\D", "") + "0") / 10;
          LoopbackServer.html(ex, "<a href=/p/" + (n + 1) + ">next</a>");
        });
  }

  /** Runs a lingering crawl of an endless site; returns its exit and its dashboard's address. */
  private CompletableFuture<Integer> lingeringCrawl(
      Cli.Signals signals, LoopbackServer server, String... limits) {
    List<String> args = new java.util.ArrayList<>(List.of("--metrics-port", "0", "--linger"));
    args.addAll(List.of("-q", "--delay", "0", "-o", dir.resolve("out.jsonl").toString()));
    args.addAll(List.of(limits));
    args.add(server.url("/p/0"));
    return CompletableFuture.supplyAsync(() -> run(signals, args.toArray(String[]::new)));
  }

  private String dashboard() {
    Matcher m = Pattern.compile("Dashboard at (http://127\\.0\\.0\\.1:\\d+/)").matcher(err());
    assertTrue(m.find(), err());
    return m.group(1);
  }

  @Test
  void aCrawlEndedByItsTimeLimitIsStoppedNotInterruptedAndLingers() throws Exception {
    try (LoopbackServer server = endlessSite()) {
      Cli.Signals signals = Cli.Signals.manual();
      CompletableFuture<Integer> exit = lingeringCrawl(signals, server, "--max-time", "1");
      awaitCondition(() -> err().contains("until Ctrl-C") || exit.isDone());
      var status = JSON.readTree(get(dashboard() + "api/status").body());
      assertEquals("stopped", status.get("state").asText(), "exit 0: not an interruption");
      signals.interrupt();
      assertEquals(ExitCodes.OK, exit.get(30, TimeUnit.SECONDS), err());
    }
  }

  @Test
  void oneCtrlCEndsTheCrawlAndLingersASecondOneLeaves() throws Exception {
    try (LoopbackServer server = endlessSite()) {
      Cli.Signals signals = Cli.Signals.manual();
      CompletableFuture<Integer> exit = lingeringCrawl(signals, server);
      awaitCondition(() -> err().contains("Dashboard at") || exit.isDone());
      signals.interrupt(); // the crawl's Ctrl-C (kept until the crawl is there to hear it)
      awaitCondition(() -> err().contains("until Ctrl-C") || exit.isDone());
      var status = JSON.readTree(get(dashboard() + "api/status").body());
      assertEquals("interrupted", status.get("state").asText());
      signals.interrupt();
      assertEquals(ExitCodes.INTERRUPTED, exit.get(30, TimeUnit.SECONDS), err());
    }
  }

  @Test
  void aMetricsPortInUseIsOneLineAndTheOutputIsUntouched() throws Exception {
    Path output = dir.resolve("kept.jsonl");
    Files.writeString(output, "{\"url\":\"kept\"}\n");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code =
          run(
              Cli.Signals.manual(),
              "--metrics-port",
              Integer.toString(taken.getLocalPort()),
              "-o",
              output.toString(),
              "http://127.0.0.1:9/");
      assertOneLineError(code, "the port is in use");
    }
    assertEquals("{\"url\":\"kept\"}\n", Files.readString(output));
  }

  @Test
  void aMetricsPortOutOfRangeIsOneLine() {
    assertOneLineError(
        run(Cli.Signals.manual(), "--metrics-port", "70000", "http://127.0.0.1:9/"),
        "from 0 to 65535");
  }

  @Test
  void anUnknownMetricsBindAddressIsOneLine() {
    assertOneLineError(
        run(
            Cli.Signals.manual(),
            "--metrics-port",
            "0",
            "--metrics-bind",
            "no-such-host.invalid",
            "http://127.0.0.1:9/"),
        "unknown host");
  }

  @Test
  void aWorkerWhoseMetricsPortIsTakenStopsBeforeJoining() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int code =
          run(
              Cli.Signals.manual(),
              "worker",
              "--join",
              "127.0.0.1:9",
              "--metrics-port",
              Integer.toString(taken.getLocalPort()));
      assertOneLineError(code, "the port is in use");
    }
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of every sample of {@code name} in Prometheus text format. */
  private static long sum(String text, String name) {
    return (long)
        text.lines()
            .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
            .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
            .sum();
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertFalse(System.nanoTime() > deadline, "condition not met within 30 s");
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }
}
