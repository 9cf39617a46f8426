package io.akkacrawler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SummaryPrinterTest {
  @Test
  void aCrawlUnderASecondShowsItsHundredths() {
    assertEquals("0.05 s", SummaryPrinter.seconds(47));
    assertEquals("0.00 s", SummaryPrinter.seconds(0));
    assertEquals("1.2 s", SummaryPrinter.seconds(1_234));
    assertEquals("3600.0 s", SummaryPrinter.seconds(3_600_000));
  }
}
