package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.demo.LoopbackServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --max-time}: a crawl of an endless site stops when told, keeps what it did, resumes. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MaxTimeTest {
  @TempDir Path dir;
  private LoopbackServer server;

  @BeforeEach
  void startEndlessSite() throws IOException {
    // /p/N links to /p/N+1: without a limit the crawl never ends.
    server =
        LoopbackServer.start(
            ex -> {
              String path = ex.getRequestURI().getPath();
              if (path.startsWith("/p/")) {
                long n = Long.parseLong(path.substring(3));
                LoopbackServer.html(
                    ex, "<title>" + n + "</title><a href=/p/" + (n + 1) + ">next</a>");
              } else {
                LoopbackServer.send(ex, 404, "text/plain", new byte[0]);
              }
            });
  }

  @AfterEach
  void stopSite() {
    server.close();
  }

  @Test
  void stopsAtTheTimeLimitWithExitZeroAndResumesFromThere() throws IOException {
    Path state = dir.resolve("state");
    Path out = dir.resolve("out.jsonl");
    CliRun first =
        CliRun.of(
            "-q",
            "--delay",
            "0",
            "--max-time",
            "1",
            "--state",
            state.toString(),
            "-o",
            out.toString(),
            server.url("/p/0"));
    assertEquals(ExitCodes.OK, first.code(), first.err());
    assertTrue(first.err().contains("Time limit of 1s reached"), first.err());
    assertTrue(first.err().contains("Crawl stopped at its time limit in"), first.err());
    assertTrue(first.err().contains("was not crawled"), first.err());
    assertTrue(first.err().contains("resume with"), first.err());
    List<String> before = CliRun.urls(out);
    assertTrue(before.contains(server.url("/p/0")), "the seed's record is kept");

    // The resumed crawl keeps its time limit.
    CliRun second = CliRun.of("-q", "--resume", state.toString());
    assertEquals(ExitCodes.OK, second.code(), second.err());
    assertTrue(second.err().contains("Time limit of 1s reached"), second.err());
    List<String> all = CliRun.urls(out);
    assertTrue(all.size() > before.size(), "the resumed crawl went on");
    Set<String> unique = new HashSet<>(all);
    assertEquals(all.size(), unique.size(), "no URL recorded twice");
    for (int i = 0; i < all.size(); i++) {
      assertEquals(server.url("/p/" + i), all.get(i), "the chain without a gap");
    }
  }

  @Test
  void anOutputDeletedDuringTheCrawlIsAnErrorNotRecordsWritten() throws IOException {
    Path out = dir.resolve("out.jsonl");
    // The site deletes the crawl's output while the crawl writes it (someone's clean-up).
    try (LoopbackServer deleting =
        LoopbackServer.start(
            ex -> {
              long n = Long.parseLong(ex.getRequestURI().getPath().replaceAll("\\D", "") + "0");
              if (n == 20) {
                java.nio.file.Files.deleteIfExists(out);
              }
              LoopbackServer.html(ex, "<a href=/p/" + (n / 10 + 1) + ">next</a>");
            })) {
      CliRun run =
          CliRun.of(
              "-q", "--delay", "0", "--max-time", "1", "-o", out.toString(), deleting.url("/p/0"));
      assertEquals(ExitCodes.FAILURE, run.code(), run.err());
      assertTrue(
          run.err().contains("error: " + out + " was deleted while the crawl wrote it"), run.err());
    }
  }

  @Test
  void aNegativeOrMalformedTimeLimitIsAOneLineUsageError() {
    CliRun negative = CliRun.of("--max-time", "-5", server.url("/p/0"));
    assertEquals(ExitCodes.USAGE, negative.code());
    assertEquals(1, negative.err().strip().lines().count(), negative.err());
    CliRun malformed = CliRun.of("--max-time", "soon", server.url("/p/0"));
    assertEquals(ExitCodes.USAGE, malformed.code());
    assertTrue(malformed.err().contains("--max-time"), malformed.err());
  }
}
