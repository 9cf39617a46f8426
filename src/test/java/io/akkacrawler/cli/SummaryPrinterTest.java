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
  void everyStatusIsListedTheRareOnesToo() {
    var statuses = new java.util.TreeMap<Integer, Long>();
    for (int status : new int[] {200, 201, 202, 203, 206, 226, 299, 400, 401, 403, 410, 599}) {
      statuses.put(status, status == 200 ? 1_160L : 1L);
    }
    String line = SummaryPrinter.counts(statuses);
    assertEquals(12, line.split(" {2}").length, line);
    org.junit.jupiter.api.Assertions.assertTrue(line.startsWith("200 x1,160  201 x1"), line);
    org.junit.jupiter.api.Assertions.assertTrue(line.endsWith("410 x1  599 x1"), line);
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
