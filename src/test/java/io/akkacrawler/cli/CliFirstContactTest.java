package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.akkacrawler.ChildJvm;
import io.akkacrawler.SiteFixture;
import io.akkacrawler.demo.LoopbackServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets in the first hour: mistakes get one clear line, nothing goes unnoticed. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CliFirstContactTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private LoopbackServer server;

  @BeforeEach
  void startSite() throws IOException {
    SiteFixture site = new SiteFixture(200);
    server = LoopbackServer.start(site::handle);
  }

  @AfterEach
  void stopSite() {
    server.close();
  }

  private int run(PrintStream out, String... args) {
    return Cli.run(
        args, out, new PrintStream(err, true, StandardCharsets.UTF_8), Cli.Signals.manual());
  }

  private int run(String... args) {
    return run(new PrintStream(OutputStream.nullOutputStream()), args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void assertOneLineError(String expectedPart) {
    List<String> lines = err().lines().toList();
    assertEquals(1, lines.size(), err());
    assertTrue(lines.get(0).startsWith("error: "), err());
    assertTrue(lines.get(0).contains(expectedPart), err());
  }

  @Test
  void aDurationThatIsNotOneNamesTheFlagAndTheAcceptedForms() {
    assertEquals(ExitCodes.USAGE, run("--delay", "abc", server.url("/")));
    assertOneLineError("--delay: 'abc' is not a duration; give seconds (1, 0.5)");
    err.reset();
    assertEquals(ExitCodes.USAGE, run("--set", "politeness.delay=soon", server.url("/")));
    assertOneLineError("--set politeness.delay=soon: 'soon' is not a duration");
    err.reset();
    assertEquals(ExitCodes.USAGE, run("--set", "max-depth=deep", server.url("/")));
    assertOneLineError("--set max-depth=deep: max-depth has type STRING rather than NUMBER");
  }

  @Test
  void optionsThatMeanNothingTogetherOrOutOfRangeAreRefusedNamingTheFlag() {
    String seed = server.url("/");
    String[][] cases = {
      {"--demo crawls its own site, with politeness off", "--demo", seed},
      {"give --cluster-port too", "--no-fetch", seed},
      {"give --cluster-port too", "--cluster-host", "127.0.0.1", seed},
      {"--linger (metrics.linger) needs --metrics-port", "--linger", seed},
      {"--fetchers must be at least 0 (got -1)", "--fetchers", "-1", seed},
      {"--max-in-flight must be at least 0 (got -3)", "--max-in-flight", "-3", seed},
      {"--timeout must be a positive duration", "--timeout", "0", seed},
      {"crawler.fetch.user-agent must not be empty", "--user-agent", " ", seed},
      {"--join: the port must be from 1 to 65535 (got 99999)", "worker", "--join", "h:99999"},
      {"--warc-max-size: '500XB' is not a size", "--warc-max-size", "500XB", seed},
    };
    for (String[] c : cases) {
      err.reset();
      String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
      assertEquals(ExitCodes.USAGE, run(args), String.join(" ", args) + ": " + err());
      assertOneLineError(c[0]);
    }
  }

  @Test
  void aWorkerWaitsForItsCoordinatorsNameToResolveThenGivesUpWithOneLine() {
    // A worker may start before the coordinator's DNS name exists (containers started together):
    // it waits for the name as it waits for a coordinator that does not listen yet.
    assertEquals(
        ExitCodes.FAILURE,
        run("worker", "--join", "nohost.invalid:2551", "--set", "cluster.rejoin-for=1s"),
        err());
    assertEquals(
        List.of(
            "The coordinator's host 'nohost.invalid' does not resolve (yet): trying again for 1s"
                + " (crawler.cluster.rejoin-for)",
            "error: gave up: the coordinator's host 'nohost.invalid' did not resolve for 1s"
                + " (crawler.cluster.rejoin-for)"),
        err().lines().toList());
  }

  @Test
  void aWorkerWaitingForItsCoordinatorsNameStopsOnInterrupt() throws Exception {
    Cli.Signals signals = Cli.Signals.manual();
    signals.interrupt(); // Ctrl-C as the worker starts: kept for the first action set
    int code =
        Cli.run(
            new String[] {"worker", "--join", "nohost.invalid:2551"},
            new PrintStream(OutputStream.nullOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            signals);
    assertEquals(ExitCodes.INTERRUPTED, code, err());
  }

  @Test
  void anUnknownKeyInAConfigFileNamesTheFile() throws IOException {
    Path conf = dir.resolve("crawl.conf");
    Files.writeString(conf, "crawler {\n  max-depth = 2\n  nope = 1\n}\n");
    assertEquals(ExitCodes.USAGE, run("-c", conf.toString(), server.url("/")));
    assertOneLineError("unknown config key 'crawler.nope' (" + conf + ": 3)");
    err.reset();
    System.setProperty("crawler.nope", "1");
    try {
      com.typesafe.config.ConfigFactory.invalidateCaches();
      assertEquals(ExitCodes.USAGE, run(server.url("/")));
      assertOneLineError("unknown config key 'crawler.nope' (system properties)");
    } finally {
      System.clearProperty("crawler.nope");
      com.typesafe.config.ConfigFactory.invalidateCaches();
    }
  }

  @Test
  void aSeedWithoutSchemeGetsASuggestion() {
    assertEquals(ExitCodes.USAGE, run("example.com/docs"));
    assertOneLineError("did you mean https://example.com/docs");
    err.reset();
    assertEquals(ExitCodes.USAGE, run("localhost:8080/docs"));
    assertOneLineError("did you mean http://localhost:8080/docs");
  }

  @Test
  void aBadLineInASeedsFileGivesItsLineNumber() throws IOException {
    Path seeds = dir.resolve("seeds.txt");
    Files.writeString(seeds, "# my seeds\n" + server.url("/p/1.html") + "\n\nexample.org/x\n");
    assertEquals(ExitCodes.USAGE, run("--seeds", seeds.toString()));
    assertOneLineError(seeds + " line 4: invalid seed URL 'example.org/x'");
  }

  @Test
  void aConfigSyntaxErrorNamesTheFileLineAndWhatWasExpected() throws IOException {
    Path conf = dir.resolve("crawl.conf");
    Files.writeString(conf, "crawler {\n  max-depth = 2\n  scope =\n");
    assertEquals(ExitCodes.USAGE, run("-c", conf.toString(), server.url("/")));
    assertOneLineError(conf + ": 4: Expecting a value");
  }

  @Test
  void seedsAreCrawledWhateverTheLinkFiltersSay() throws IOException {
    Path out = dir.resolve("out.jsonl");
    int code =
        run(
            "--include",
            "nothing-matches",
            "--delay",
            "0",
            "-q",
            "-o",
            out.toString(),
            server.url("/p/0.html"));
    assertEquals(ExitCodes.OK, code, err());
    List<JsonNode> records = CliTest.readJsonl(out);
    assertEquals(1, records.size(), "the seed, and none of its links: " + records);
    assertEquals("fetched", records.get(0).get("outcome").asText());
    assertFalse(records.get(0).get("links").isEmpty());
  }

  @Test
  void aHostThatRefusesConnectionsEndsAtOnceAndSaysWhy() throws IOException {
    Path out = dir.resolve("out.jsonl");
    String seed = "http://127.0.0.1:" + CliTest.freePort() + "/";
    assertEquals(ExitCodes.OK, run("-q", "-o", out.toString(), seed), err());
    JsonNode record = CliTest.readJsonl(out).get(0);
    assertEquals("failed", record.get("outcome").asText());
    assertEquals("host-unreachable", record.get("reason").asText());
    assertEquals("connection refused (2 attempts)", record.get("error").asText());
    // Two robots.txt attempts, not robots.max-attempts with 30 s pauses between them.
    assertTrue(err().contains("robots.txt: 2 requests"), err());
  }

  @Test
  void anOutputThatCannotBeWrittenStopsTheCrawlWithExitOne() {
    OutputStream full =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("No space left on device");
          }
        };
    int code =
        run(new PrintStream(full), "--delay", "0", "--per-host", "4", server.url("/p/0.html"));
    assertEquals(ExitCodes.FAILURE, code, err());
    assertTrue(err().contains("error: cannot write the output"), err());
    assertFalse(err().contains("\tat "), "no stack trace: " + err());
  }

  @Test
  @Tag("slow")
  void aClosedPipeStopsTheCrawlQuietlyWithTheConventionalStatus() throws Exception {
    Process p =
        ChildJvm.startPiped(
            List.of("-Xmx256m"),
            List.of("--delay", "0", "--per-host", "2", "-q", server.url("/p/0.html")));
    try (BufferedReader records =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (int i = 0; i < 3; i++) {
        assertTrue(records.readLine().startsWith("{\"url\""));
      }
    } // like `| head -3`: the reader goes away
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the crawl stops");
    assertEquals(ExitCodes.BROKEN_PIPE, p.exitValue());
  }

  @Test
  void theStateCommandShowsRecordsAndTheStoreSize() throws IOException {
    Path state = dir.resolve("state");
    Path out = dir.resolve("out.jsonl");
    int code =
        run(
            "--state",
            state.toString(),
            "-o",
            out.toString(),
            "--delay",
            "0",
            "-q",
            server.url("/p/0.html"));
    assertEquals(ExitCodes.OK, code, err());
    ByteArrayOutputStream shown = new ByteArrayOutputStream();
    assertEquals(
        ExitCodes.OK,
        run(new PrintStream(shown, true, StandardCharsets.UTF_8), "state", state.toString()));
    String text = shown.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("records    200 committed: 200 fetched, 0 skipped, 0 failed"), text);
    assertTrue(text.matches("(?s).*store      [0-9.]+ (KB|MB) on disk.*"), text);
  }
}
