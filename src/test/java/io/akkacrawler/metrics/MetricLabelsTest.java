package io.akkacrawler.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MetricLabelsTest {
  @ParameterizedTest(name = "status {0} is labelled {1}")
  @CsvSource({
    "200, 200",
    "404, 404",
    "429, 429",
    "503, 503",
    "299, 2xx",
    "499, 4xx",
    "599, 5xx",
    "0, none",
    "-1, none",
    "600, other",
    "1000, other"
  })
  void labelsRegisteredStatusesByCodeAndOthersByClass(int status, String label) {
    assertEquals(label, MetricLabels.status(status));
  }

  @ParameterizedTest(name = "reason {0} is labelled {1}")
  @CsvSource({
    "timeout, timeout",
    "http-503, http-503",
    "robots-unavailable, robots-unavailable",
    "'Some text, with spaces', other",
    "'http://a.test/x', other",
    "a-reason-that-is-far-too-long-to-be-one, other"
  })
  void keepsTheCrawlersReasonsAndBoundsAnythingElse(String reason, String label) {
    assertEquals(label, MetricLabels.reason(reason));
  }
}
