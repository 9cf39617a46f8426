package io.akkacrawler.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  /** Sun, 06 Nov 1994 08:49:37 GMT, the example date of RFC 9110. */
  private static final Instant NOW = Instant.parse("1994-11-06T08:49:37Z");

  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1000", "120, 120000", "'  30 ', 30000", "007, 7000"})
  void readsDelaySecondsAsMilliseconds(String value, long expected) {
    assertEquals(expected, RetryAfter.millis(value, NOW));
  }

  @Test
  void readsHttpDateInTheFutureAsTheDelayFromNow() {
    assertEquals(90_000, RetryAfter.millis("Sun, 06 Nov 1994 08:51:07 GMT", NOW));
    assertEquals(86_400_000, RetryAfter.millis("Mon, 07 Nov 1994 08:49:37 GMT", NOW));
  }

  @Test
  void httpDateDelayDependsOnTheGivenClockNotTheSystemClock() {
    String date = "Sun, 06 Nov 1994 08:50:37 GMT";
    assertEquals(60_000, RetryAfter.millis(date, NOW));
    assertEquals(30_000, RetryAfter.millis(date, NOW.plusSeconds(30)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sat, 05 Nov 1994 08:49:37 GMT"})
  void httpDateNowOrInThePastMeansRetryImmediately(String date) {
    assertEquals(0, RetryAfter.millis(date, NOW));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t"})
  void missingValueIsUnusable(String value) {
    assertEquals(-1, RetryAfter.millis(value, NOW));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "-5", "+5", "1.5", "5s", "1e3", "06 Nov 1994", "0x10"})
  void garbageIsUnusable(String value) {
    assertEquals(-1, RetryAfter.millis(value, NOW));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9223372036854775807", // Long.MAX_VALUE seconds: overflows as milliseconds
        "9223372036854776", // the smallest number of seconds that overflows
        "99999999999999999999999999999999" // not even a long
      })
  void hugeDelaysSaturateInsteadOfOverflowing(String value) {
    assertEquals(Long.MAX_VALUE, RetryAfter.millis(value, NOW));
  }

  @Test
  void largestDelayThatFitsIsExact() {
    assertEquals(9_223_372_036_854_775_000L, RetryAfter.millis("9223372036854775", NOW));
  }

  @ParameterizedTest
  @ValueSource(strings = {"Sunday, 06-Nov-94 08:50:37 GMT", "Sun Nov  6 08:50:37 1994"})
  void readsObsoleteHttpDateFormats(String date) {
    assertEquals(60_000, RetryAfter.millis(date, NOW));
  }
}
