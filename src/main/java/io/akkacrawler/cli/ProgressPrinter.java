package io.akkacrawler.cli;

import io.akkacrawler.CrawlListener;
import io.akkacrawler.CrawlProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a progress line of at most 80 columns to stderr, at most once per interval: on a terminal
 * the same line rewritten ({@link StatusLine}), else a new line each time.
 */
final class ProgressPrinter implements CrawlListener {
  static final int WIDTH = 80;

  private final PrintStream err;
  private final long intervalMs;
  private final StatusLine status;
  private long lastPrintedAt = Long.MIN_VALUE;

  ProgressPrinter(PrintStream err, Duration interval) {
    this(err, interval, null);
  }

  /** With {@code status} not null, the line is rewritten in place on it. */
  ProgressPrinter(PrintStream err, Duration interval, StatusLine status) {
    this.err = err;
    this.intervalMs = interval.toMillis();
    this.status = status;
  }

  @Override
  public void onProgress(CrawlProgress p) {
    if (lastPrintedAt != Long.MIN_VALUE && p.elapsedMs() - lastPrintedAt < intervalMs - 100) {
      return;
    }
    lastPrintedAt = p.elapsedMs();
    if (status != null) {
      // On a terminal: the same line, rewritten; no wider than the terminal, or it would wrap.
      status.show(line(p, Math.min(WIDTH, status.columns() - 1)));
    } else {
      err.println(line(p));
    }
  }

  /**
   * The line: its parts chosen in order of importance while the line fits 80 columns, then shown in
   * reading order: {@code [01:05] 5,123 done (12 failed) | 4,000 queued | 16 in flight | 1,020/s |
   * ETA 0:04}.
   */
  static String line(CrawlProgress p) {
    return line(p, WIDTH);
  }

  /** The line in at most {@code maxWidth} columns. */
  static String line(CrawlProgress p, int maxWidth) {
    // {reading position, text}, in order of importance.
    List<Object[]> parts = new ArrayList<>();
    parts.add(
        part(
            0,
            clock(p.elapsedMs())
                + String.format(Locale.ROOT, " %,d done", p.records())
                + (p.failed() > 0 ? String.format(Locale.ROOT, " (%,d failed)", p.failed()) : "")));
    parts.add(part(1, String.format(Locale.ROOT, "%,d queued", p.queued())));
    parts.add(part(3, String.format(Locale.ROOT, "%,.0f/s", p.pagesPerSecond())));
    if (p.etaMs() >= 0) {
      parts.add(part(4, "ETA " + duration(p.etaMs())));
    }
    if (p.pausedHosts() > 0) {
      String why = p.pauseReason() == null ? "" : ": " + p.pauseReason();
      parts.add(part(5, String.format(Locale.ROOT, "%,d paused%s", p.pausedHosts(), why)));
    }
    parts.add(part(2, String.format(Locale.ROOT, "%,d in flight", p.inFlight())));
    if (p.hosts() > 1) {
      parts.add(part(6, String.format(Locale.ROOT, "%,d hosts", p.hosts())));
    }
    parts.add(part(7, SummaryPrinter.size(p.bytes())));
    if (p.retries() > 0) {
      parts.add(part(8, String.format(Locale.ROOT, "%,d retries", p.retries())));
    }
    String[] shown = new String[9];
    int width = -3;
    for (Object[] part : parts) {
      String text = (String) part[1];
      if (width + 3 + text.length() <= maxWidth) {
        shown[(Integer) part[0]] = text;
        width += 3 + text.length();
      }
    }
    StringBuilder line = new StringBuilder();
    for (String text : shown) {
      if (text != null) {
        line.append(line.length() == 0 ? "" : " | ").append(text);
      }
    }
    return line.toString();
  }

  private static Object[] part(int position, String text) {
    return new Object[] {position, text};
  }

  private static String clock(long ms) {
    return "[" + duration(ms) + "]";
  }

  /** {@code 05:07}, or {@code 1:05:07} past an hour. */
  static String duration(long ms) {
    long s = ms / 1000;
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
  }
}
