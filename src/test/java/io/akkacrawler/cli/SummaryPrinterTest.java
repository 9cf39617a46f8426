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

  @Test
  void countsAgreeWithTheirNouns() {
    assertEquals("1 record", SummaryPrinter.count(1, "record"));
    assertEquals("0 records", SummaryPrinter.count(0, "record"));
    assertEquals("1,234 records", SummaryPrinter.count(1_234, "record"));
    assertEquals("1 retry", SummaryPrinter.count(1, "retry", "retries"));
    assertEquals("2 retries", SummaryPrinter.count(2, "retry", "retries"));
  }
}
