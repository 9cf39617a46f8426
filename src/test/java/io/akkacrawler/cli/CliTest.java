package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.SiteFixture;
import io.akkacrawler.demo.LoopbackServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  private int run(String... args) {
    return run(Cli.Signals.manual(), args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void assertOneLineError(String expectedPart) {
    List<String> lines = err().lines().toList();
    assertTrue(lines.get(0).startsWith("error: "), err());
    assertTrue(lines.get(0).contains(expectedPart), err());
    assertFalse(err().contains("\tat "), "no stack trace: " + err());
  }

  @Test
  void rejectsAMalformedSeedUrl() {
    assertEquals(ExitCodes.USAGE, run("htp//broken url"));
    assertOneLineError("invalid seed URL 'htp//broken url'");
    assertEquals(1, err().lines().count());
  }

  @Test
  void aWorkerWithNoCoordinatorGivesUpWithOneLine() throws IOException {
    int port = freePort(); // nobody listens there
    int code =
        run(
            "worker",
            "--join",
            "127.0.0.1:" + port,
            "--set",
            "cluster.join-timeout=2s",
            "--set",
            "cluster.rejoin-for=1s");
    assertEquals(ExitCodes.FAILURE, code, err());
    assertTrue(
        err()
            .contains(
                "error: gave up: the coordinator 127.0.0.1:"
                    + port
                    + " could not be"
                    + " reached for 1s"),
        err());
    assertFalse(err().contains("\tat "), "no stack trace: " + err());
  }

  @Test
  void aClusterPortInUseIsOneLineAndLeavesTheOutputAlone() throws IOException {
    Path output = dir.resolve("keep.jsonl");
    Files.writeString(output, "{\"url\":\"http://a.test/\"}\n");
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      String port = Integer.toString(taken.getLocalPort());
      assertEquals(
          ExitCodes.USAGE,
          run("--cluster-port", port, "--no-fetch", "-o", output.toString(), "http://a.test/"));
      assertOneLineError("cannot listen on 127.0.0.1:" + port + ": the port is in use");
      assertEquals(1, err().lines().count(), err());
      assertEquals(1, Files.readAllLines(output).size(), "the output was not touched");
      err.reset();
      assertEquals(ExitCodes.USAGE, run("worker", "--join", "127.0.0.1:9", "--cluster-port", port));
      assertOneLineError("the port is in use");
    }
  }

  @Test
  void anOutputFileAnotherCrawlWritesIsRefusedAndLeftAlone() throws IOException {
    Path output = dir.resolve("same.jsonl");
    Files.writeString(output, "{\"url\":\"http://a.test/\"}\n");
    // Another crawl holds the file (in this JVM the lock is refused the same way).
    try (var other =
            java.nio.channels.FileChannel.open(output, java.nio.file.StandardOpenOption.WRITE);
        var lock = other.lock()) {
      assertEquals(ExitCodes.USAGE, run("-o", output.toString(), "http://127.0.0.1:9/"));
      assertOneLineError(
          "cannot write the output file '" + output + "': another crawl is writing it");
    }
    assertEquals(1, Files.readAllLines(output).size(), "the other crawl's records are kept");
  }

  /**
   * A coordinator that does not fetch, on {@code port} with {@code args}, interrupted while it
   * waits for a worker; its exit code.
   */
  private int interruptedCoordinator(int port, String... args) throws Exception {
    List<String> all =
        new java.util.ArrayList<>(List.of("--cluster-port", Integer.toString(port), "--no-fetch"));
    all.addAll(List.of(args));
    all.add("http://127.0.0.1:9/");
    Cli.Signals signals = Cli.Signals.manual();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> run(signals, all.toArray(String[]::new)));
    // The coordinator takes interrupts once it is up: deliver one until it is taken.
    awaitCondition(
        () -> {
          assertFalse(exit.isDone(), err());
          signals.interrupt();
          return err().contains("Interrupted: finishing the requests in flight");
        });
    return exit.get(30, TimeUnit.SECONDS);
  }

  @Test
  @Tag("slow")
  void aCoordinatorThatDoesNotFetchWaitsForAWorkerAndStopsAtOnce() throws Exception {
    int port = freePort();
    Path output = dir.resolve("out.jsonl");
    assertEquals(
        ExitCodes.INTERRUPTED, interruptedCoordinator(port, "-o", output.toString()), err());
    assertTrue(err().contains("Waiting for a worker to join"), err());
    assertTrue(err().contains("1 URL was not crawled"), err());
    assertEquals(0, Files.readAllLines(output).size(), "nothing was fetched, nothing is made up");
  }

  @Test
  @Tag("slow")
  void anInterruptedClusterCrawlSaysHowToResumeItAsACoordinator() throws Exception {
    int port = freePort();
    Path state = dir.resolve("st");
    assertEquals(
        ExitCodes.INTERRUPTED,
        interruptedCoordinator(port, "--parts", "--state", state.toString()),
        err());
    // Its saved --parts needs a coordinator: a plain --resume would be refused.
    assertTrue(
        err()
            .contains(
                "resume with ./crawl --resume "
                    + state
                    + " --cluster-port "
                    + port
                    + " --no-fetch"),
        err());
  }

  @Test
  void rejectsAMalformedJoinAddress() {
    assertEquals(ExitCodes.USAGE, run("worker", "--join", "nohost"));
    assertOneLineError("--join takes HOST:PORT");
  }

  @Test
  void rejectsASeedLongerThanTheUrlLimit() {
    String seed = "http://127.0.0.1:9/" + "a".repeat(3000);
    assertEquals(ExitCodes.USAGE, run(seed));
    assertOneLineError("seed URL longer than crawler.max-url-length (3019 > 2048 characters)");
  }

  @Test
  void rejectsAMissingSeedsFile() {
    assertEquals(ExitCodes.USAGE, run("--seeds", dir.resolve("nope.txt").toString()));
    assertOneLineError("seeds file not found");
  }

  @Test
  void rejectsAnUnknownConfigKey() {
    assertEquals(ExitCodes.USAGE, run("--set", "fetch.timeout=5s", "http://127.0.0.1:9/"));
    assertOneLineError("unknown config key 'crawler.fetch.timeout'");
  }

  @Test
  void rejectsAnUnknownKeyInAConfigFile() throws IOException {
    Path conf = dir.resolve("crawl.conf");
    Files.writeString(conf, "crawler { max-depht = 2 }\n");
    assertEquals(ExitCodes.USAGE, run("-c", conf.toString(), "http://127.0.0.1:9/"));
    assertOneLineError("unknown config key 'crawler.max-depht'");
  }

  @Test
  void rejectsABadOptionValue() {
    assertEquals(ExitCodes.USAGE, run("--max-depth", "deep", "http://127.0.0.1:9/"));
    assertTrue(err().startsWith("error: "), err());
    assertEquals(ExitCodes.USAGE, run("--scope", "planet", "http://127.0.0.1:9/"));
  }

  @Test
  void asksForSeeds() {
    assertEquals(ExitCodes.USAGE, run());
    assertOneLineError("no seed URLs");
  }

  @Test
  void rejectsAnOutputFileInAMissingDirectory() {
    assertEquals(
        ExitCodes.USAGE,
        run("-o", dir.resolve("no/such/dir/out.jsonl").toString(), "http://127.0.0.1:9/"));
    assertOneLineError("cannot write the output file");
  }

  @Test
  void refusesStateDirectoriesItCannotUse() throws IOException {
    Path state = dir.resolve("state");
    assertEquals(
        ExitCodes.USAGE, run("--state", state.toString(), "-o", "-", "http://127.0.0.1:9/"));
    assertOneLineError("--state needs an output file");

    err.reset();
    assertEquals(ExitCodes.USAGE, run("--resume", dir.resolve("nothing").toString()));
    assertOneLineError("no crawl state at");

    io.akkacrawler.state.StateDirectory.create(
            state, "{\"crawler\":{}}", List.of("http://127.0.0.1:9/"), dir.resolve("out.jsonl"))
        .close();
    Files.writeString(state.resolve("FORMAT"), "akka-crawler-state/0\n");
    err.reset();
    assertEquals(ExitCodes.USAGE, run("--resume", state.toString()));
    assertOneLineError("another version");
  }

  @Test
  void refusesToChangeWhatACrawlIsAboutWhenResuming() throws IOException {
    Path state = dir.resolve("state");
    try (LoopbackServer server = LoopbackServer.start(ex -> LoopbackServer.html(ex, "x"))) {
      Cli.Signals signals = Cli.Signals.manual();
      // A crawl that is interrupted at once leaves a state to resume.
      signals.onInterrupt(() -> {});
      assertEquals(
          ExitCodes.OK,
          run("--state", state.toString(), "-q", "--max-depth", "0", server.url("/")));
      err.reset();
      assertEquals(
          ExitCodes.OK,
          run("--resume", state.toString(), "--scope", "any"),
          "a finished crawl is finished whatever the options");
      assertTrue(err().contains("is finished"), err());
    }
    try (io.akkacrawler.state.StateDirectory d =
        io.akkacrawler.state.StateDirectory.create(
            dir.resolve("s2"),
            "{\"crawler\":{\"scope\":\"host\",\"max-depth\":1}}",
            List.of("http://127.0.0.1:9/"),
            dir.resolve("o2.jsonl"))) {
      // held open: a second process (here: the same) cannot use it
      err.reset();
      assertEquals(ExitCodes.USAGE, run("--resume", dir.resolve("s2").toString()));
      assertOneLineError("locked by a running crawl");
    }
    err.reset();
    assertEquals(ExitCodes.USAGE, run("--resume", dir.resolve("s2").toString(), "--scope", "any"));
    assertOneLineError("crawler.scope cannot change when resuming");
    err.reset();
    assertEquals(
        ExitCodes.USAGE, run("--resume", dir.resolve("s2").toString(), "--max-depth", "3"));
    assertOneLineError("crawler.max-depth cannot change");
  }

  @Test
  void printsHelpAndVersion() {
    assertEquals(ExitCodes.OK, run("--help"));
    String help = out.toString(StandardCharsets.UTF_8);
    for (String option :
        List.of(
            "--seeds",
            "--output",
            "--max-depth",
            "--max-pages",
            "--max-pages-per-host",
            "--max-time",
            "--long",
            "--scope",
            "--include",
            "--exclude",
            "--fetchers",
            "--max-in-flight",
            "--timeout",
            "--user-agent",
            "--config",
            "--set",
            "--quiet",
            "--demo",
            "--version",
            "--delay",
            "--per-host",
            "--ignore-robots",
            "--sitemaps",
            "--state",
            "--resume",
            "--header",
            "--cookies",
            "--no-cookies",
            "--proxy",
            "--no-proxy",
            "--insecure",
            "--ca-file",
            "--http-version")) {
      assertTrue(help.contains(option), "help lists " + option);
    }
    out.reset();
    assertEquals(ExitCodes.OK, run("--version"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("akka-crawler"));
  }

  @Test
  void theHelpOfEveryCommandRendersWithoutWarnings() {
    // picocli formats descriptions (%n is a line break); a bare '%' makes it warn on stderr.
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    List<Object> commands =
        List.of(
            new CrawlCommand(o, e, Cli.Signals.manual()),
            new WorkerCommand(e, Cli.Signals.manual()),
            new BenchCommand(o),
            new BenchFrontierCommand(o),
            new MergeCommand(o),
            new StateCommand(o));
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    PrintStream processErr = System.err;
    System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
    try {
      for (Object command : commands) {
        assertFalse(new picocli.CommandLine(command).getUsageMessage().isEmpty());
      }
    } finally {
      System.setErr(processErr);
    }
    assertEquals("", warnings.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theUsageListsEverySubcommandHoweverHelpIsAskedFor() {
    for (String[] args : List.of(new String[] {"--help"}, new String[] {"-qh"})) {
      out.reset();
      assertEquals(ExitCodes.OK, run(args));
      String help = out.toString(StandardCharsets.UTF_8);
      for (String command : List.of("bench-frontier", "state", "merge", "bench", "worker")) {
        assertTrue(
            help.contains(System.lineSeparator() + "  " + command + " "),
            String.join(" ", args) + ": " + help);
      }
    }
  }

  @Test
  void aSubcommandAfterTheCrawlsOwnOptionsRunsAsOne() {
    // Subcommands are set up only when an argument may name one: "state" after -q still does.
    assertEquals(ExitCodes.USAGE, run("-q", "state", dir.resolve("none").toString()));
    assertOneLineError("no crawl state at " + dir.resolve("none"));
  }

  @Test
  void crawlsTheDemoSiteOffline() throws IOException {
    Path output = dir.resolve("demo.jsonl");
    assertEquals(ExitCodes.OK, run("--demo", "-q", "-o", output.toString()), err());
    List<JsonNode> records = readJsonl(output);
    Set<String> urls = new HashSet<>();
    for (JsonNode r : records) {
      assertTrue(urls.add(r.get("url").asText()), "one record per URL");
    }
    assertTrue(records.size() > CrawlCommand.DEMO_PAGES, "records: " + records.size());
    JsonNode flaky = find(records, "/flaky.html");
    assertEquals("fetched", flaky.get("outcome").asText());
    assertEquals(3, flaky.get("attempts").asInt());
    assertEquals("non-html", find(records, "/files/catalogue.pdf").get("reason").asText());
    assertEquals("redirect-loop", find(records, "/loop/a").get("reason").asText());
    assertEquals(404, find(records, "/missing.html").get("status").asInt());
    assertTrue(
        find(records, "/redirect/start")
            .get("final_url")
            .asText()
            .endsWith("/redirect/landing.html"));
    assertTrue(err().contains("Crawl finished"), err());
  }

  @Test
  void interruptStopsTheCrawlFlushesTheOutputAndExits130() throws Exception {
    SiteFixture site = new SiteFixture(5000);
    // Pages served: each one was in flight, so it has a record once the interrupt is handled.
    CountDownLatch pagesServed = new CountDownLatch(11);
    try (LoopbackServer server =
        LoopbackServer.start(
            ex -> {
              try {
                Thread.sleep(10);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (ex.getRequestURI().getPath().startsWith("/p/")) {
                pagesServed.countDown();
              }
              site.handle(ex);
            })) {
      Path output = dir.resolve("out.jsonl");
      Cli.Signals signals = Cli.Signals.manual();
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () -> run(signals, "-q", "-o", output.toString(), server.url("/p/0.html")));
      assertTrue(pagesServed.await(50, TimeUnit.SECONDS), "the crawl is under way");
      signals.interrupt();
      assertEquals(ExitCodes.INTERRUPTED, exit.get(30, TimeUnit.SECONDS));
      List<JsonNode> records = readJsonl(output);
      assertTrue(records.size() > 10 && records.size() < 5000, "records: " + records.size());
      assertTrue(err().contains("Crawl interrupted"), err());
      assertTrue(err().contains("were not crawled"), err());
    }
  }

  @Test
  void aSecondInterruptAbandonsTheRequestsInFlightAndCountsThem() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch hanging = new CountDownLatch(2);
    io.akkacrawler.Routes routes =
        new io.akkacrawler.Routes()
            .page("/", "<a href='/ok'>ok</a> <a href='/hang/1'>1</a> <a href='/hang/2'>2</a>")
            .page("/ok", "<title>ok</title>");
    for (String hang : List.of("/hang/1", "/hang/2")) {
      routes.on(
          hang,
          ex -> {
            hanging.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    try (LoopbackServer server = LoopbackServer.start(routes)) {
      Path output = dir.resolve("out.jsonl");
      Cli.Signals signals = Cli.Signals.manual();
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  run(
                      signals,
                      "-q",
                      "--delay",
                      "0",
                      "--per-host",
                      "4",
                      "--ignore-robots",
                      "--timeout",
                      "60s",
                      "-o",
                      output.toString(),
                      server.url("/")));
      assertTrue(hanging.await(30, TimeUnit.SECONDS), "both hanging requests in flight");
      // The supervisor gets the two stops in the order they were sent: no pause is needed.
      signals.interrupt();
      signals.interrupt();
      assertEquals(ExitCodes.INTERRUPTED, exit.get(20, TimeUnit.SECONDS), err());
      release.countDown();
      List<JsonNode> records = readJsonl(output);
      assertTrue(records.stream().noneMatch(r -> r.get("url").asText().contains("/hang/")));
      // Four URLs: every one has a record or is counted as not crawled.
      assertTrue(err().contains((4 - records.size()) + " URLs were not crawled"), err());
      assertTrue(err().contains("Stopping now"), err());
    } finally {
      release.countDown();
    }
  }

  /** Polls {@code condition} every 20 ms until it holds; fails after 30 s. */
  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not met within 30 s");
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static JsonNode find(List<JsonNode> records, String pathSuffix) {
    return records.stream()
        .filter(r -> r.get("url").asText().endsWith(pathSuffix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no record for " + pathSuffix));
  }

  /** Every line must be one complete JSON object. */
  static List<JsonNode> readJsonl(Path file) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      JsonNode node = JSON.readTree(line);
      assertTrue(node.isObject(), line);
      records.add(node);
    }
    return records;
  }
}
