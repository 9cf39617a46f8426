package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akkacrawler.CrawlProgress;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private static CrawlProgress progress(
      long records, long queued, long paused, String why, boolean totalKnown) {
    return new CrawlProgress(
        3_723_000,
        records,
        records - 12,
        0,
        12,
        1_234,
        queued,
        16,
        12_345,
        3,
        paused,
        9_876_543_210L,
        1_020.4,
        why,
        totalKnown);
  }

  @Test
  void fitsEightyColumnsWithHugeNumbers() {
    String line = ProgressPrinter.line(progress(12_345_678, 98_765_432, 1_234, "breaker", false));
    assertTrue(line.length() <= 80, line.length() + ": " + line);
    assertTrue(line.startsWith("[1:02:03] 12,345,678 done (12 failed) | 98,765,432 queued"), line);
  }

  @Test
  void onANarrowTerminalKeepsTheMostImportantPartsThatFit() {
    CrawlProgress p = progress(12_345, 9_876, 2, "throttled", false);
    String narrow = ProgressPrinter.line(p, 49);
    assertTrue(narrow.length() <= 49, narrow.length() + ": " + narrow);
    assertTrue(narrow.startsWith("[1:02:03] 12,345 done (12 failed) | 9,876 queued"), narrow);
    assertTrue(ProgressPrinter.line(p).length() > narrow.length(), "80 columns show more");
  }

  @Test
  void showsAnEstimateOnlyWhenTheTotalIsKnown() {
    assertTrue(
        ProgressPrinter.line(progress(500, 2_024, 0, null, true)).contains("/s | ETA 00:01"));
    assertFalse(ProgressPrinter.line(progress(500, 2_024, 0, null, false)).contains("ETA"));
  }

  @Test
  void saysWhyHostsArePaused() {
    String line = ProgressPrinter.line(progress(5, 7, 1, "unreachable", false));
    assertTrue(line.contains("| 1 paused: unreachable"), line);
  }

  @Test
  void formatsDurations() {
    assertEquals("00:59", ProgressPrinter.duration(59_999));
    assertEquals("1:00:00", ProgressPrinter.duration(3_600_000));
  }
}
