package io.akkacrawler.cli;

import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Prints a progress line to stderr at most once per interval. */
final class ProgressPrinter implements CrawlListener {
  private final PrintStream err;
  private final long intervalMs;
  private long lastPrintedAt = Long.MIN_VALUE;

  ProgressPrinter(PrintStream err, Duration interval) {
    this.err = err;
    this.intervalMs = interval.toMillis();
  }

  @Override
  public void onProgress(CrawlProgress p) {
    if (lastPrintedAt != Long.MIN_VALUE && p.elapsedMs() - lastPrintedAt < intervalMs - 100) {
      return;
    }
    lastPrintedAt = p.elapsedMs();
    err.println(line(p));
  }

  static String line(CrawlProgress p) {
    long s = p.elapsedMs() / 1000;
    return String.format(
        Locale.ROOT,
        "[%02d:%02d] %,d done (%,d fetched, %,d skipped, %,d failed) | %,d queued | %,d in flight"
            + " | hosts %,d active, %,d paused, %,d known | %.1f pages/s | %s | %,d retries",
        s / 60,
        s % 60,
        p.records(),
        p.fetched(),
        p.skipped(),
        p.failed(),
        p.queued(),
        p.inFlight(),
        p.activeHosts(),
        p.pausedHosts(),
        p.hosts(),
        p.pagesPerSecond(),
        SummaryPrinter.size(p.bytes()),
        p.retries());
  }
}
