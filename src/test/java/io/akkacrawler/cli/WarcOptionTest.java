package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --warc} refuses, each with one line and exit 2, before anything is written. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WarcOptionTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    err.reset();
    return Cli.run(
        args,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Cli.Signals.manual());
  }

  private void assertOneLineError(String expectedPart) {
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.startsWith("error: ") && message.contains(expectedPart), message);
    assertFalse(message.contains("\tat "), "no stack trace: " + message);
  }

  @Test
  void refusesADirectoryItCannotWriteIn() throws IOException {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertEquals(ExitCodes.USAGE, run("--warc", file.toString(), "http://127.0.0.1:9/"));
    assertOneLineError("cannot write WARC files in '" + file + "'");
    assertEquals(
        ExitCodes.USAGE, run("--warc", file.resolve("sub").toString(), "http://127.0.0.1:9/"));
    assertOneLineError("cannot write WARC files");
  }

  @Test
  void refusesABadSize() {
    assertEquals(
        ExitCodes.USAGE,
        run("--warc", dir.toString(), "--warc-max-size", "huge", "http://127.0.0.1:9/"));
    assertOneLineError("--warc-max-size");
    assertEquals(
        ExitCodes.USAGE,
        run("--warc", dir.toString(), "--warc-max-size", "10", "http://127.0.0.1:9/"));
    assertOneLineError("crawler.warc.max-size must be between 1KiB and 512GiB");
  }

  @Test
  void refusesWarcFilesInClusterModeWithoutPartsAndOnAWorker() throws IOException {
    Path warc = dir.resolve("warc");
    assertEquals(
        ExitCodes.USAGE,
        run("--warc", warc.toString(), "--cluster-port", "65000", "http://127.0.0.1:9/"));
    assertOneLineError("WARC files in cluster mode (--warc, crawler.warc.dir) need --parts");
    assertFalse(Files.exists(warc), "nothing written");
    assertEquals(
        ExitCodes.USAGE, run("worker", "--join", "127.0.0.1:9", "--set", "warc.dir=" + warc));
    assertOneLineError("do not set warc.dir on a worker");
  }

  @Test
  void aResumedCrawlKeepsItsWarcDirectory() {
    Path warc = dir.resolve("warc").toAbsolutePath();
    io.akkacrawler.state.StateDirectory.create(
            dir.resolve("s1"),
            "{\"crawler\":{\"warc\":{\"dir\":\"" + warc + "\"}}}",
            java.util.List.of("http://127.0.0.1:9/"),
            dir.resolve("o1.jsonl"))
        .close();
    assertEquals(
        ExitCodes.USAGE,
        run("--resume", dir.resolve("s1").toString(), "--warc", dir.resolve("other").toString()));
    assertOneLineError("crawler.warc.dir cannot change when resuming");
    io.akkacrawler.state.StateDirectory.create(
            dir.resolve("s2"),
            "{\"crawler\":{}}",
            java.util.List.of("http://127.0.0.1:9/"),
            dir.resolve("o2.jsonl"))
        .close();
    assertEquals(
        ExitCodes.USAGE, run("--resume", dir.resolve("s2").toString(), "--warc", warc.toString()));
    assertOneLineError("crawler.warc.dir cannot change when resuming");
  }
}
