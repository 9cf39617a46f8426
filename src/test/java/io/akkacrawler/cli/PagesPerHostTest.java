package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.demo.LoopbackServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --max-pages-per-host}: each host of an endless site gets its budget, also on resume. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PagesPerHostTest {
  private static final int BUDGET = 60;
  private static final InetAddress A = InetAddress.getLoopbackAddress();

  @TempDir Path dir;
  private LoopbackServer a;
  private LoopbackServer b;

  /** /p/N links to /p/2N+1 and /p/2N+2 of its own host and /p/N of the other one: endless. */
  private LoopbackServer endless(InetAddress address, int responseMs) throws IOException {
    return LoopbackServer.start(
        address,
        ex -> {
          String path = ex.getRequestURI().getPath();
          if (!path.startsWith("/p/")) {
            LoopbackServer.send(ex, 404, "text/plain", new byte[0]);
            return;
          }
          // A server this slow makes the first run stop well before the budget (see below).
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(responseMs));
          long n = Long.parseLong(path.substring(3));
          LoopbackServer other = address.equals(A) ? b : a;
          LoopbackServer.html(
              ex,
              "<a href=/p/"
                  + (2 * n + 1)
                  + ">l</a><a href=/p/"
                  + (2 * n + 2)
                  + ">r</a>"
                  + "<a href="
                  + other.url("/p/" + n)
                  + ">o</a>");
        });
  }

  @BeforeEach
  void startSites() throws IOException {
    a = endless(A, 20);
    b = endless(InetAddress.getByName("127.0.0.2"), 20);
  }

  @AfterEach
  void stopSites() {
    a.close();
    b.close();
  }

  private static String run(String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(ExitCodes.OK, run.code(), run.err());
    return run.err();
  }

  @Test
  void eachHostGetsItsBudgetAcrossAStopAndAResume() throws IOException {
    Path state = dir.resolve("state");
    Path out = dir.resolve("out.jsonl");
    // One request at a time per host, 20 ms each: the first run cannot reach 2 x 60 pages in
    // its 0.5 s, so it stops with URLs of both hosts left.
    String first =
        run(
            "-q",
            "--delay",
            "0",
            "--scope",
            "any",
            "--max-pages-per-host",
            String.valueOf(BUDGET),
            "--max-time",
            "0.5",
            "--state",
            state.toString(),
            "-o",
            out.toString(),
            a.url("/p/0"));
    assertTrue(first.contains("was not crawled") || first.contains("were not crawled"), first);
    int before = CliRun.urls(out).size();
    assertTrue(before < 2 * BUDGET, "stopped before the budgets: " + before);

    String second = run("-q", "--max-time", "0", "--resume", state.toString());
    List<String> all = CliRun.urls(out);
    assertEquals(all.size(), new HashSet<>(all).size(), "no URL twice");
    long onA = all.stream().filter(u -> u.startsWith(a.url("/"))).count();
    long onB = all.stream().filter(u -> u.startsWith(b.url("/"))).count();
    assertEquals(BUDGET, onA, "host a: its budget, no more, after the resume");
    assertEquals(BUDGET, onB, "host b: its budget, no more, after the resume");
    assertTrue(second.contains("max-pages-per-host reached"), second);
  }
}
