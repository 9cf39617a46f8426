package io.akkacrawler.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.akkacrawler.ChildJvm;
import io.akkacrawler.SiteFixture;
import io.akkacrawler.cli.ExitCodes;
import io.akkacrawler.demo.LoopbackServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster crawls with every node a JVM of its own on 127.0.0.1: workers killed, joining, leaving,
 * the coordinator killed and resumed, a slow worker. The output must hold every page once.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@Tag("slow")
class ClusterCrawlTest {
  private static final int PAGES = 1200;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private LoopbackServer server;
  private final List<Process> processes = new ArrayList<>();
  private int coordinatorPort;

  /** How long the site takes to answer (a User-Agent with "slow" in it: 1 s). */
  private volatile long answerMs = 10;

  /** Serves a site of {@code pages} pages. */
  private void startSite(int pages) throws IOException {
    SiteFixture site = new SiteFixture(pages);
    server =
        LoopbackServer.start(
            ex -> {
              String agent = ex.getRequestHeaders().getFirst("User-Agent");
              sleep(agent != null && agent.contains("slow") ? 1_000 : answerMs);
              site.handle(ex);
            });
    coordinatorPort = freePort();
  }

  @AfterEach
  void stopAll() {
    processes.forEach(Process::destroyForcibly);
    if (server != null) {
      server.close();
    }
  }

  private static final List<String> JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

  private Process start(List<String> jvm, List<String> args, String log) throws IOException {
    Process p = ChildJvm.start(jvm, args, dir.resolve(log));
    processes.add(p);
    return p;
  }

  /** The cluster's budget of jobs in flight is above what any one node (8 slots) can hold. */
  private Process coordinator(List<String> jvm, List<String> extra, Path out) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--cluster-port",
                Integer.toString(coordinatorPort),
                "--no-fetch",
                "-q",
                "--delay",
                "0",
                "--per-host",
                "48",
                "--max-in-flight",
                "48",
                "--set",
                "cluster.stable-after=3s",
                "-o",
                out.toString()));
    args.addAll(extra);
    if (!extra.contains("--resume")) {
      args.add(server.url(SiteFixture.path(0)));
    }
    return start(jvm, args, "coordinator.log");
  }

  private Process worker(List<String> jvm, int port, String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "worker",
                "--join",
                "127.0.0.1:" + coordinatorPort,
                "--cluster-port",
                Integer.toString(port),
                "--set",
                "cluster.stable-after=3s",
                "--set",
                "cluster.join-timeout=8s"));
    args.addAll(List.of(extra));
    return start(jvm, args, "worker-" + port + ".log");
  }

  @Test
  void aKilledWorkerLosesNothingAndAJoiningWorkerGetsWork() throws Exception {
    // Every message, local ones included, goes through serialization in this test.
    List<String> jvm = new ArrayList<>(JVM);
    jvm.add("-Dakka.actor.serialize-messages=on");
    Path out = dir.resolve("out.jsonl");
    int pages = 2 * PAGES;
    startSite(pages);
    Process coordinator = coordinator(jvm, List.of(), out);
    Process a = worker(jvm, freePort());
    worker(jvm, freePort());
    awaitLines(out, 150);
    // A node joins while all are well (one that joins while another is unreachable waits until
    // the split-brain resolver has downed that one: members become Up only on convergence). The
    // site slows down meanwhile, so that the crawl is still on when the new JVM has started.
    answerMs = 200;
    int joinerPort = freePort();
    worker(jvm, joinerPort);
    awaitLog("worker-" + joinerPort + ".log", "Fetching for the crawl");
    awaitLines(out, lines(out) + 100);
    answerMs = 10;
    a.destroyForcibly(); // kill -9
    assertTrue(coordinator.waitFor(240, TimeUnit.SECONDS), log("coordinator.log"));
    assertEquals(ExitCodes.OK, coordinator.exitValue(), log("coordinator.log"));
    assertEquals(pages, exactlyOnce(out).size());
    assertTrue(jobsOf(joinerPort) > 0, "the joining worker got work: " + allLogs());
  }

  @Test
  void aWorkerLeavingGracefullyHandsBackItsWork() throws Exception {
    startSite(PAGES);
    Path out = dir.resolve("out.jsonl");
    Process coordinator = coordinator(JVM, List.of(), out);
    Process leaving = worker(JVM, freePort());
    Process staying = worker(JVM, freePort());
    awaitLines(out, 150);
    leaving.destroy(); // SIGTERM: leave the cluster
    assertTrue(leaving.waitFor(60, TimeUnit.SECONDS));
    assertEquals(ExitCodes.INTERRUPTED, leaving.exitValue());
    assertTrue(coordinator.waitFor(240, TimeUnit.SECONDS), log("coordinator.log"));
    assertEquals(ExitCodes.OK, coordinator.exitValue(), log("coordinator.log"));
    assertEquals(PAGES, exactlyOnce(out).size());
    assertTrue(staying.waitFor(60, TimeUnit.SECONDS), "the worker ends with the crawl");
    assertEquals(ExitCodes.OK, staying.exitValue());
  }

  @Test
  void aKilledCoordinatorResumesAndItsWorkersRejoin() throws Exception {
    startSite(PAGES);
    Path out = dir.resolve("out.jsonl");
    Path state = dir.resolve("state");
    Process coordinator = coordinator(JVM, List.of("--state", state.toString()), out);
    Process a = worker(JVM, freePort());
    Process b = worker(JVM, freePort());
    awaitLines(out, 200);
    coordinator.destroyForcibly(); // kill -9
    assertTrue(coordinator.waitFor(30, TimeUnit.SECONDS));
    Thread.sleep(1_000);
    resumeUntilDone(state);
    assertEquals(PAGES, exactlyOnce(out).size());
    for (Process w : List.of(a, b)) {
      assertTrue(w.waitFor(60, TimeUnit.SECONDS), "workers end with the resumed crawl");
      assertEquals(ExitCodes.OK, w.exitValue());
    }
  }

  @Test
  void withPartsAKilledWorkerLosesNothingAndDuplicatesNothingInRecordsOrWarcFiles()
      throws Exception {
    startSite(2 * PAGES);
    Path out = dir.resolve("out.jsonl");
    Process coordinator =
        coordinator(JVM, List.of("--parts", "--warc", dir.resolve("warc").toString()), out);
    Process a = worker(JVM, freePort(), "--parts-dir", dir.resolve("a").toString());
    worker(JVM, freePort(), "--parts-dir", dir.resolve("b").toString());
    awaitRecords(300);
    a.destroyForcibly(); // kill -9, with records in its part that are not committed yet
    assertTrue(coordinator.waitFor(240, TimeUnit.SECONDS), log("coordinator.log"));
    assertEquals(ExitCodes.OK, coordinator.exitValue(), log("coordinator.log"));
    Map<String, String> records = exactlyOnce(merged(out, "--warc-dir", dir.resolve("all-warc")));
    assertEquals(2 * PAGES, records.size());
    // The finished crawl cut each part back to its committed length: the files read as one.
    assertEquals(2 * PAGES, exactlyOnce(allRecordFiles()).size());
    assertEachResponseOnce(records);
    assertTrue(
        Files.notExists(dir.resolve("warc")),
        "the coordinator fetches nothing: no WARC of its own");
  }

  @Test
  void withPartsAKilledCoordinatorResumesExactlyOnceInRecordsAndWarcFiles() throws Exception {
    startSite(PAGES);
    Path out = dir.resolve("out.jsonl");
    Path state = dir.resolve("state");
    Process coordinator =
        coordinator(
            JVM,
            List.of("--parts", "--state", state.toString(), "--warc", dir.resolve("w").toString()),
            out);
    Process a = worker(JVM, freePort(), "--parts-dir", dir.resolve("a").toString());
    Process b = worker(JVM, freePort(), "--parts-dir", dir.resolve("b").toString());
    awaitRecords(300);
    coordinator.destroyForcibly(); // kill -9
    assertTrue(coordinator.waitFor(30, TimeUnit.SECONDS));
    resumeUntilDone(state);
    Map<String, String> records = exactlyOnce(merged(out, "--warc-dir", dir.resolve("all-warc")));
    assertEquals(PAGES, records.size());
    assertEachResponseOnce(records);
    for (Process w : List.of(a, b)) {
      assertTrue(w.waitFor(60, TimeUnit.SECONDS), "workers end with the resumed crawl");
      assertEquals(ExitCodes.OK, w.exitValue());
    }
  }

  @Test
  void aSlowWorkerDoesNotHoldUpTheOthers() throws Exception {
    startSite(PAGES);
    Path out = dir.resolve("out.jsonl");
    Process coordinator = coordinator(JVM, List.of(), out);
    int fast = freePort();
    int slow = freePort();
    worker(JVM, fast, "--set", "cluster.slots=8");
    worker(JVM, slow, "--set", "cluster.slots=8", "--set", "fetch.user-agent=slow-worker/1.0");
    assertTrue(coordinator.waitFor(240, TimeUnit.SECONDS), log("coordinator.log"));
    assertEquals(ExitCodes.OK, coordinator.exitValue(), log("coordinator.log"));
    assertEquals(PAGES, exactlyOnce(out).size());
    long fastJobs = jobsOf(fast);
    long slowJobs = jobsOf(slow);
    assertTrue(
        fastJobs > 4 * slowJobs,
        "work goes where there is capacity: fast " + fastJobs + ", slow " + slowJobs);
  }

  @Test
  void pagesTooLargeForOneMessageAreCrawledExactlyOnce() throws Exception {
    // An index of 5,000 links of 200 characters (1 MB of links) and a page whose extracted text is
    // 3 MB: each answer is several times Akka's frame of 256 KiB.
    String index =
        "<html><title>Index</title>"
            + IntStream.range(0, 5_000)
                .mapToObj(i -> "<a href=/i/" + String.format("%05d", i) + "/" + "x".repeat(188))
                .collect(Collectors.joining(">x</a>"))
            + ">x</a></html>";
    String big = "<html><title>Big</title><p>" + "word ".repeat(600_000) + "</p></html>";
    server =
        LoopbackServer.start(
            ex -> {
              String path = ex.getRequestURI().getPath();
              byte[] body =
                  (path.equals("/index") ? index : path.equals("/big") ? big : "<html></html>")
                      .getBytes(StandardCharsets.UTF_8);
              ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
              ex.sendResponseHeaders(path.equals("/robots.txt") ? 404 : 200, body.length);
              ex.getResponseBody().write(body);
              ex.close();
            });
    coordinatorPort = freePort();
    Path out = dir.resolve("out.jsonl");
    List<String> args =
        List.of(
            "--cluster-port",
            Integer.toString(coordinatorPort),
            "--no-fetch",
            "-q",
            "--max-depth",
            "0",
            "--set",
            "parse.extract.text=p",
            "--set",
            "fetch.max-body=20MB",
            "--set",
            "fetch.max-decoded-body=20MB",
            "-o",
            out.toString(),
            server.url("/index"),
            server.url("/big"));
    Process coordinator = start(JVM, args, "coordinator.log");
    worker(JVM, freePort());
    assertTrue(coordinator.waitFor(120, TimeUnit.SECONDS), allLogs());
    assertEquals(ExitCodes.OK, coordinator.exitValue(), allLogs());
    Map<String, com.fasterxml.jackson.databind.JsonNode> records = new HashMap<>();
    for (String line : Files.readAllLines(out)) {
      var record = JSON.readTree(line);
      assertEquals(null, records.put(record.get("url").asText(), record), "twice: " + line);
    }
    assertEquals(2, records.size(), records.keySet().toString());
    var indexRecord = records.get(server.url("/index"));
    assertEquals("fetched", indexRecord.get("outcome").asText(), indexRecord.toString());
    assertEquals(5_000, indexRecord.get("links").size());
    var bigRecord = records.get(server.url("/big"));
    assertEquals("fetched", bigRecord.get("outcome").asText());
    assertTrue(bigRecord.get("fields").get("text").asText().length() > 2_900_000);
    assertTrue(!allLogs().contains("OversizedPayload"), "nothing was dropped for its size");
  }

  @Test
  void simulatingWorkersFeedTheCoordinatorWithoutFetching() throws Exception {
    coordinatorPort = freePort();
    Path out = dir.resolve("out.jsonl");
    List<String> args =
        List.of(
            "--cluster-port",
            Integer.toString(coordinatorPort),
            "--no-fetch",
            "-q",
            "--delay",
            "0",
            "--per-host",
            "64",
            "--max-in-flight",
            "64",
            "--max-pages",
            "3000",
            "-o",
            out.toString(),
            "http://sim.test/p/0");
    Process coordinator = start(JVM, args, "coordinator.log");
    int a = freePort();
    int b = freePort();
    worker(JVM, a, "--set", "cluster.simulate=on");
    worker(JVM, b, "--set", "cluster.simulate=on");
    assertTrue(coordinator.waitFor(120, TimeUnit.SECONDS), allLogs());
    assertEquals(ExitCodes.OK, coordinator.exitValue(), allLogs());
    Map<String, String> records = exactlyOnce(out);
    assertEquals(3000, records.size());
    assertTrue(
        records.keySet().stream().allMatch(u -> u.matches("http://sim\\.test/p/[0-9]+")),
        "pages of the synthetic site");
    assertTrue(jobsOf(a) + jobsOf(b) >= 3000, "every page was simulated by a worker");
  }

  // ---- helpers ----

  /** Resumes the killed coordinator's crawl from {@code state} and waits for its end. */
  private void resumeUntilDone(Path state) throws Exception {
    Process resumed =
        start(
            JVM,
            List.of(
                "--resume",
                state.toString(),
                "--cluster-port",
                Integer.toString(coordinatorPort),
                "--no-fetch",
                "-q"),
            "resumed.log");
    assertTrue(resumed.waitFor(240, TimeUnit.SECONDS), log("resumed.log"));
    assertEquals(ExitCodes.OK, resumed.exitValue(), log("resumed.log"));
  }

  /** Jobs a node did, from the coordinator's summary ("node 127.0.0.1:PORT: N jobs"). */
  private long jobsOf(int port) throws IOException {
    Matcher m =
        Pattern.compile("node 127\\.0\\.0\\.1:" + port + ": ([0-9,]+) jobs?")
            .matcher(log("coordinator.log"));
    return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : 0;
  }

  private String allLogsOrError() {
    try {
      return allLogs();
    } catch (IOException e) {
      return e.toString();
    }
  }

  private String allLogs() throws IOException {
    StringBuilder all = new StringBuilder();
    try (var logs = Files.list(dir)) {
      for (Path p : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        all.append("\n==== ").append(p.getFileName()).append('\n').append(Files.readString(p));
      }
    }
    return all.toString();
  }

  private String log(String name) {
    try {
      Path p = dir.resolve(name);
      return Files.exists(p) ? Files.readString(p) : "(no " + name + ")";
    } catch (IOException e) {
      return e.toString();
    }
  }

  private void awaitLog(String name, String text) throws Exception {
    ChildJvm.await(
        Duration.ofSeconds(60),
        () -> "no '" + text + "' in " + name + ": " + allLogsOrError(),
        () -> log(name).contains(text));
  }

  private static long lines(Path file) throws IOException {
    try (var lines = Files.lines(file)) {
      return lines.count();
    }
  }

  private static void awaitLines(Path file, long lines) throws Exception {
    ChildJvm.await(
        Duration.ofSeconds(120),
        () -> "the crawl did not get to " + lines + " records",
        () -> Files.exists(file) && lines(file) >= lines);
  }

  /** The records of every JSON Lines file under the test's directory (output and parts). */
  private List<String> allRecordFiles() throws IOException {
    try (var files = Files.walk(dir)) {
      List<String> lines = new ArrayList<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
        lines.addAll(Files.readAllLines(p));
      }
      return lines;
    }
  }

  /** Waits until the output and its parts hold {@code records} lines. */
  private void awaitRecords(long records) throws Exception {
    ChildJvm.await(
        Duration.ofSeconds(120),
        () -> "the crawl did not get to " + records + " records",
        () -> {
          try {
            return allRecordFiles().size() >= records;
          } catch (java.io.UncheckedIOException | java.nio.file.NoSuchFileException e) {
            return false; // a file renamed while listed (the manifest is replaced): look again
          }
        });
  }

  /** What {@code crawl merge OUT} prints: the output with its parts, as one. */
  /** Each node wrote its own WARC files; what they commit holds each page's response once. */
  private void assertEachResponseOnce(Map<String, String> records) throws IOException {
    Map<String, Integer> responses = new HashMap<>();
    try (var files = Files.list(dir.resolve("all-warc"))) {
      for (Path f : files.toList()) {
        for (var r : io.akkacrawler.warc.WarcRead.all(f)) {
          if (r.type().equals("response") || r.type().equals("revisit")) {
            responses.merge(r.target(), 1, Integer::sum);
          }
        }
      }
    }
    for (String url : records.keySet()) {
      assertEquals(1, responses.getOrDefault(url, 0), "responses of " + url);
    }
  }

  private static List<String> merged(Path out, Object... options) {
    List<String> args = new ArrayList<>(List.of("merge", out.toString()));
    for (Object o : options) {
      args.add(o.toString());
    }
    var bytes = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    int code =
        io.akkacrawler.cli.Cli.run(
            args.toArray(String[]::new),
            new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8),
            new java.io.PrintStream(err, true, StandardCharsets.UTF_8),
            null);
    assertEquals(ExitCodes.OK, code, err.toString(StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static Map<String, String> exactlyOnce(Path file) throws IOException {
    return exactlyOnce(Files.readAllLines(file));
  }

  /** URL to outcome; fails on a URL written twice or a line that is not JSON. */
  private static Map<String, String> exactlyOnce(List<String> lines) throws IOException {
    Map<String, String> outcomes = new HashMap<>();
    for (String line : lines) {
      var record = JSON.readTree(line);
      String url = record.get("url").asText();
      assertEquals(null, outcomes.put(url, record.get("outcome").asText()), "twice: " + url);
    }
    assertTrue(outcomes.values().stream().allMatch("fetched"::equals), outcomes.toString());
    return outcomes;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
