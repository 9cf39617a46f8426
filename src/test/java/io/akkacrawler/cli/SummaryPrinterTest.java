package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SummaryPrinterTest {
  @Test
  void aCrawlUnderASecondShowsItsHundredths() {
    assertEquals("0.05 s", SummaryPrinter.seconds(47));
    assertEquals("0.00 s", SummaryPrinter.seconds(0));
    assertEquals("1.2 s", SummaryPrinter.seconds(1_234));
    assertEquals("3600.0 s", SummaryPrinter.seconds(3_600_000));
  }

  @Test
  void aLongCrawlOnC1AloneIsToldOfLongAndNoOtherIs() {
    assertNull(SummaryPrinter.longCrawlHint(SummaryPrinter.LONG_CRAWL - 1, true), "short");
    assertNull(SummaryPrinter.longCrawlHint(100_000, false), "already on C2");
    String hint = SummaryPrinter.longCrawlHint(SummaryPrinter.LONG_CRAWL, true);
    assertTrue(hint != null && hint.contains("--long"), hint);
  }
}
